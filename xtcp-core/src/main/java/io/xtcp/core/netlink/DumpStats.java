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

    /** Copies every counter into {@code target}. */
    public void copyTo(DumpStats target) {
        target.dumps = dumps;
        target.sockets = sockets;
        target.messages = messages;
        target.datagrams = datagrams;
        target.bytes = bytes;
        target.malformedMessages = malformedMessages;
        target.shortMessages = shortMessages;
        target.malformedAttributes = malformedAttributes;
        target.unknownAttributes = unknownAttributes;
        target.sequenceMismatches = sequenceMismatches;
        target.unexpectedTypes = unexpectedTypes;
        target.interrupted = interrupted;
        target.errors = errors;
        target.lastErrno = lastErrno;
    }

    /** Adds every counter of {@code other} to this one (lastErrno: the other's, when it has one). */
    public void add(DumpStats other) {
        dumps += other.dumps;
        sockets += other.sockets;
        messages += other.messages;
        datagrams += other.datagrams;
        bytes += other.bytes;
        malformedMessages += other.malformedMessages;
        shortMessages += other.shortMessages;
        malformedAttributes += other.malformedAttributes;
        unknownAttributes += other.unknownAttributes;
        sequenceMismatches += other.sequenceMismatches;
        unexpectedTypes += other.unexpectedTypes;
        interrupted += other.interrupted;
        errors += other.errors;
        if (other.lastErrno != 0) {
            lastErrno = other.lastErrno;
        }
    }

    /** Every count of bad input, summed. */
    public long problems() {
        return malformedMessages + shortMessages + malformedAttributes + sequenceMismatches + unexpectedTypes;
    }

    @Override
    public String toString() {
        return "sockets=" + sockets + " messages=" + messages + " datagrams=" + datagrams + " bytes=" + bytes
                + " malformed=" + malformedMessages + " short=" + shortMessages
                + " badAttrs=" + malformedAttributes + " unknownAttrs=" + unknownAttributes
                + " seqMismatch=" + sequenceMismatches + " unexpectedType=" + unexpectedTypes
                + " interrupted=" + interrupted + " errors=" + errors;
    }
}
