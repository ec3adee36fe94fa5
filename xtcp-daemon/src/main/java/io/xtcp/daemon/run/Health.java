package io.xtcp.daemon.run;

import io.xtcp.daemon.config.DurationConverter;
import io.xtcp.dest.pipeline.SinkHealth;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;

/**
 * The daemon's one definition of health, read by /readyz, /healthz, /api/status, the sd_notify
 * watchdog, the supervisor and the {@code xtcp_ready}/{@code xtcp_live} gauges (docs/http.md).
 *
 * <ul>
 *   <li><b>live</b>: every {@link Supervised} part (scheduler, poll workers) is alive and not stuck,
 *       and no sink is {@link SinkHealth.State#DEAD}.
 *   <li><b>ready</b>: live, a poll succeeded within {@code poll-interval x 2 + poll-timeout}
 *       (the limit itself still counts), and every sink is {@link SinkHealth#delivering()}.
 * </ul>
 *
 * A "no" names every reason, joined by "; ", with since-times as UTC instants to the second.
 */
public final class Health {
    /** One destination pipeline as health sees it: its URI and its {@code SinkPipeline::health}. */
    public record Sink(String name, LongFunction<SinkHealth> health) {}

    private final LongSupplier clockMillis;
    private final LongSupplier nanoTime;
    private final Duration pollLimit;
    private final LongSupplier lastPollSuccessMillis;
    private final List<Sink> sinks;
    private final List<Supervised> parts;
    private final java.util.function.Supplier<String> coverage;

    /**
     * @param clockMillis           Unix milliseconds now ({@code System::currentTimeMillis})
     * @param nanoTime              {@code System::nanoTime}, for the parts' stuck checks
     * @param pollLimit             how old the last successful poll may be ({@link #pollLimit})
     * @param lastPollSuccessMillis Unix milliseconds the last successful poll ended; 0 before the first
     */
    public Health(LongSupplier clockMillis, LongSupplier nanoTime, Duration pollLimit, LongSupplier lastPollSuccessMillis,
            List<Sink> sinks, List<Supervised> parts) {
        this(clockMillis, nanoTime, pollLimit, lastPollSuccessMillis, sinks, parts, () -> null);
    }

    /**
     * As above, with {@code coverage}: why what is polled cannot be right, such as
     * {@code no namespace matches --netns X} (null when it is); while it says so the daemon is not ready.
     */
    public Health(LongSupplier clockMillis, LongSupplier nanoTime, Duration pollLimit, LongSupplier lastPollSuccessMillis,
            List<Sink> sinks, List<Supervised> parts, java.util.function.Supplier<String> coverage) {
        this.coverage = coverage;
        this.clockMillis = clockMillis;
        this.nanoTime = nanoTime;
        this.pollLimit = pollLimit;
        this.lastPollSuccessMillis = lastPollSuccessMillis;
        this.sinks = List.copyOf(sinks);
        this.parts = List.copyOf(parts);
    }

    /** {@code interval x 2 + timeout}: one poll may fail or be skipped, the next one must succeed. */
    public static Duration pollLimit(Duration interval, Duration timeout) {
        return interval.multipliedBy(2).plus(timeout);
    }

    public Duration pollLimit() {
        return pollLimit;
    }

    public List<Sink> sinks() {
        return sinks;
    }

    public Verdict live() {
        List<String> why = new ArrayList<>();
        long now = nanoTime.getAsLong();
        for (Supervised p : parts) {
            String t = p.trouble(now);
            if (t != null) {
                why.add(t);
            }
        }
        long nowMillis = clockMillis.getAsLong();
        for (Sink s : sinks) {
            SinkHealth h = s.health().apply(nowMillis);
            if (h.state() == SinkHealth.State.DEAD) {
                why.add(describe(s.name(), h));
            }
        }
        return why.isEmpty() ? Verdict.yes("ok") : Verdict.no(String.join("; ", why));
    }

    public Verdict ready() {
        Verdict live = live();
        List<String> why = new ArrayList<>();
        if (!live.ok()) {
            why.add(live.reason());
        }
        String uncovered = coverage.get();
        if (uncovered != null) {
            why.add(uncovered);
        }
        long nowMillis = clockMillis.getAsLong();
        long last = lastPollSuccessMillis.getAsLong();
        if (last == 0) {
            why.add("no poll has completed yet");
        } else if (nowMillis - last > pollLimit.toMillis()) {
            why.add("no successful poll since " + instant(last) + " (limit " + DurationConverter.format(pollLimit) + ")");
        }
        for (Sink s : sinks) {
            SinkHealth h = s.health().apply(nowMillis);
            if (!h.delivering() && h.state() != SinkHealth.State.DEAD) { // DEAD is already in the liveness reason
                why.add(describe(s.name(), h));
            }
        }
        return why.isEmpty() ? Verdict.yes("ready") : Verdict.no(String.join("; ", why));
    }

    /** {@code sink URI: reason since INSTANT}; the state's name when the sink gives no reason. */
    static String describe(String name, SinkHealth h) {
        String reason = h.reason() == null || h.reason().isBlank() ? h.state().name().toLowerCase(java.util.Locale.ROOT) : h.reason();
        long since = h.failingSinceMillis() > 0 ? h.failingSinceMillis() : 0;
        return "sink " + name + ": " + reason + (since > 0 ? " since " + instant(since) : "");
    }

    /** Unix milliseconds as a UTC instant to the second: {@code 2026-12-07T12:00:03Z}. */
    static String instant(long millis) {
        return Instant.ofEpochMilli(millis).truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
