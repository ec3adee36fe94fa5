package io.xtcp.daemon.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.LongSupplier;

/**
 * The poll scheduler's own cumulative counts, read at scrape time: {@code xtcp.poll.skipped}
 * (ticks skipped because a poll was still running) and {@code xtcp.poll.triggered} (extra polls
 * asked for). Holds its suppliers, which Micrometer holds only weakly; bind it with
 * {@link XtcpMetrics#bind}, which holds the binder.
 */
public final class SchedulerMeters implements MeterBinder {
    private final LongSupplier skippedTicks;
    private final LongSupplier triggeredPolls;

    /**
     * @param skippedTicks   {@code scheduler::skippedTicks}
     * @param triggeredPolls {@code scheduler::triggered}
     */
    public SchedulerMeters(LongSupplier skippedTicks, LongSupplier triggeredPolls) {
        this.skippedTicks = skippedTicks;
        this.triggeredPolls = triggeredPolls;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("xtcp.poll.skipped", skippedTicks, LongSupplier::getAsLong)
                .description("Scheduled ticks skipped because the previous poll was still running").register(registry);
        FunctionCounter.builder("xtcp.poll.triggered", triggeredPolls, LongSupplier::getAsLong)
                .description("Extra polls asked for (POST /api/poll)").register(registry);
    }
}
