package io.xtcp.daemon.metrics;

import static io.xtcp.daemon.metrics.XtcpMetricsTest.samples;
import static io.xtcp.daemon.metrics.XtcpMetricsTest.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** DeliveryMeters alone: drops (known reasons at zero, the total in StatusReadings), errors, bound sinks. */
class DeliveryMetersTest {
    @Test
    void dropsErrorsAndBoundSinks() {
        StatusReadings status = new StatusReadings();
        DeliveryMeters delivery = new DeliveryMeters(status);
        PrometheusMeterRegistry r = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        delivery.bindTo(r);
        Map<String, Double> zero = samples(r.scrape());
        for (String reason : DeliveryMeters.DROP_REASONS) {
            assertEquals(0, value(zero, "xtcp_sink_dropped_records_total{reason=\"" + reason + "\"}"), reason);
        }
        delivery.dropped("queue_full", 3);
        delivery.dropped("queue_full", 0);
        delivery.dropped("new_reason", 2);
        delivery.error("udp", "send");
        SinkMeters sink = delivery.sink("udp").envelopes(() -> 4).accepting(() -> false).bind();
        Map<String, Double> s = samples(r.scrape());
        assertEquals(3, value(s, "xtcp_sink_dropped_records_total{reason=\"queue_full\"}"));
        assertEquals(2, value(s, "xtcp_sink_dropped_records_total{reason=\"new_reason\"}"));
        assertEquals(1, value(s, "xtcp_sink_errors_total{dest=\"udp\",kind=\"send\"}"));
        assertEquals(4, value(s, "xtcp_sink_envelopes_total{dest=\"udp\"}"));
        assertEquals(0, value(s, "xtcp_sink_accepting{dest=\"udp\"}"));
        assertEquals(5, status.droppedRecords());
        assertTrue(status.sinks().get("udp") == sink, "the bound sink is what /api/status lists");
        r.close();
    }
}
