package io.xtcp.dest.pipeline;

import java.util.concurrent.atomic.AtomicLong;

/** Lets a log line through at most once per interval; callers put running totals in the line. */
final class RateLimitedLog {
    private final long intervalNanos;
    private final AtomicLong last;

    RateLimitedLog(long intervalNanos) {
        this.intervalNanos = intervalNanos;
        this.last = new AtomicLong(System.nanoTime() - intervalNanos);
    }

    boolean ready() {
        long now = System.nanoTime();
        long prev = last.get();
        return now - prev >= intervalNanos && last.compareAndSet(prev, now);
    }
}
