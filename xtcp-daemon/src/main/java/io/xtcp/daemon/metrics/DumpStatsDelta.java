package io.xtcp.daemon.metrics;

import io.xtcp.core.netlink.DumpStats;

/**
 * Turns cumulative {@link DumpStats} (one per poll thread) into what changed since the last call,
 * for {@link NetlinkMeters#onPoll}. Called by one thread (the scheduler's, after a poll); the
 * returned object is reused.
 */
public final class DumpStatsDelta {
    private final DumpStats previous = new DumpStats();
    private final DumpStats total = new DumpStats();
    private final DumpStats delta = new DumpStats();

    /** Sums {@code cumulative} and returns the difference to the previous sum. */
    public DumpStats next(DumpStats... cumulative) {
        total.clear();
        for (DumpStats s : cumulative) {
            total.add(s);
        }
        delta.setDifference(total, previous);
        total.copyTo(previous);
        return delta;
    }
}
