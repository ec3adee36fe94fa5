package io.xtcp.daemon.http;

import io.xtcp.core.netlink.TcpState;
import io.xtcp.core.record.DecodedRecord;
import io.xtcp.core.record.FieldSink;
import io.xtcp.core.record.ProtoRecordWriter;
import io.xtcp.core.record.RecordFields;
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

/**
 * The records of one poll, kept for {@code /api/sockets}, {@code /api/summary} and {@code /stream}:
 * at most {@code maxRecords} records (their protobuf wire bytes plus the keys used to filter and
 * sort), and counts per state, namespace and congestion algorithm over every record of the poll.
 * Immutable once built; readers on any thread.
 */
public final class PollSnapshot {
    /** Default number of records kept. */
    public static final int DEFAULT_MAX_RECORDS = 10_000;

    /** Sort orders of /api/sockets: largest first. */
    public enum Sort {
        RTT, RETRANS, BYTES, CWND;

        static Sort parse(String s) {
            for (Sort o : values()) {
                if (o.name().equalsIgnoreCase(s)) {
                    return o;
                }
            }
            throw new IllegalArgumentException("sort must be rtt, retrans, bytes or cwnd, got '" + s + "'");
        }
    }

    private static final PollSnapshot EMPTY = new Builder(0).build(0, 0);

    private final long seq;
    private final long timeMillis;
    private final long total;
    private final int size;
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

    private PollSnapshot(Builder b, long seq, long timeMillis) {
        this.seq = seq;
        this.timeMillis = timeMillis;
        this.total = b.total;
        this.size = b.size;
        // The spent builder's arrays are taken as they are when they are full, trimmed otherwise.
        this.arena = b.arena.length - b.arenaUsed <= b.arena.length / 4 ? b.arena : Arrays.copyOf(b.arena, b.arenaUsed);
        boolean full = b.offset.length == size;
        this.offset = full ? b.offset : Arrays.copyOf(b.offset, size);
        this.length = full ? b.length : Arrays.copyOf(b.length, size);
        this.netns = full ? b.netns : Arrays.copyOf(b.netns, size);
        this.netnsNames = b.netnsNames.toArray(new String[0]);
        this.state = full ? b.state : Arrays.copyOf(b.state, size);
        this.srcPort = full ? b.srcPort : Arrays.copyOf(b.srcPort, size);
        this.dstPort = full ? b.dstPort : Arrays.copyOf(b.dstPort, size);
        this.rtt = full ? b.rtt : Arrays.copyOf(b.rtt, size);
        this.retrans = full ? b.retrans : Arrays.copyOf(b.retrans, size);
        this.bytes = full ? b.bytes : Arrays.copyOf(b.bytes, size);
        this.cwnd = full ? b.cwnd : Arrays.copyOf(b.cwnd, size);
        Map<String, Long> st = new LinkedHashMap<>();
        for (int s = 0; s < b.stateCounts.length; s++) {
            if (b.stateCounts[s] > 0) {
                st.put(TcpState.name(s).toLowerCase(Locale.ROOT), b.stateCounts[s]);
            }
        }
        this.byState = Collections.unmodifiableMap(st);
        this.byNetns = Collections.unmodifiableMap(totals(b.netnsCounts));
        this.byCongestion = Collections.unmodifiableMap(totals(b.congestionCounts));
    }

    private static Map<String, Long> totals(Map<String, long[]> counters) {
        Map<String, Long> out = new TreeMap<>();
        counters.forEach((k, v) -> out.put(k, v[0]));
        return out;
    }

    /** A snapshot of no poll (before the first). */
    public static PollSnapshot empty() {
        return EMPTY;
    }

    public static Builder builder(int maxRecords) {
        return new Builder(maxRecords);
    }

    /** A builder with room for a poll like {@code previous} (its records and bytes, and an eighth more bytes). */
    public static Builder builder(int maxRecords, PollSnapshot previous) {
        int bytes = previous.size == 0 ? 0 : previous.offset[previous.size - 1] + previous.length[previous.size - 1];
        return new Builder(maxRecords).sizedFor(previous.size, bytes + bytes / 8);
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

    public boolean truncated() {
        return total > size;
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

    /**
     * Collects one poll's records; not thread-safe (one poll thread fills it). {@link #build} ends
     * it: the snapshot takes its arrays.
     */
    public static final class Builder {
        private final int max;
        private final Keys keys = new Keys();
        private final ProtoRecordWriter writer = new ProtoRecordWriter();
        private final long[] scratch = new long[1];
        private ByteBuffer wrapped = ByteBuffer.allocate(0);
        private boolean built;
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
        private final List<String> netnsNames = new ArrayList<>();
        private final Map<String, Integer> netnsIndex = new LinkedHashMap<>();
        private final long[] stateCounts = new long[16];
        /** Counts per name as one-element arrays: counting a record boxes nothing. */
        private final Map<String, long[]> netnsCounts = new LinkedHashMap<>();
        private final Map<String, long[]> congestionCounts = new LinkedHashMap<>();
        private long total;
        private int size;
        private byte[] lastNetnsBytes = new byte[0];
        private String lastNetns = "";
        private byte[] lastCongestionBytes = new byte[0];
        private String lastCongestion = "";
        private long lastCongestionEnum;
        private String lastCongestionEnumName = "";

        Builder(int max) {
            if (max < 0) {
                throw new IllegalArgumentException("max records must not be negative");
            }
            this.max = max;
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
                    writer.bytes(f, ByteBuffer.wrap(v), 0, v.length);
                }
            }
            return addRecord(writer.array(), 0, writer.length());
        }

        /**
         * Room for about this many records and arena bytes from the start (what the previous poll
         * needed), so that filling does not grow the arrays step by step.
         */
        public Builder sizedFor(int records, int arenaBytes) {
            if (size == 0 && arenaUsed == 0) {
                arena = new byte[Math.max(0, arenaBytes)];
                resize(Math.min(max, Math.max(0, records)));
            }
            return this;
        }

        /** Adds one record given as XtcpFlatRecord wire bytes; they are copied. Malformed bytes are skipped. */
        public Builder addRecord(byte[] wire, int off, int len) {
            if (built) {
                throw new IllegalStateException("the snapshot was built; start a new builder");
            }
            keys.clear();
            if (wrapped.array() != wire) {
                wrapped = ByteBuffer.wrap(wire);
            }
            if (!WireRecords.read(wrapped, off, len, keys, scratch)) {
                return this;
            }
            total++;
            String ns = netnsName(wire, keys.netnsOffset, keys.netnsLength);
            int st = (int) Math.min(keys.state, 15);
            stateCounts[st]++;
            netnsCounts.computeIfAbsent(ns, n -> new long[1])[0]++;
            String cc = keys.congestionLength > 0
                    ? congestionString(wire, keys.congestionOffset, keys.congestionLength)
                    : congestionEnumName(keys.congestionEnum);
            if (!cc.isEmpty()) {
                congestionCounts.computeIfAbsent(cc, n -> new long[1])[0]++;
            }
            if (size >= max) {
                return this;
            }
            grow(len);
            System.arraycopy(wire, off, arena, arenaUsed, len);
            offset[size] = arenaUsed;
            length[size] = len;
            arenaUsed += len;
            Integer index = netnsIndex.get(ns);
            if (index == null) {
                index = netnsNames.size();
                netnsNames.add(ns);
                netnsIndex.put(ns, index);
            }
            netns[size] = index;
            state[size] = (byte) st;
            srcPort[size] = (int) keys.srcPort;
            dstPort[size] = (int) keys.dstPort;
            rtt[size] = keys.rtt;
            retrans[size] = keys.totalRetrans != 0 ? keys.totalRetrans : keys.retrans;
            bytes[size] = keys.bytesAcked + keys.bytesReceived;
            cwnd[size] = keys.cwnd;
            size++;
            return this;
        }

        /** Adds every row of an envelope body (Envelope.row = 10); the buffer's position is not moved. */
        public Builder addEnvelope(ByteBuffer body) {
            WireRecords.rows(body, this::addRecord);
            return this;
        }

        public long total() {
            return total;
        }

        /** The snapshot of poll number {@code seq} that ended at {@code timeMillis}; the builder is spent. */
        public PollSnapshot build(long seq, long timeMillis) {
            built = true;
            return new PollSnapshot(this, seq, timeMillis);
        }

        private String netnsName(byte[] wire, int off, int len) {
            if (len == lastNetnsBytes.length && Arrays.equals(wire, off, off + len, lastNetnsBytes, 0, len)) {
                return lastNetns;
            }
            lastNetnsBytes = Arrays.copyOfRange(wire, off, off + len);
            lastNetns = new String(lastNetnsBytes, StandardCharsets.UTF_8);
            return lastNetns;
        }

        /** The algorithm's name; the previous record's String when the bytes are the same (they nearly always are). */
        private String congestionString(byte[] wire, int off, int len) {
            if (len != lastCongestionBytes.length || !Arrays.equals(wire, off, off + len, lastCongestionBytes, 0, len)) {
                lastCongestionBytes = Arrays.copyOfRange(wire, off, off + len);
                lastCongestion = new String(lastCongestionBytes, StandardCharsets.US_ASCII);
            }
            return lastCongestion;
        }

        private String congestionEnumName(long value) {
            if (value != lastCongestionEnum) {
                lastCongestionEnum = value;
                lastCongestionEnumName = congestionName(value);
            }
            return lastCongestionEnumName;
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
        public void bytes(int field, ByteBuffer src, int offset, int length) {
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
