package io.xtcp.daemon.heap;

/**
 * When to collect the old generation: once it holds more than {@code headroom} bytes beyond what
 * the last full collection left live, at most once per {@code minGapNanos}. "Holds" is the larger
 * of what is in use and what is committed: a burst that made the collector expand the old
 * generation keeps that memory committed, and resident, until a full collection shrinks it, even
 * after what was promoted has died. Committed memory only counts once it has grown past what the
 * last full collection left committed, so a large live set does not ask again and again. Before
 * the first full collection the live size counts as zero. Not thread-safe: callers synchronize.
 */
final class OldGenPolicy {
    private final long headroom;
    private final long minGapNanos;
    private long liveAfterFull;
    private long committedAfterFull;
    private long lastTrigger;
    private boolean triggered;

    OldGenPolicy(long headroom, long minGapNanos) {
        if (headroom <= 0) {
            throw new IllegalArgumentException("headroom must be positive: " + headroom);
        }
        this.headroom = headroom;
        this.minGapNanos = minGapNanos;
    }

    /** A full collection ended, leaving {@code usedAfter} bytes in use and {@code committedAfter} committed in the old generation. */
    void afterFull(long usedAfter, long committedAfter) {
        liveAfterFull = usedAfter;
        committedAfterFull = committedAfter;
    }

    /**
     * A young collection ended with {@code usedAfter} bytes in use in the old generation (what it
     * promoted included) and {@code committedAfter} committed; true when a full collection is due now.
     */
    boolean afterYoung(long usedAfter, long committedAfter, long nowNanos) {
        long limit = limit();
        boolean grown = committedAfter > committedAfterFull && committedAfter > limit;
        if (usedAfter <= limit && !grown) {
            return false;
        }
        if (triggered && nowNanos - lastTrigger < minGapNanos) {
            return false;
        }
        triggered = true;
        lastTrigger = nowNanos;
        return true;
    }

    /** The old generation's size above which the next young collection asks for a full one. */
    long limit() {
        return liveAfterFull + headroom;
    }
}
