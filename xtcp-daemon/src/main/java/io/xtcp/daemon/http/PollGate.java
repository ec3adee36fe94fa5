package io.xtcp.daemon.http;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * {@code POST /api/poll}: at most one extra poll per {@code --poll-min-gap}. A request within the
 * gap of the last extra poll starts nothing: it is served by that poll (pending, running or just
 * done), and the answer says so and when the next may start. So a flood of requests costs at most
 * one netlink walk of every namespace per gap, whatever its rate.
 */
final class PollGate {
    /** What a request did. */
    record Outcome(boolean triggered, String reason, long retryAfterMillis) {}

    private final BooleanSupplier trigger;
    private final long gapNanos;
    private final LongSupplier clock;
    private long lastNanos;
    private boolean any;

    /** @param trigger starts one extra poll; false when one is already running or pending (it serves the request) */
    PollGate(BooleanSupplier trigger, Duration gap, LongSupplier nanoClock) {
        this.trigger = trigger;
        this.gapNanos = gap.toNanos();
        this.clock = nanoClock;
    }

    synchronized Outcome request() {
        long now = clock.getAsLong();
        if (any && now - lastNanos < gapNanos) {
            long waitMillis = Math.max(1, (gapNanos - (now - lastNanos) + 999_999) / 1_000_000);
            return new Outcome(false, "an extra poll started " + (now - lastNanos) / 1_000_000 + " ms ago serves this request; "
                    + "at most one per " + io.xtcp.daemon.config.DurationConverter.format(Duration.ofNanos(gapNanos))
                    + " (--poll-min-gap)", waitMillis);
        }
        if (!trigger.getAsBoolean()) {
            return new Outcome(false, "a poll is already running or pending; it serves this request", 0);
        }
        any = true;
        lastNanos = now;
        return new Outcome(true, null, 0);
    }
}
