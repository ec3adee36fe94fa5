package io.xtcp.daemon.metrics;

import io.xtcp.core.netlink.DumpStats;

/**
 * Turns cumulative {@link DumpStats} (one per poll thread) into what changed since the last call,
 * for {@link XtcpMetrics#onPoll}. Called by one thread (the scheduler's, after a poll); the
 * returned object is reused.
 */
public final class DumpStatsDelta {
    private final DumpStats previous = new DumpStats();
    private final DumpStats total = new DumpStats();
    private final DumpStats delta = new DumpStats();

    /** Sums {@code cumulative} and returns the difference to the previous sum. */
    public DumpStats next(DumpStats... cumulative) {
        clear(total);
        for (DumpStats s : cumulative) {
            total.dumps += s.dumps;
            total.sockets += s.sockets;
            total.messages += s.messages;
            total.datagrams += s.datagrams;
            total.bytes += s.bytes;
            total.malformedMessages += s.malformedMessages;
            total.shortMessages += s.shortMessages;
            total.malformedAttributes += s.malformedAttributes;
            total.unknownAttributes += s.unknownAttributes;
            total.sequenceMismatches += s.sequenceMismatches;
            total.unexpectedTypes += s.unexpectedTypes;
            total.interrupted += s.interrupted;
            total.errors += s.errors;
            if (s.lastErrno != 0) {
                total.lastErrno = s.lastErrno;
            }
        }
        delta.dumps = total.dumps - previous.dumps;
        delta.sockets = total.sockets - previous.sockets;
        delta.messages = total.messages - previous.messages;
        delta.datagrams = total.datagrams - previous.datagrams;
        delta.bytes = total.bytes - previous.bytes;
        delta.malformedMessages = total.malformedMessages - previous.malformedMessages;
        delta.shortMessages = total.shortMessages - previous.shortMessages;
        delta.malformedAttributes = total.malformedAttributes - previous.malformedAttributes;
        delta.unknownAttributes = total.unknownAttributes - previous.unknownAttributes;
        delta.sequenceMismatches = total.sequenceMismatches - previous.sequenceMismatches;
        delta.unexpectedTypes = total.unexpectedTypes - previous.unexpectedTypes;
        delta.interrupted = total.interrupted - previous.interrupted;
        delta.errors = total.errors - previous.errors;
        delta.lastErrno = total.lastErrno;
        total.copyTo(previous);
        return delta;
    }

    private static void clear(DumpStats s) {
        new DumpStats().copyTo(s);
    }
}
