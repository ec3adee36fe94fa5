package io.xtcp.daemon.snapshot;

import java.util.Arrays;

/**
 * The records one poll keeps, column by column: their protobuf wire bytes back to back in one
 * arena (with each record's offset and length), and beside them the keys that {@code /api/sockets}
 * filters and sorts on (namespace index, state, ports, RTT, retransmits, bytes, cwnd). Parallel
 * primitive arrays rather than an object per record, so that ten thousand kept records are a dozen
 * arrays the next poll can fill again.
 *
 * <p>A builder fills it; the snapshot built from it takes the object over and only reads it.
 */
final class SnapshotColumns {
    /** Bytes per record of the key columns (offset, length, netns, state, two ports, four longs). */
    private static final int KEY_BYTES = 4 + 4 + 4 + 1 + 4 + 4 + 8 + 8 + 8 + 8;

    byte[] arena = new byte[0];
    int arenaUsed;
    int size;
    int[] offset = new int[0];
    int[] length = new int[0];
    int[] netns = new int[0];
    byte[] state = new byte[0];
    int[] srcPort = new int[0];
    int[] dstPort = new int[0];
    long[] rtt = new long[0];
    long[] retrans = new long[0];
    long[] bytes = new long[0];
    long[] cwnd = new long[0];

    /** Bytes of an arena of {@code arenaLength} and key arrays for {@code records} records. */
    static long arrayBytes(int arenaLength, int records) {
        return arenaLength + (long) records * KEY_BYTES;
    }

    /** Bytes these arrays take (their capacity, used or not). */
    long capacityBytes() {
        return arrayBytes(arena.length, offset.length);
    }

    /** Forgets the records, keeping the arrays. */
    void clear() {
        size = 0;
        arenaUsed = 0;
    }

    /** Takes the arrays of a spent snapshot's columns, to fill them instead of allocating. */
    void takeArrays(SnapshotColumns spent) {
        arena = spent.arena;
        offset = spent.offset;
        length = spent.length;
        netns = spent.netns;
        state = spent.state;
        srcPort = spent.srcPort;
        dstPort = spent.dstPort;
        rtt = spent.rtt;
        retrans = spent.retrans;
        bytes = spent.bytes;
        cwnd = spent.cwnd;
    }

    /** Sizes the arrays for {@code records} records of {@code arenaBytes} in all. */
    void expect(int records, int arenaBytes) {
        if (records > offset.length) {
            resize(records);
        }
        if (arenaBytes > arena.length) {
            arena = Arrays.copyOf(arena, arenaBytes);
        }
    }

    /** Copies one record's wire bytes into the arena and sets its keys; grows up to {@code max} records. */
    void keep(int max, byte[] wire, int off, int len, int ns, int st, int sport, int dport, long rttMicros, long retransmits,
            long byteCount, long congestionWindow) {
        grow(max, len);
        System.arraycopy(wire, off, arena, arenaUsed, len);
        offset[size] = arenaUsed;
        length[size] = len;
        arenaUsed += len;
        netns[size] = ns;
        state[size] = (byte) st;
        srcPort[size] = sport;
        dstPort[size] = dport;
        rtt[size] = rttMicros;
        retrans[size] = retransmits;
        bytes[size] = byteCount;
        cwnd[size] = congestionWindow;
        size++;
    }

    /** Copies record {@code i} of {@code from}, with its namespace index mapped to {@code ns}. */
    void keep(int max, SnapshotColumns from, int i, int ns) {
        keep(max, from.arena, from.offset[i], from.length[i], ns, from.state[i], from.srcPort[i], from.dstPort[i], from.rtt[i],
                from.retrans[i], from.bytes[i], from.cwnd[i]);
    }

    private void grow(int max, int len) {
        if (arenaUsed + len > arena.length) {
            arena = Arrays.copyOf(arena, Math.max(arena.length * 2, Math.max(arenaUsed + len, 4096)));
        }
        if (size == offset.length) {
            resize(Math.min(max, Math.max(16, size * 2)));
        }
    }

    private void resize(int n) {
        offset = Arrays.copyOf(offset, n);
        length = Arrays.copyOf(length, n);
        netns = Arrays.copyOf(netns, n);
        state = Arrays.copyOf(state, n);
        srcPort = Arrays.copyOf(srcPort, n);
        dstPort = Arrays.copyOf(dstPort, n);
        rtt = Arrays.copyOf(rtt, n);
        retrans = Arrays.copyOf(retrans, n);
        bytes = Arrays.copyOf(bytes, n);
        cwnd = Arrays.copyOf(cwnd, n);
    }
}
