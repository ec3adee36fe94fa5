package io.xtcp.daemon.snapshot;

import io.xtcp.core.record.DecodedRecord;
import io.xtcp.daemon.http.SocketFilter;
import io.xtcp.dest.format.JsonLinesFormat;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What {@code /api/sockets} and {@code /stream} ask of a snapshot's kept records: which match a
 * filter, in which order, and each one as a JSON object. Reads the columns only; the caller holds
 * a reference to the snapshot while it asks.
 */
final class SnapshotQuery {
    private static final JsonLinesFormat JSON = new JsonLinesFormat();

    private SnapshotQuery() {}

    static boolean matches(PollSnapshot snap, int i, SocketFilter f) {
        SnapshotColumns c = snap.columns();
        return f.matches(snap.netns(i), snap.state(i), c.srcPort[i], c.dstPort[i]);
    }

    /** Indexes of kept records matching {@code filter}, ordered by {@code sort} (null: poll order), at most {@code limit}. */
    static int[] select(PollSnapshot snap, SocketFilter filter, PollSnapshot.Sort sort, int limit) {
        List<Integer> hits = new ArrayList<>();
        for (int i = 0; i < snap.size(); i++) {
            if (matches(snap, i, filter)) {
                hits.add(i);
                if (sort == null && hits.size() >= limit) {
                    break;
                }
            }
        }
        if (sort != null) {
            long[] key = column(snap.columns(), sort);
            hits.sort(Comparator.<Integer>comparingLong(i -> key[i]).reversed().thenComparingInt(i -> i));
        }
        int n = Math.min(limit, hits.size());
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = hits.get(i);
        }
        return out;
    }

    private static long[] column(SnapshotColumns c, PollSnapshot.Sort sort) {
        return sort == PollSnapshot.Sort.RTT ? c.rtt : sort == PollSnapshot.Sort.RETRANS ? c.retrans
                : sort == PollSnapshot.Sort.BYTES ? c.bytes : c.cwnd;
    }

    /** Appends record {@code i} as one JSON object (schema JSON names; zero values left out, as on the wire). */
    static void appendJson(PollSnapshot snap, int i, DecodedRecord scratch, StringBuilder out) {
        SnapshotColumns c = snap.columns();
        scratch.reset();
        WireRecords.read(c.arena, c.offset[i], c.length[i], scratch);
        int start = out.length();
        JSON.append(scratch, out);
        if (out.length() > start && out.charAt(out.length() - 1) == '\n') {
            out.setLength(out.length() - 1);
        }
    }
}
