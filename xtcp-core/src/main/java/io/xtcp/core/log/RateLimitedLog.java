package io.xtcp.core.log;

import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * A warning that may recur on every poll (a namespace that cannot be entered, a failing dump, a
 * sink dropping records):
 * logged at most once per interval, with the number of occurrences left out since the last line.
 * Thread-safe.
 */
public final class RateLimitedLog {
    private final Logger log;
    private final long intervalNanos;
    private long nextNanos;
    private boolean first = true;
    private long suppressed;

    public RateLimitedLog(Logger log, long interval, TimeUnit unit) {
        this.log = log;
        this.intervalNanos = unit.toNanos(interval);
    }

    /** Logs {@code format} with SLF4J placeholders, unless a line was logged less than an interval ago. */
    public void warn(String format, Object... args) {
        long left;
        synchronized (this) {
            long now = System.nanoTime();
            if (!first && now - nextNanos < 0) {
                suppressed++;
                return;
            }
            first = false;
            nextNanos = now + intervalNanos;
            left = suppressed;
            suppressed = 0;
        }
        if (left > 0) {
            log.warn(format + " ({} similar left out since the last such line)", append(args, left));
        } else {
            log.warn(format, args);
        }
    }

    private static Object[] append(Object[] args, long n) {
        Object[] out = java.util.Arrays.copyOf(args, args.length + 1);
        out[args.length] = n;
        return out;
    }
}
