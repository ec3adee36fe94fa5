package io.xtcp.daemon.snapshot;

import io.xtcp.core.netlink.TcpState;
import io.xtcp.core.record.DecodedRecord;
import io.xtcp.core.record.ProtoRecordWriter;
import io.xtcp.core.record.RecordFields;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Collects one poll's records into a {@link PollSnapshot}: counts every record by state,
 * namespace and congestion algorithm, and keeps the first {@code max} (wire bytes and keys, in
 * {@link SnapshotColumns}). Records come three ways: keyed by the poll path from the netlink
 * message it just encoded ({@link #addKeyed}), as wire bytes whose keys are read back
 * ({@link #addRecord}, {@link #addEnvelope}), or as decoded values ({@link #add}). Not
 * thread-safe: one poll thread fills it, and {@link #addAll} merges the workers' builders.
 */
public final class SnapshotBuilder {
    private int max;
    private final RecordKeys keys = new RecordKeys();
    private final RecordNames names = new RecordNames();
    private final ProtoRecordWriter writer = new ProtoRecordWriter();
    private final long[] scratch = new long[1];
    private final SnapshotColumns columns = new SnapshotColumns();
    private final long[] stateCounts = new long[16];
    private long total;
    private boolean recorded = true;
    /** Set by {@link #build}: the snapshot owns the columns now, so no record may be added. */
    private boolean built;

    SnapshotBuilder(int max) {
        if (max < 0) {
            throw new IllegalArgumentException("max records must not be negative");
        }
        this.max = max;
    }

    /**
     * Empties the builder for reuse, keeping its arrays, with a new limit on kept records. Only
     * for a builder that was never {@link #build built} (a snapshot owns the arrays it took).
     */
    public SnapshotBuilder reset(int maxRecords) {
        clearRecords(maxRecords);
        names.clear();
        return this;
    }

    /**
     * Empties the records and counts, as {@link #reset}, but keeps the namespace and congestion
     * names met so far and the namespace set for {@link #addKeyed}: for handing one namespace
     * over in parts without looking its names up again.
     */
    public SnapshotBuilder clearRecords(int maxRecords) {
        open();
        max = Math.max(0, maxRecords);
        total = 0;
        columns.clear();
        Arrays.fill(stateCounts, 0);
        names.clearCounts();
        return this;
    }

    /**
     * Takes the arrays of a snapshot whose last reference was released, so that this builder
     * fills them instead of allocating its own; {@link #expect} grows them if they are short.
     */
    public SnapshotBuilder reuse(PollSnapshot spent) {
        open();
        if (columns.size > 0 || columns.arenaUsed > 0) {
            throw new IllegalStateException("reuse() is for an empty builder");
        }
        columns.takeArrays(spent.columns());
        return this;
    }

    /** Bytes of record arrays this builder holds (their capacity, used or not). */
    public long capacityBytes() {
        return columns.capacityBytes();
    }

    /**
     * Makes this a poll that counts but keeps no records ({@link PollSnapshot#recorded} false),
     * whatever its limit.
     */
    public SnapshotBuilder countOnly() {
        open();
        recorded = false;
        max = 0;
        return this;
    }

    /** Sizes the arrays for {@code records} records of {@code arenaBytes} in all (the last poll's figures). */
    public SnapshotBuilder expect(int records, int arenaBytes) {
        columns.expect(Math.min(max, records), arenaBytes);
        return this;
    }

    /** Records kept so far and the bytes they take: the sizes to {@link #expect} next time. */
    public int keptRecords() {
        return columns.size;
    }

    public int keptBytes() {
        return columns.arenaUsed;
    }

    /** Adds one record as decoded values. */
    public SnapshotBuilder add(DecodedRecord r) {
        writer.reset();
        for (int i = 0; i < r.size(); i++) {
            int f = r.fieldAt(i);
            if (!RecordFields.exists(f)) {
                continue;
            }
            RecordFields.Kind k = RecordFields.kind(f);
            if (k == RecordFields.Kind.NUMBER || k == RecordFields.Kind.ENUM) {
                writer.number(f, r.number(f));
            } else {
                byte[] v = r.bytesOf(f);
                writer.bytes(f, v, 0, v.length);
            }
        }
        return addRecord(writer.array(), 0, writer.length());
    }

    /** Adds one record given as XtcpFlatRecord wire bytes; they are copied. Malformed bytes are skipped. */
    public SnapshotBuilder addRecord(byte[] wire, int off, int len) {
        keys.clear();
        if (!WireRecords.read(wire, off, len, keys, scratch)) {
            return this;
        }
        int ns = names.netnsIndex(wire, keys.netnsOffset, keys.netnsLength);
        int cc = names.congestionIndex(wire, keys.congestionOffset, keys.congestionLength, keys.congestionEnum);
        return add(wire, off, len, ns, (int) Math.min(keys.state, 15), (int) keys.srcPort, (int) keys.dstPort, keys.rtt,
                keys.retransmits(), keys.bytes(), keys.cwnd, cc);
    }

    /** Sets the namespace of the records {@link #addKeyed} adds next. */
    public SnapshotBuilder namespace(String name) {
        names.namespace(name);
        return this;
    }

    /**
     * Adds one record whose keys the caller read from the netlink message it encoded (the poll
     * path), so the wire bytes are not parsed back: they are only copied, and only when kept.
     * The namespace is the one last set with {@link #namespace}; {@code cc} holds the congestion
     * control name at {@code [ccOffset, ccOffset + ccLength)} (length 0: none).
     */
    public SnapshotBuilder addKeyed(byte[] wire, int off, int len, int st, int sport, int dport, long rttMicros, long retransmits,
            long byteCount, long congestionWindow, byte[] cc, int ccOffset, int ccLength) {
        if (names.lastNamespace() < 0) {
            names.namespace("");
        }
        int c = ccLength == 0 ? -1 : names.congestionIndex(cc, ccOffset, ccLength, 0);
        return add(wire, off, len, names.lastNamespace(), Math.min(st, 15), sport, dport, rttMicros, retransmits, byteCount,
                congestionWindow, c);
    }

    /** Adds the counts and kept records of another builder (another poll worker's), up to the limit. */
    public SnapshotBuilder addAll(SnapshotBuilder other) {
        open();
        total += other.total;
        for (int s = 0; s < stateCounts.length; s++) {
            stateCounts[s] += other.stateCounts[s];
        }
        NameCounts otherNetns = other.names.netns;
        int[] nsMap = new int[otherNetns.size()];
        for (int i = 0; i < nsMap.length; i++) {
            nsMap[i] = names.netns.indexOf(otherNetns.name(i));
            names.netns.add(nsMap[i], otherNetns.count(i));
        }
        NameCounts otherCongestion = other.names.congestion;
        for (int i = 0; i < otherCongestion.size(); i++) {
            names.congestion.add(names.congestion.indexOf(otherCongestion.name(i)), otherCongestion.count(i));
        }
        SnapshotColumns from = other.columns;
        for (int i = 0; i < from.size && columns.size < max; i++) {
            columns.keep(max, from, i, nsMap[from.netns[i]]);
        }
        names.forgetNamespace();
        return this;
    }

    private SnapshotBuilder add(byte[] wire, int off, int len, int ns, int st, int sport, int dport, long rttMicros,
            long retransmits, long byteCount, long congestionWindow, int cc) {
        open();
        total++;
        stateCounts[st]++;
        names.netns.add(ns, 1);
        if (cc >= 0) {
            names.congestion.add(cc, 1);
        }
        if (columns.size < max) {
            columns.keep(max, wire, off, len, ns, st, sport, dport, rttMicros, retransmits, byteCount, congestionWindow);
        }
        return this;
    }

    /** Adds every row of an envelope body (Envelope.row = 10); the buffer's position is not moved. */
    public SnapshotBuilder addEnvelope(ByteBuffer body) {
        WireRecords.rows(body, this::addRecord);
        return this;
    }

    public long total() {
        return total;
    }

    /** The snapshot of poll number {@code seq} that ended at {@code timeMillis}. */
    public PollSnapshot build(long seq, long timeMillis) {
        return build(seq, timeMillis, null);
    }

    /**
     * As {@link #build(long, long)}, reference-counted: the snapshot starts with one reference
     * (the publisher's) and is handed to {@code recycler} when the last one is released.
     */
    public PollSnapshot build(long seq, long timeMillis, Consumer<PollSnapshot> recycler) {
        open();
        built = true;
        Map<String, Long> byState = new LinkedHashMap<>();
        for (int s = 0; s < stateCounts.length; s++) {
            if (stateCounts[s] > 0) {
                byState.put(TcpState.name(s).toLowerCase(Locale.ROOT), stateCounts[s]);
            }
        }
        return new PollSnapshot(seq, timeMillis, total, recorded, columns, names.netns.toArray(),
                Collections.unmodifiableMap(byState), Collections.unmodifiableMap(names.netns.toMap()),
                Collections.unmodifiableMap(names.congestion.toMap()), recycler);
    }

    private void open() {
        if (built) {
            throw new IllegalStateException("this builder was built: its snapshot owns the arrays");
        }
    }
}
