package io.xtcp.daemon.snapshot;

import io.xtcp.core.netlink.TcpState;
import io.xtcp.core.record.DecodedRecord;
import io.xtcp.core.record.FieldSink;
import io.xtcp.core.record.ProtoRecordWriter;
import io.xtcp.core.record.RecordFields;
import io.xtcp.daemon.http.SocketFilter;
import io.xtcp.dest.format.JsonLinesFormat;
import io.xtcp.schema.v1.CongestionAlgorithm;
import io.xtcp.schema.v1.XtcpFlatRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The records of one poll, kept for {@code /api/sockets}, {@code /api/summary} and {@code /stream}:
 * at most {@code maxRecords} records (their protobuf wire bytes plus the keys used to filter and
 * sort), and counts per state, namespace and congestion algorithm over every record of the poll.
 * Immutable once built; readers on any thread.
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

    private static final PollSnapshot EMPTY = new Builder(0).build(0, 0);

    /**
     * Takes a reference to the records. False once the last reference was released (the arrays
     * may be filling another poll by now): the caller reads the feed again.
     */
    public boolean retain() {
        if (recycler == null) {
            return true;
        }
        for (int r = refs.get(); r > 0; r = refs.get()) {
            if (refs.compareAndSet(r, r + 1)) {
                return true;
            }
        }
        return false;
    }

    /** Gives back a reference taken by {@link #retain}, {@link PollFeed#acquire} or at build. */
    public void release() {
        if (recycler == null) {
            return;
        }
        int r = refs.decrementAndGet();
        if (r == 0) {
            recycler.accept(this);
        } else if (r < 0) {
            throw new IllegalStateException("poll snapshot " + seq + " released more often than retained");
        }
    }

    private final long seq;
    private final long timeMillis;
    private final long total;
    private final int size;
    private final boolean recorded;
    private final byte[] arena;
    private final int[] offset;
    private final int[] length;
    private final int[] netns;
    private final String[] netnsNames;
    private final byte[] state;
    private final int[] srcPort;
    private final int[] dstPort;
    private final long[] rtt;
    private final long[] retrans;
    private final long[] bytes;
    private final long[] cwnd;
    private final Map<String, Long> byState;
    private final Map<String, Long> byNetns;
    private final Map<String, Long> byCongestion;
    private final Consumer<PollSnapshot> recycler;
    private final AtomicInteger refs = new AtomicInteger(1);

    /** Takes over the builder's arrays (the builder is spent): a poll's snapshot is not copied again. */
    private PollSnapshot(Builder b, long seq, long timeMillis, Consumer<PollSnapshot> recycler) {
        this.recycler = recycler;
        this.seq = seq;
        this.timeMillis = timeMillis;
        this.total = b.total;
        this.size = b.size;
        this.recorded = b.recorded;
        this.arena = b.arena;
        this.offset = b.offset;
        this.length = b.length;
        this.netns = b.netns;
        this.netnsNames = b.netnsNames.toArray(new String[0]);
        this.state = b.state;
        this.srcPort = b.srcPort;
        this.dstPort = b.dstPort;
        this.rtt = b.rtt;
        this.retrans = b.retrans;
        this.bytes = b.bytes;
        this.cwnd = b.cwnd;
        Map<String, Long> st = new LinkedHashMap<>();
        for (int s = 0; s < b.stateCounts.length; s++) {
            if (b.stateCounts[s] > 0) {
                st.put(TcpState.name(s).toLowerCase(Locale.ROOT), b.stateCounts[s]);
            }
        }
        this.byState = Collections.unmodifiableMap(st);
        this.byNetns = Collections.unmodifiableMap(counts(b.netnsNames, b.netnsCounts));
        this.byCongestion = Collections.unmodifiableMap(counts(b.congestionNames, b.congestionCounts));
    }

    private static Map<String, Long> counts(List<String> names, long[] counts) {
        Map<String, Long> m = new TreeMap<>();
        for (int i = 0; i < names.size(); i++) {
            if (counts[i] > 0) {
                m.merge(names.get(i), counts[i], Long::sum);
            }
        }
        return m;
    }

    /** A snapshot of no poll (before the first). */
    public static PollSnapshot empty() {
        return EMPTY;
    }

    public static Builder builder(int maxRecords) {
        return new Builder(maxRecords);
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
        return arrayBytes(arena.length, offset.length);
    }

    /** Bytes of an arena of {@code arenaLength} and key arrays for {@code records} records. */
    private static long arrayBytes(int arenaLength, int records) {
        return arenaLength + (long) records * (4 + 4 + 4 + 1 + 4 + 4 + 8 + 8 + 8 + 8);
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
        return netnsNames[netns[i]];
    }

    public int state(int i) {
        return state[i] & 0xFF;
    }

    public int srcPort(int i) {
        return srcPort[i];
    }

    public int dstPort(int i) {
        return dstPort[i];
    }

    /** Smoothed RTT in microseconds. */
    public long rtt(int i) {
        return rtt[i];
    }

    public long retrans(int i) {
        return retrans[i];
    }

    /** bytes_acked + bytes_received. */
    public long bytes(int i) {
        return bytes[i];
    }

    public long cwnd(int i) {
        return cwnd[i];
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
        return f.matches(netns(i), state(i), srcPort[i], dstPort[i]);
    }

    /** Indexes of kept records matching {@code filter}, ordered by {@code sort} (null: poll order), at most {@code limit}. */
    public int[] select(SocketFilter filter, Sort sort, int limit) {
        List<Integer> hits = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            if (matches(i, filter)) {
                hits.add(i);
                if (sort == null && hits.size() >= limit) {
                    break;
                }
            }
        }
        if (sort != null) {
            long[] key = sort == Sort.RTT ? rtt : sort == Sort.RETRANS ? retrans : sort == Sort.BYTES ? bytes : cwnd;
            hits.sort(Comparator.<Integer>comparingLong(i -> key[i]).reversed().thenComparingInt(i -> i));
        }
        int n = Math.min(limit, hits.size());
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = hits.get(i);
        }
        return out;
    }

    /** Appends record {@code i} as one JSON object (schema JSON names; zero values left out, as on the wire). */
    public void appendJson(int i, DecodedRecord scratch, StringBuilder out) {
        scratch.reset();
        WireRecords.read(arena, offset[i], length[i], scratch);
        int start = out.length();
        JSON.append(scratch, out);
        if (out.length() > start && out.charAt(out.length() - 1) == '\n') {
            out.setLength(out.length() - 1);
        }
    }

    private static final JsonLinesFormat JSON = new JsonLinesFormat();

    /** Collects one poll's records; not thread-safe (one poll thread fills it). */
    public static final class Builder {
        private int max;
        private final Keys keys = new Keys();
        private final ProtoRecordWriter writer = new ProtoRecordWriter();
        private byte[] arena = new byte[0];
        private int arenaUsed;
        private int[] offset = new int[0];
        private int[] length = new int[0];
        private int[] netns = new int[0];
        private byte[] state = new byte[0];
        private int[] srcPort = new int[0];
        private int[] dstPort = new int[0];
        private long[] rtt = new long[0];
        private long[] retrans = new long[0];
        private long[] bytes = new long[0];
        private long[] cwnd = new long[0];
        private final long[] scratch = new long[1];
        private final List<String> netnsNames = new ArrayList<>();
        private final Map<String, Integer> netnsIndex = new LinkedHashMap<>();
        private long[] netnsCounts = new long[4];
        private final List<String> congestionNames = new ArrayList<>();
        private long[] congestionCounts = new long[4];
        private final long[] stateCounts = new long[16];
        private long total;
        private int size;
        private boolean recorded = true;
        /** Set by {@link #build}: the snapshot owns the arrays now, so no record may be added. */
        private boolean built;
        /** The last record's namespace and congestion name bytes and their indexes: runs of records share them. */
        private byte[] lastNetnsBytes = new byte[0];
        private int lastNetns = -1;
        private byte[] lastCongestionBytes = new byte[0];
        private long lastCongestionEnum = -1;
        private int lastCongestion = -1;

        Builder(int max) {
            if (max < 0) {
                throw new IllegalArgumentException("max records must not be negative");
            }
            this.max = max;
        }

        /**
         * Empties the builder for reuse, keeping its arrays, with a new limit on kept records. Only
         * for a builder that was never {@link #build built} (a snapshot owns the arrays it took).
         */
        public Builder reset(int maxRecords) {
            clearRecords(maxRecords);
            netnsNames.clear();
            netnsIndex.clear();
            congestionNames.clear();
            lastNetns = -1;
            lastCongestion = -1;
            lastCongestionEnum = -1;
            return this;
        }

        /**
         * Empties the records and counts, as {@link #reset}, but keeps the namespace and congestion
         * names met so far and the namespace set for {@link #addKeyed}: for handing one namespace
         * over in parts without looking its names up again.
         */
        public Builder clearRecords(int maxRecords) {
            open();
            max = Math.max(0, maxRecords);
            total = 0;
            size = 0;
            arenaUsed = 0;
            Arrays.fill(stateCounts, 0);
            Arrays.fill(netnsCounts, 0);
            Arrays.fill(congestionCounts, 0);
            return this;
        }

        /**
         * Takes the arrays of a snapshot whose last reference was released, so that this builder
         * fills them instead of allocating its own; {@link #expect} grows them if they are short.
         */
        public Builder reuse(PollSnapshot spent) {
            open();
            if (size > 0 || arenaUsed > 0) {
                throw new IllegalStateException("reuse() is for an empty builder");
            }
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
            return this;
        }

        /** Bytes of record arrays this builder holds (their capacity, used or not). */
        public long capacityBytes() {
            return arrayBytes(arena.length, offset.length);
        }

        /**
         * Makes this a poll that counts but keeps no records ({@link PollSnapshot#recorded} false),
         * whatever its limit.
         */
        public Builder countOnly() {
            open();
            recorded = false;
            max = 0;
            return this;
        }

        /** Sizes the arrays for {@code records} records of {@code arenaBytes} in all (the last poll's figures). */
        public Builder expect(int records, int arenaBytes) {
            int n = Math.min(max, records);
            if (n > offset.length) {
                resize(n);
            }
            if (arenaBytes > arena.length) {
                arena = Arrays.copyOf(arena, arenaBytes);
            }
            return this;
        }

        /** Records kept so far and the bytes they take: the sizes to {@link #expect} next time. */
        public int keptRecords() {
            return size;
        }

        public int keptBytes() {
            return arenaUsed;
        }

        /** Adds one record as decoded values. */
        public Builder add(DecodedRecord r) {
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
        public Builder addRecord(byte[] wire, int off, int len) {
            keys.clear();
            if (!WireRecords.read(wire, off, len, keys, scratch)) {
                return this;
            }
            int ns = netnsIndex(wire, keys.netnsOffset, keys.netnsLength);
            int cc = congestionIndex(wire, keys.congestionOffset, keys.congestionLength, keys.congestionEnum);
            return add(wire, off, len, ns, (int) Math.min(keys.state, 15), (int) keys.srcPort, (int) keys.dstPort, keys.rtt,
                    keys.totalRetrans != 0 ? keys.totalRetrans : keys.retrans, keys.bytesAcked + keys.bytesReceived, keys.cwnd, cc);
        }

        /** Sets the namespace of the records {@link #addKeyed} adds next. */
        public Builder namespace(String name) {
            lastNetns = indexOfNetns(name);
            lastNetnsBytes = name.getBytes(StandardCharsets.UTF_8);
            return this;
        }

        /**
         * Adds one record whose keys the caller read from the netlink message it encoded (the poll
         * path), so the wire bytes are not parsed back: they are only copied, and only when kept.
         * The namespace is the one last set with {@link #namespace}; {@code cc} holds the congestion
         * control name at {@code [ccOffset, ccOffset + ccLength)} (length 0: none).
         */
        public Builder addKeyed(byte[] wire, int off, int len, int st, int sport, int dport, long rttMicros, long retransmits,
                long byteCount, long congestionWindow, byte[] cc, int ccOffset, int ccLength) {
            if (lastNetns < 0) {
                namespace("");
            }
            int c = ccLength == 0 ? -1 : congestionIndex(cc, ccOffset, ccLength, 0);
            return add(wire, off, len, lastNetns, Math.min(st, 15), sport, dport, rttMicros, retransmits, byteCount, congestionWindow, c);
        }

        /** Adds the counts and kept records of another builder (another poll worker's), up to the limit. */
        public Builder addAll(Builder other) {
            open();
            total += other.total;
            for (int s = 0; s < stateCounts.length; s++) {
                stateCounts[s] += other.stateCounts[s];
            }
            int[] nsMap = new int[other.netnsNames.size()];
            for (int i = 0; i < nsMap.length; i++) {
                nsMap[i] = indexOfNetns(other.netnsNames.get(i));
                netnsCounts[nsMap[i]] += other.netnsCounts[i];
            }
            for (int i = 0; i < other.congestionNames.size(); i++) {
                congestionCounts[indexOfCongestion(other.congestionNames.get(i))] += other.congestionCounts[i];
            }
            for (int i = 0; i < other.size && size < max; i++) {
                keep(other.arena, other.offset[i], other.length[i], nsMap[other.netns[i]], other.state[i], other.srcPort[i],
                        other.dstPort[i], other.rtt[i], other.retrans[i], other.bytes[i], other.cwnd[i]);
            }
            lastNetns = -1;
            return this;
        }

        private Builder add(byte[] wire, int off, int len, int ns, int st, int sport, int dport, long rttMicros, long retransmits,
                long byteCount, long congestionWindow, int cc) {
            open();
            total++;
            stateCounts[st]++;
            netnsCounts[ns]++;
            if (cc >= 0) {
                congestionCounts[cc]++;
            }
            if (size < max) {
                keep(wire, off, len, ns, st, sport, dport, rttMicros, retransmits, byteCount, congestionWindow);
            }
            return this;
        }

        private void keep(byte[] wire, int off, int len, int ns, int st, int sport, int dport, long rttMicros, long retransmits,
                long byteCount, long congestionWindow) {
            grow(len);
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

        /** Adds every row of an envelope body (Envelope.row = 10); the buffer's position is not moved. */
        public Builder addEnvelope(ByteBuffer body) {
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
            return new PollSnapshot(this, seq, timeMillis, recycler);
        }

        private void open() {
            if (built) {
                throw new IllegalStateException("this builder was built: its snapshot owns the arrays");
            }
        }

        /** The index of the record's namespace name; a name string is made only when it changes. */
        private int netnsIndex(byte[] wire, int off, int len) {
            if (lastNetns >= 0 && Arrays.equals(wire, off, off + len, lastNetnsBytes, 0, lastNetnsBytes.length)) {
                return lastNetns;
            }
            lastNetnsBytes = Arrays.copyOfRange(wire, off, off + len);
            lastNetns = indexOfNetns(new String(lastNetnsBytes, StandardCharsets.UTF_8));
            return lastNetns;
        }

        private int indexOfNetns(String name) {
            Integer i = netnsIndex.get(name);
            if (i == null) {
                i = netnsNames.size();
                netnsNames.add(name);
                netnsIndex.put(name, i);
                if (i == netnsCounts.length) {
                    netnsCounts = Arrays.copyOf(netnsCounts, i * 2);
                }
            }
            return i;
        }

        /** The index of the record's congestion control name (string field, else the enum), or -1 for none. */
        private int congestionIndex(byte[] wire, int off, int len, long enumValue) {
            if (lastCongestion >= 0 && enumValue == lastCongestionEnum
                    && Arrays.equals(wire, off, off + len, lastCongestionBytes, 0, lastCongestionBytes.length)) {
                return lastCongestion;
            }
            String name = len > 0 ? new String(wire, off, len, StandardCharsets.US_ASCII) : congestionName(enumValue);
            if (name.isEmpty()) {
                return -1;
            }
            int i = indexOfCongestion(name);
            lastCongestionBytes = Arrays.copyOfRange(wire, off, off + len);
            lastCongestionEnum = enumValue;
            lastCongestion = i;
            return i;
        }

        private int indexOfCongestion(String name) {
            int i = congestionNames.indexOf(name);
            if (i < 0) {
                i = congestionNames.size();
                congestionNames.add(name);
                if (i == congestionCounts.length) {
                    congestionCounts = Arrays.copyOf(congestionCounts, i * 2);
                }
            }
            return i;
        }

        private static String congestionName(long value) {
            if (value == 0) {
                return "";
            }
            CongestionAlgorithm a = CongestionAlgorithm.forNumber((int) value);
            if (a == null) {
                return "unknown";
            }
            return a.name().replace("CONGESTION_ALGORITHM_", "").toLowerCase(Locale.ROOT);
        }

        private void grow(int len) {
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

    /** Picks the filter and sort keys out of one record's fields. */
    private static final class Keys implements FieldSink {
        int netnsOffset;
        int netnsLength;
        int congestionOffset;
        int congestionLength;
        long congestionEnum;
        long state;
        long srcPort;
        long dstPort;
        long rtt;
        long retrans;
        long totalRetrans;
        long bytesAcked;
        long bytesReceived;
        long cwnd;

        void clear() {
            netnsOffset = netnsLength = congestionOffset = congestionLength = 0;
            congestionEnum = state = srcPort = dstPort = rtt = retrans = totalRetrans = bytesAcked = bytesReceived = cwnd = 0;
        }

        @Override
        public void number(int field, long value) {
            switch (field) {
                case XtcpFlatRecord.INET_DIAG_MSG_STATE_FIELD_NUMBER:
                    state = value;
                    break;
                case XtcpFlatRecord.INET_DIAG_MSG_SOCKET_SOURCE_PORT_FIELD_NUMBER:
                    srcPort = value;
                    break;
                case XtcpFlatRecord.INET_DIAG_MSG_SOCKET_DESTINATION_PORT_FIELD_NUMBER:
                    dstPort = value;
                    break;
                case XtcpFlatRecord.INET_DIAG_MSG_RETRANS_FIELD_NUMBER:
                    retrans = value;
                    break;
                case XtcpFlatRecord.TCP_INFO_TOTAL_RETRANS_FIELD_NUMBER:
                    totalRetrans = value;
                    break;
                case XtcpFlatRecord.TCP_INFO_RTT_FIELD_NUMBER:
                    rtt = value;
                    break;
                case XtcpFlatRecord.TCP_INFO_SND_CWND_FIELD_NUMBER:
                    cwnd = value;
                    break;
                case XtcpFlatRecord.TCP_INFO_BYTES_ACKED_FIELD_NUMBER:
                    bytesAcked = value;
                    break;
                case XtcpFlatRecord.TCP_INFO_BYTES_RECEIVED_FIELD_NUMBER:
                    bytesReceived = value;
                    break;
                case XtcpFlatRecord.CONGESTION_ALGORITHM_ENUM_FIELD_NUMBER:
                    congestionEnum = value;
                    break;
                default:
                    break;
            }
        }

        @Override
        public void bytes(int field, byte[] src, int offset, int length) {
            if (field == XtcpFlatRecord.NETNS_FIELD_NUMBER) {
                netnsOffset = offset;
                netnsLength = length;
            } else if (field == XtcpFlatRecord.CONGESTION_ALGORITHM_STRING_FIELD_NUMBER) {
                congestionOffset = offset;
                congestionLength = length;
            }
        }
    }
}
