package io.xtcp.daemon.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The poll cycle: {@code xtcp.poll.duration} (a histogram), {@code xtcp.polls} by result,
 * {@code xtcp.poll.overruns}, the configured interval and timeout, the last cycle's duration and
 * success time, {@code xtcp.start.to.first.poll} and {@code xtcp.encoded}. Recorded once per cycle
 * by the scheduler's listener; the last-poll values live in {@link StatusReadings}. Bind before recording.
 */
public final class PollMeters implements MeterBinder {
    /** The {@code result} tag of {@code xtcp.polls}. */
    public static final List<String> RESULTS = List.of("ok", "error", "timeout");
    /** Buckets of the poll-duration histogram: a loopback poll takes ms, a host with 1M sockets seconds. */
    static final Duration[] BUCKETS = {
        Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60),
    };

    private final StatusReadings status;
    private final AtomicLong intervalNanos = new AtomicLong();
    private final AtomicLong timeoutNanos = new AtomicLong();
    private final AtomicLong startToFirstPollMillis = new AtomicLong();
    private final Counter[] polls = new Counter[RESULTS.size()];
    private Timer duration;
    private Counter overruns;
    private Counter encoded;

    public PollMeters(StatusReadings status) {
        this.status = status;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        duration = Timer.builder("xtcp.poll.duration").description("Time of one poll cycle of every namespace")
                .serviceLevelObjectives(BUCKETS).register(registry);
        for (int i = 0; i < polls.length; i++) {
            polls[i] = Counter.builder("xtcp.polls").description("Poll cycles by result").tag("result", RESULTS.get(i)).register(registry);
        }
        overruns = Counter.builder("xtcp.poll.overruns").description("Poll cycles that took longer than the poll interval")
                .register(registry);
        Gauge.builder("xtcp.poll.interval", intervalNanos, a -> a.get() / 1e9).baseUnit("seconds")
                .description("The configured time between polls").register(registry);
        Gauge.builder("xtcp.poll.timeout", timeoutNanos, a -> a.get() / 1e9).baseUnit("seconds")
                .description("The configured deadline of one poll cycle").register(registry);
        Gauge.builder("xtcp.poll.last.duration", status.lastDurationNanos, a -> a.get() / 1e9).baseUnit("seconds")
                .description("Time the last poll cycle took").register(registry);
        Gauge.builder("xtcp.poll.last.success.timestamp", status.lastSuccessMillis, a -> a.get() / 1e3).baseUnit("seconds")
                .description("Unix time the last successful poll cycle ended; 0 before the first").register(registry);
        Gauge.builder("xtcp.start.to.first.poll", startToFirstPollMillis, a -> a.get() / 1e3).baseUnit("seconds")
                .description("Time from the process start to the end of the first successful poll, its records handed to the "
                        + "destination; 0 before it").register(registry);
        encoded = Counter.builder("xtcp.encoded").baseUnit("records").description("Records encoded for the destination")
                .register(registry);
    }

    /** The configured interval and deadline, for the overrun count and the alert rules. */
    public void schedule(Duration interval, Duration timeout) {
        intervalNanos.set(interval.toNanos());
        timeoutNanos.set(timeout.toNanos());
    }

    /**
     * Once after each poll cycle.
     *
     * @param durationNanos how long the cycle took
     * @param result        ok, error or timeout (anything else counts as error)
     */
    public void onPoll(long durationNanos, String result) {
        int r = RESULTS.indexOf(result);
        if (r < 0) {
            r = RESULTS.indexOf("error");
        }
        duration.record(durationNanos, TimeUnit.NANOSECONDS);
        polls[r].increment();
        long interval = intervalNanos.get();
        if (interval > 0 && durationNanos > interval) {
            overruns.increment();
        }
        status.pollEnded(r, durationNanos, System.currentTimeMillis());
    }

    /** Once, when the first successful poll has handed its records to the destination: seconds since the process started. */
    public void startToFirstPoll(double seconds) {
        startToFirstPollMillis.set(Math.round(seconds * 1e3));
    }

    /** Records encoded for the destination (per poll or per envelope). */
    public void encoded(long records) {
        if (records > 0) {
            encoded.increment(records);
        }
    }
}
