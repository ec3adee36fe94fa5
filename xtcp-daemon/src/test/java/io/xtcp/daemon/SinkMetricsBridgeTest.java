package io.xtcp.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xtcp.daemon.metrics.XtcpMetrics;
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
            for (String reason : XtcpMetrics.DROP_REASONS) {
                assertTrue(scrape.contains("xtcp_sink_dropped_records_total{reason=\"" + reason + "\"} 0.0"), reason);
            }
            assertEquals(8, XtcpMetrics.DROP_REASONS.size());
        }
    }
}
