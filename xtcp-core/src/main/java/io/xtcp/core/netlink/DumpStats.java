package io.xtcp.core.netlink;

/**
 * What the reply parser saw, cumulative across dumps. Written by the thread running the dump;
 * plain fields keep the hot path free of fences, so other threads read them as approximate gauges.
 */
public final class DumpStats {
    public long dumps;
    public long sockets;
    public long messages;
    public long datagrams;
    public long bytes;
    /** nlmsg_len smaller than a header or past the datagram: the rest of that datagram is skipped. */
    public long malformedMessages;
    /** An inet_diag reply too short for struct inet_diag_msg: skipped. */
    public long shortMessages;
    /** A bad rta_len: attributes after it are skipped. */
    public long malformedAttributes;
    /** Attribute types this build does not decode. */
    public long unknownAttributes;
    /** Replies whose nlmsg_seq is not the request's: skipped. */
    public long sequenceMismatches;
    /** Messages of an unexpected nlmsg_type. */
    public long unexpectedTypes;
    /** Dumps the kernel flagged NLM_F_DUMP_INTR (the table changed during the walk). */
    public long interrupted;
    /** NLMSG_ERROR replies (and failing NLMSG_DONE). */
    public long errors;
    public int lastErrno;

    /**
     * The counters above, in one list: what copies, sums, differences, metrics and printing iterate,
     * so a new counter is added here (and as a field) and nowhere else. The fields stay plain so the
     * parser increments them directly; {@link #get}/{@link #set} reach them by constant.
     */
    public enum Counter {
        DUMPS("dumps"),
        SOCKETS("sockets"),
        MESSAGES("messages"),
        DATAGRAMS("datagrams"),
        BYTES("bytes"),
        MALFORMED_MESSAGES("malformed"),
        SHORT_MESSAGES("short"),
        MALFORMED_ATTRIBUTES("badAttrs"),
        UNKNOWN_ATTRIBUTES("unknownAttrs"),
        SEQUENCE_MISMATCHES("seqMismatch"),
        UNEXPECTED_TYPES("unexpectedType"),
        INTERRUPTED("interrupted"),
        ERRORS("errors");

        /** Every counter, in declaration order ({@code values()} copies its array on each call; this does not). */
        private static final Counter[] ALL = values();
        /** How many counters there are. */
        public static final int COUNT = ALL.length;

        private final String label;

        Counter(String label) {
            this.label = label;
        }

        /** The counter with this {@link #ordinal()}. */
        public static Counter at(int ordinal) {
            return ALL[ordinal];
        }

        /** Its short name in {@link DumpStats#toString()}. */
        public String label() {
            return label;
        }
    }

    /** The value of one counter. */
    public long get(Counter c) {
        return switch (c) {
            case DUMPS -> dumps;
            case SOCKETS -> sockets;
            case MESSAGES -> messages;
            case DATAGRAMS -> datagrams;
            case BYTES -> bytes;
            case MALFORMED_MESSAGES -> malformedMessages;
            case SHORT_MESSAGES -> shortMessages;
            case MALFORMED_ATTRIBUTES -> malformedAttributes;
            case UNKNOWN_ATTRIBUTES -> unknownAttributes;
            case SEQUENCE_MISMATCHES -> sequenceMismatches;
            case UNEXPECTED_TYPES -> unexpectedTypes;
            case INTERRUPTED -> interrupted;
            case ERRORS -> errors;
        };
    }

    /** Sets one counter. */
    public void set(Counter c, long v) {
        switch (c) {
            case DUMPS -> dumps = v;
            case SOCKETS -> sockets = v;
            case MESSAGES -> messages = v;
            case DATAGRAMS -> datagrams = v;
            case BYTES -> bytes = v;
            case MALFORMED_MESSAGES -> malformedMessages = v;
            case SHORT_MESSAGES -> shortMessages = v;
            case MALFORMED_ATTRIBUTES -> malformedAttributes = v;
            case UNKNOWN_ATTRIBUTES -> unknownAttributes = v;
            case SEQUENCE_MISMATCHES -> sequenceMismatches = v;
            case UNEXPECTED_TYPES -> unexpectedTypes = v;
            case INTERRUPTED -> interrupted = v;
            case ERRORS -> errors = v;
        }
    }

    /** Copies every counter and lastErrno into {@code target}. */
    public void copyTo(DumpStats target) {
        for (int i = 0; i < Counter.COUNT; i++) {
            Counter c = Counter.at(i);
            target.set(c, get(c));
        }
        target.lastErrno = lastErrno;
    }

    /** Sets every counter and lastErrno to zero. */
    public void clear() {
        for (int i = 0; i < Counter.COUNT; i++) {
            set(Counter.at(i), 0);
        }
        lastErrno = 0;
    }

    /** Adds every counter of {@code other} to this one (lastErrno: the other's, when it has one). */
    public void add(DumpStats other) {
        for (int i = 0; i < Counter.COUNT; i++) {
            Counter c = Counter.at(i);
            set(c, get(c) + other.get(c));
        }
        if (other.lastErrno != 0) {
            lastErrno = other.lastErrno;
        }
    }

    /**
     * Makes this the difference {@code now - before} of two cumulative readings, counter by
     * counter; lastErrno is {@code now}'s.
     */
    public void setDifference(DumpStats now, DumpStats before) {
        for (int i = 0; i < Counter.COUNT; i++) {
            Counter c = Counter.at(i);
            set(c, now.get(c) - before.get(c));
        }
        lastErrno = now.lastErrno;
    }

    /** Every count of bad input, summed. */
    public long problems() {
        return malformedMessages + shortMessages + malformedAttributes + sequenceMismatches + unexpectedTypes;
    }

    /** Every counter but dumps, as {@code label=value} pairs. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(160);
        for (int i = Counter.SOCKETS.ordinal(); i < Counter.COUNT; i++) {
            Counter c = Counter.at(i);
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(c.label()).append('=').append(get(c));
        }
        return sb.toString();
    }
}
