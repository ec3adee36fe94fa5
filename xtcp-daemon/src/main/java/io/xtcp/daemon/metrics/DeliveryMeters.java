package io.xtcp.daemon.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;

/**
 * Records on their way to the destinations: {@code xtcp.sink.dropped} by reason (the known reasons
 * at zero from the start), {@code xtcp.sink.errors} by destination and kind, and one
 * {@link SinkMeters} per bound destination. Fed by {@link SinkMetricsBridge} after each poll.
 */
public final class DeliveryMeters implements MeterBinder {
    /**
     * Drop reasons registered at zero from the start, so the first drop shows up in rate()/increase();
     * other reasons passed to {@link #dropped} appear when first used.
     */
    public static final List<String> DROP_REASONS = List.of("queue_full", "spool_full", "send_failed", "shutdown", "too_large",
            "unreachable", "undelivered", "refused", "malformed", "sink_dead");

    private final StatusReadings status;
    private final TagValues schemes = new TagValues(8);
    private final TagValues dropReasons = new TagValues(16);
    private final TagValues errorKinds = new TagValues(16);
    private MeterRegistry registry;

    public DeliveryMeters(StatusReadings status) {
        this.status = status;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        this.registry = registry;
        for (String reason : DROP_REASONS) {
            dropCounter(dropReasons.of(reason));
        }
    }

    MeterRegistry registry() {
        return registry;
    }

    /** Starts binding a destination's readings; finish with {@link SinkMeters#bind()}. */
    public SinkMeters sink(String scheme) {
        return new SinkMeters(this, schemes.of(scheme));
    }

    void bound(SinkMeters s) {
        status.sinkBound(s);
    }

    /** Records dropped before reaching the destination, by reason (queue_full, spool_full, send_failed, shutdown, ...). */
    public void dropped(String reason, long records) {
        if (records <= 0) {
            return;
        }
        status.droppedRecords.addAndGet(records);
        dropCounter(dropReasons.of(reason)).increment(records);
    }

    private Counter dropCounter(String reason) {
        return Counter.builder("xtcp.sink.dropped").baseUnit("records").tag("reason", reason)
                .description("Records dropped before reaching the destination, by reason").register(registry);
    }

    /** A destination failure (connect, send, timeout, serialize, ...). */
    public void error(String scheme, String kind) {
        Counter.builder("xtcp.sink.errors").tag("dest", schemes.of(scheme)).tag("kind", errorKinds.of(kind))
                .description("Destination failures by kind").register(registry).increment();
    }
}
