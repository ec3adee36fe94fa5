package io.xtcp.daemon.metrics;

import io.xtcp.dest.Destination;
import io.xtcp.dest.pipeline.PipelineStats;
import io.xtcp.dest.pipeline.SinkPipeline;
import java.util.HashMap;
import java.util.Map;

/**
 * Feeds a destination pipeline's counters into {@link DeliveryMeters}: gauges are bound once, drop and error
 * counts are pushed as deltas after every poll with the pipeline's reasons mapped to the metric's.
 */
public final class SinkMetricsBridge {
    private final DeliveryMeters delivery;
    private final SinkPipeline pipeline;
    private final String scheme;
    private final Map<String, Long> dropsSeen = new HashMap<>();
    private final Map<String, Long> errorsSeen = new HashMap<>();

    public SinkMetricsBridge(DeliveryMeters delivery, SinkPipeline pipeline, long queueCapacityBytes, long spoolCapacityBytes) {
        this(delivery, pipeline, queueCapacityBytes, spoolCapacityBytes, System::currentTimeMillis);
    }

    /** @param clockMillis Unix milliseconds now, for the pipeline's health */
    SinkMetricsBridge(DeliveryMeters delivery, SinkPipeline pipeline, long queueCapacityBytes, long spoolCapacityBytes,
            java.util.function.LongSupplier clockMillis) {
        this.delivery = delivery;
        this.pipeline = pipeline;
        Destination d = pipeline.destination();
        this.scheme = scheme(d.uri());
        PipelineStats s = pipeline.stats();
        delivery.sink(scheme)
                .envelopes(() -> d.stats().envelopes())
                .bytes(() -> d.stats().bytes())
                .queueEnvelopes(s::queuedBatches)
                .queueBytes(s::queuedBytes)
                .queueCapacityBytes(() -> queueCapacityBytes)
                .queueWaitNanos(s::offerWaitNanos)
                .spoolBytes(s::spoolBytes)
                .spoolCapacityBytes(() -> spoolCapacityBytes)
                .accepting(() -> pipeline.health(clockMillis.getAsLong()).delivering())
                .lastSuccessMillis(() -> pipeline.health(clockMillis.getAsLong()).lastSuccessMillis())
                .bind();
    }

    static String scheme(String uri) {
        int c = uri.indexOf(':');
        return c > 0 ? uri.substring(0, c) : uri;
    }

    /** Pushes what changed since the last call. */
    public void update() {
        for (Map.Entry<String, Long> e : pipeline.stats().droppedRecordsByReason().entrySet()) {
            long before = dropsSeen.getOrDefault(e.getKey(), 0L);
            if (e.getValue() > before) {
                delivery.dropped(reason(e.getKey()), e.getValue() - before);
                dropsSeen.put(e.getKey(), e.getValue());
            }
        }
        for (Map.Entry<String, Long> e : pipeline.destination().stats().errorsByKind().entrySet()) {
            long before = errorsSeen.getOrDefault(e.getKey(), 0L);
            for (long i = before; i < e.getValue(); i++) {
                delivery.error(scheme, e.getKey());
            }
            errorsSeen.put(e.getKey(), e.getValue());
        }
    }

    /**
     * The pipeline's drop reasons in the metric's vocabulary: the historical names for the old
     * ones (overflow, spool-*, closed, rejected), any other with its hyphens as underscores
     * ("too-large" -> too_large, "sink-dead" -> sink_dead).
     */
    static String reason(String pipelineReason) {
        switch (pipelineReason) {
            case "overflow":
                return "queue_full";
            case "spool-full":
            case "spool-error":
                return "spool_full";
            case "closed":
                return "shutdown";
            case "rejected":
                return "send_failed";
            default:
                return pipelineReason.replace('-', '_');
        }
    }
}
