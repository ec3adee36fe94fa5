package io.xtcp.daemon.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pipeline's drop reasons in the metric's vocabulary, and every known label at zero from the start. */
class SinkMetricsBridgeTest {
    @Test
    void reasonsMapGenericallyKeepingTheOldNames() {
        Map<String, String> expected = Map.of("overflow", "queue_full", "spool-full", "spool_full", "spool-error", "spool_full",
                "closed", "shutdown", "rejected", "send_failed", "too-large", "too_large", "unreachable", "unreachable",
                "malformed", "malformed", "sink-dead", "sink_dead");
        expected.forEach((pipeline, label) -> assertEquals(label, SinkMetricsBridge.reason(pipeline), pipeline));
    }

    @Test
    void everyKnownReasonIsExportedAtZero() {
        try (XtcpMetrics m = new XtcpMetrics("9.9.9", false)) {
            String scrape = m.scrape();
            for (String reason : DeliveryMeters.DROP_REASONS) {
                assertTrue(scrape.contains("xtcp_sink_dropped_records_total{reason=\"" + reason + "\"} 0.0"), reason);
            }
            // every reason the pipeline documents (PipelineStats) has its label at zero from the start
            for (String pipelineReason : java.util.List.of("overflow", "spool-full", "spool-error", "too-large", "malformed",
                    "unreachable", "undelivered", "refused", "sink-dead", "closed")) {
                String label = SinkMetricsBridge.reason(pipelineReason);
                assertTrue(DeliveryMeters.DROP_REASONS.contains(label), pipelineReason + " -> " + label);
            }
            assertEquals(10, DeliveryMeters.DROP_REASONS.size());
        }
    }
}
