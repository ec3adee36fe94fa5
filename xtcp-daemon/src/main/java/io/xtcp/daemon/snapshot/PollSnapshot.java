package io.xtcp.daemon.snapshot;

import io.xtcp.core.record.DecodedRecord;
import io.xtcp.daemon.http.SocketFilter;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The records of one poll, kept for {@code /api/sockets}, {@code /api/summary} and {@code /stream}:
 * at most {@code maxRecords} records (their protobuf wire bytes plus the keys used to filter and
 * sort), and counts per state, namespace and congestion algorithm over every record of the poll.
 * Immutable once built; readers on any thread.
 *
 * <p>This is the read side. A {@link SnapshotBuilder} fills it, {@link SnapshotColumns} holds its
 * kept records, {@link SnapshotQuery} filters, sorts and renders them, and a
 * {@link ReferenceCount} decides when its arrays may be recycled.
 *
 * <p>A snapshot built with a recycler is reference-counted so that its arrays can fill the poll
 * after next instead of being allocated afresh (a few MiB per poll, which would otherwise go
 * straight to the old generation): the feed holds one reference while the snapshot is the latest,
 * and a reader of the records ({@link #select}, {@link #matches}, {@link #appendJson} and the
 * per-record getters) takes its own with {@link PollFeed#acquire} or {@link #retain} and gives it
 * back with {@link #release}. When the last reference goes, the recycler gets the snapshot and
 * its records must not be read again. The counts, sizes and maps stay valid for anyone holding
 * the object. Snapshots without a recycler (the empty one, tests) ignore the counting.
 */
public final class PollSnapshot {
    /** Default number of records kept. */
    public static final int DEFAULT_MAX_RECORDS = 10_000;

    /** Sort orders of /api/sockets: largest first. */
    public enum Sort {
        RTT, RETRANS, BYTES, CWND;

        public static Sort parse(String s) {
            for (Sort o : values()) {
                if (o.name().equalsIgnoreCase(s)) {
                    return o;
                }
            }
            throw new IllegalArgumentException("sort must be rtt, retrans, bytes or cwnd, got '" + s + "'");
        }
    }

    private static final PollSnapshot EMPTY = new SnapshotBuilder(0).build(0, 0);

    private final long seq;
    private final long timeMillis;
    private final long total;
    private final int size;
    private final boolean recorded;
    private final SnapshotColumns columns;
    private final String[] netnsNames;
    private final Map<String, Long> byState;
    private final Map<String, Long> byNetns;
    private final Map<String, Long> byCongestion;
    private final Consumer<PollSnapshot> recycler;
    private final ReferenceCount refs = new ReferenceCount(this);

    /** Takes over the builder's columns (the builder is spent): a poll's snapshot is not copied again. */
    PollSnapshot(long seq, long timeMillis, long total, boolean recorded, SnapshotColumns columns, String[] netnsNames,
            Map<String, Long> byState, Map<String, Long> byNetns, Map<String, Long> byCongestion, Consumer<PollSnapshot> recycler) {
        this.recycler = recycler;
        this.seq = seq;
        this.timeMillis = timeMillis;
        this.total = total;
        this.size = columns.size;
        this.recorded = recorded;
        this.columns = columns;
        this.netnsNames = netnsNames;
        this.byState = byState;
        this.byNetns = byNetns;
        this.byCongestion = byCongestion;
    }

    /** A snapshot of no poll (before the first). */
    public static PollSnapshot empty() {
        return EMPTY;
    }

    public static SnapshotBuilder builder(int maxRecords) {
        return new SnapshotBuilder(maxRecords);
    }

    /**
     * Takes a reference to the records. False once the last reference was released (the arrays
     * may be filling another poll by now): the caller reads the feed again.
     */
    public boolean retain() {
        return recycler == null || refs.retain();
    }

    /** Gives back a reference taken by {@link #retain}, {@link PollFeed#acquire} or at build. */
    public void release() {
        if (recycler != null && refs.release()) {
            recycler.accept(this);
        }
    }

    SnapshotColumns columns() {
        return columns;
    }

    /**
     * Whether the poll kept records (up to its limit). False for a poll that only counted,
     * because nobody had asked for records lately: its counts are complete, its records are none.
     */
    public boolean recorded() {
        return recorded;
    }

    /** Bytes of record arrays this snapshot holds (their capacity, used or not). */
    public long retainedBytes() {
        return columns.capacityBytes();
    }

    /** The poll's number, counting from 1; 0 for {@link #empty()}. */
    public long seq() {
        return seq;
    }

    public long timeMillis() {
        return timeMillis;
    }

    /** Records the poll produced. */
    public long total() {
        return total;
    }

    /** Records kept (at most the builder's limit). */
    public int size() {
        return size;
    }

    /** Whether the poll was recorded and had more records than it kept. */
    public boolean truncated() {
        return recorded && total > size;
    }

    public String netns(int i) {
        return netnsNames[columns.netns[i]];
    }

    public int state(int i) {
        return columns.state[i] & 0xFF;
    }

    public int srcPort(int i) {
        return columns.srcPort[i];
    }

    public int dstPort(int i) {
        return columns.dstPort[i];
    }

    /** Smoothed RTT in microseconds. */
    public long rtt(int i) {
        return columns.rtt[i];
    }

    public long retrans(int i) {
        return columns.retrans[i];
    }

    /** bytes_acked + bytes_received. */
    public long bytes(int i) {
        return columns.bytes[i];
    }

    public long cwnd(int i) {
        return columns.cwnd[i];
    }

    /** Counts by lower-case TCP state name over every record of the poll. */
    public Map<String, Long> byState() {
        return byState;
    }

    public Map<String, Long> byNetns() {
        return byNetns;
    }

    public Map<String, Long> byCongestion() {
        return byCongestion;
    }

    public boolean matches(int i, SocketFilter f) {
        return SnapshotQuery.matches(this, i, f);
    }

    /** Indexes of kept records matching {@code filter}, ordered by {@code sort} (null: poll order), at most {@code limit}. */
    public int[] select(SocketFilter filter, Sort sort, int limit) {
        return SnapshotQuery.select(this, filter, sort, limit);
    }

    /** Appends record {@code i} as one JSON object (schema JSON names; zero values left out, as on the wire). */
    public void appendJson(int i, DecodedRecord scratch, StringBuilder out) {
        SnapshotQuery.appendJson(this, i, scratch, out);
    }

    @Override
    public String toString() {
        return "poll snapshot " + seq;
    }
}
