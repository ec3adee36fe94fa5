package io.xtcp.daemon.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import java.util.function.LongSupplier;

/**
 * The readings of one destination (tag {@code dest} = its scheme), read at scrape time from the
 * sink pipeline's own counters. Build with {@link DeliveryMeters#sink(String)}, give what the sink
 * has, then {@link #bind()}:
 *
 * <pre>{@code
 * metrics.delivery().sink("kafka").envelopes(pipeline::sentEnvelopes).bytes(pipeline::sentBytes)
 *        .queueEnvelopes(pipeline::queuedEnvelopes).queueBytes(pipeline::queuedBytes)
 *        .queueCapacityBytes(() -> config.queueMaxBytes()).spoolBytes(pipeline::spoolBytes)
 *        .spoolCapacityBytes(() -> config.spoolMaxBytes())
 *        .accepting(pipeline::accepting).bind();
 * }</pre>
 */
public final class SinkMeters {
    private static final LongSupplier ZERO = () -> 0;

    private final DeliveryMeters delivery;
    private final String scheme;
    private LongSupplier envelopes = ZERO;
    private LongSupplier bytes = ZERO;
    private LongSupplier queueEnvelopes = ZERO;
    private LongSupplier queueBytes = ZERO;
    private LongSupplier queueCapacityBytes = ZERO;
    private LongSupplier spoolBytes = ZERO;
    private LongSupplier spoolCapacityBytes = ZERO;
    private LongSupplier queueWaitNanos = ZERO;
    private java.util.function.BooleanSupplier accepting = () -> true;
    private LongSupplier lastSuccessMillis = ZERO;

    SinkMeters(DeliveryMeters delivery, String scheme) {
        this.delivery = delivery;
        this.scheme = scheme;
    }

    public String scheme() {
        return scheme;
    }

    /** Envelopes the destination accepted, cumulative. */
    public SinkMeters envelopes(LongSupplier s) {
        envelopes = s;
        return this;
    }

    /** Envelope bytes the destination accepted, cumulative. */
    public SinkMeters bytes(LongSupplier s) {
        bytes = s;
        return this;
    }

    /** Envelopes waiting in the queue between poller and destination, now. */
    public SinkMeters queueEnvelopes(LongSupplier s) {
        queueEnvelopes = s;
        return this;
    }

    /** Bytes waiting in the queue, now. */
    public SinkMeters queueBytes(LongSupplier s) {
        queueBytes = s;
        return this;
    }

    /** The queue's byte limit (--queue-max-bytes). */
    public SinkMeters queueCapacityBytes(LongSupplier s) {
        queueCapacityBytes = s;
        return this;
    }

    /** Time offers spent waiting for room in a full queue (--queue-max-wait), cumulative, in nanoseconds. */
    public SinkMeters queueWaitNanos(LongSupplier s) {
        queueWaitNanos = s;
        return this;
    }

    /** Bytes in the spool folder, now. */
    public SinkMeters spoolBytes(LongSupplier s) {
        spoolBytes = s;
        return this;
    }

    /** The spool's byte limit (--spool-max-bytes); leave unset when not spooling. */
    public SinkMeters spoolCapacityBytes(LongSupplier s) {
        spoolCapacityBytes = s;
        return this;
    }

    /** Whether the destination delivers (SinkPipeline.health(now).delivering()): what readiness reads. */
    public SinkMeters accepting(java.util.function.BooleanSupplier s) {
        accepting = s;
        return this;
    }

    /** Unix milliseconds the transport last confirmed a batch; 0 before the first. */
    public SinkMeters lastSuccessMillis(LongSupplier s) {
        lastSuccessMillis = s;
        return this;
    }

    /** Registers the meters. */
    public SinkMeters bind() {
        var r = delivery.registry();
        FunctionCounter.builder("xtcp.sink.envelopes", envelopes, LongSupplier::getAsLong).tag("dest", scheme)
                .description("Envelopes the destination accepted").register(r);
        FunctionCounter.builder("xtcp.sink.sent", bytes, LongSupplier::getAsLong).baseUnit("bytes").tag("dest", scheme)
                .description("Envelope bytes the destination accepted").register(r);
        Gauge.builder("xtcp.sink.queue.envelopes", queueEnvelopes, LongSupplier::getAsLong).tag("dest", scheme)
                .description("Envelopes waiting between poller and destination").register(r);
        Gauge.builder("xtcp.sink.queue.size", queueBytes, LongSupplier::getAsLong).baseUnit("bytes").tag("dest", scheme)
                .description("Bytes waiting between poller and destination").register(r);
        Gauge.builder("xtcp.sink.queue.capacity", queueCapacityBytes, LongSupplier::getAsLong).baseUnit("bytes").tag("dest", scheme)
                .description("The queue's byte limit").register(r);
        FunctionCounter.builder("xtcp.sink.queue.wait", queueWaitNanos, s -> s.getAsLong() / 1e9).baseUnit("seconds")
                .tag("dest", scheme).description("Time the pollers waited for room in a full queue").register(r);
        Gauge.builder("xtcp.spool.size", spoolBytes, LongSupplier::getAsLong).baseUnit("bytes").tag("dest", scheme)
                .description("Bytes held in the spool folder").register(r);
        Gauge.builder("xtcp.spool.capacity", spoolCapacityBytes, LongSupplier::getAsLong).baseUnit("bytes").tag("dest", scheme)
                .description("The spool's byte limit; 0 when not spooling").register(r);
        Gauge.builder("xtcp.sink.accepting", accepting, a -> a.getAsBoolean() ? 1 : 0).tag("dest", scheme)
                .description("1 while the destination delivers (what readiness reads), 0 when it is stale, broken or dead")
                .register(r);
        Gauge.builder("xtcp.sink.last.success.timestamp", lastSuccessMillis, s -> s.getAsLong() / 1e3).baseUnit("seconds")
                .tag("dest", scheme).description("Unix time the destination last confirmed a batch; 0 before the first").register(r);
        delivery.bound(this);
        return this;
    }

    public long queueEnvelopesNow() {
        return queueEnvelopes.getAsLong();
    }

    public long queueBytesNow() {
        return queueBytes.getAsLong();
    }

    public long envelopesNow() {
        return envelopes.getAsLong();
    }

    public long bytesNow() {
        return bytes.getAsLong();
    }

    public long spoolBytesNow() {
        return spoolBytes.getAsLong();
    }

    public long lastSuccessMillisNow() {
        return lastSuccessMillis.getAsLong();
    }

    public boolean acceptingNow() {
        return accepting.getAsBoolean();
    }
}
