package io.xtcp.daemon.metrics;

import static io.xtcp.daemon.metrics.XtcpMetricsTest.samples;
import static io.xtcp.daemon.metrics.XtcpMetricsTest.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The binders of a few meters each, alone: process, capabilities, HTTP, health, scheduler, old generation. */
class SmallBindersTest {
    private static PrometheusMeterRegistry registry() {
        return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    @Test
    void processMetersUseTheLintCleanNamesAndBuildInfo() {
        PrometheusMeterRegistry r = registry();
        try (ProcessMeters p = new ProcessMeters("4.5.6")) {
            p.bindTo(r);
            String text = r.scrape();
            Map<String, Double> s = samples(text);
            assertTrue(s.containsKey("process_cpu_seconds_total"), "process CPU under Prometheus' name");
            assertFalse(text.contains("process_cpu_time"), "Micrometer's process.cpu.time is filtered out");
            assertTrue(s.containsKey("system_cpus_available"), "system.cpu.count renamed");
            assertFalse(text.contains("system_cpu_count"));
            assertTrue(s.containsKey("process_uptime_seconds"));
            assertTrue(s.keySet().stream().anyMatch(k -> k.startsWith("jvm_memory_used_bytes")));
            assertTrue(text.contains("xtcp_build_info{java_version=\"" + System.getProperty("java.version") + "\",version=\"4.5.6\"} 1"),
                    text);
        }
        r.close();
    }

    @Test
    void capabilitiesAreOneOrZero() {
        PrometheusMeterRegistry r = registry();
        CapabilityMeters c = new CapabilityMeters();
        c.bindTo(r);
        c.held("CAP_NET_ADMIN", false);
        c.held("CAP_NET_ADMIN", true);
        c.held("CAP_SYS_ADMIN", false);
        Map<String, Double> s = samples(r.scrape());
        assertEquals(1, value(s, "xtcp_capability{capability=\"CAP_NET_ADMIN\"}"));
        assertEquals(0, value(s, "xtcp_capability{capability=\"CAP_SYS_ADMIN\"}"));
        r.close();
    }

    @Test
    void httpRequestsAndStreamClients() {
        StatusReadings status = new StatusReadings();
        PrometheusMeterRegistry r = registry();
        HttpMeters h = new HttpMeters(status);
        h.bindTo(r);
        h.request("/api/status", 200);
        h.request("/api/status", 200);
        h.request("/stream", 426);
        h.streamClientConnected();
        h.streamClientConnected();
        h.streamClientGone();
        h.streamClientDropped();
        h.streamMessageSent();
        h.streamMessageSent();
        Map<String, Double> s = samples(r.scrape());
        assertEquals(2, value(s, "xtcp_http_requests_total{route=\"/api/status\",status=\"200\"}"));
        assertEquals(1, value(s, "xtcp_http_requests_total{route=\"/stream\",status=\"426\"}"));
        assertEquals(1, value(s, "xtcp_stream_clients"));
        assertEquals(1, status.streamClients());
        assertEquals(1, value(s, "xtcp_stream_dropped_total"));
        assertEquals(2, value(s, "xtcp_stream_messages_total"));
        r.close();
    }

    @Test
    void healthReadsItsSuppliersAtScrapeTime() {
        AtomicBoolean ready = new AtomicBoolean();
        PrometheusMeterRegistry r = registry();
        new HealthMeters(ready::get, () -> true, Map.of("scheduler", () -> 2, "poll_worker", () -> 0)).bindTo(r);
        assertEquals(0, value(samples(r.scrape()), "xtcp_ready"));
        ready.set(true);
        Map<String, Double> s = samples(r.scrape());
        assertEquals(1, value(s, "xtcp_ready"));
        assertEquals(1, value(s, "xtcp_live"));
        assertEquals(2, value(s, "xtcp_component_restarts_total{component=\"scheduler\"}"));
        assertEquals(0, value(s, "xtcp_component_restarts_total{component=\"poll_worker\"}"));
        r.close();
    }

    @Test
    void schedulerAndOldGenerationCounts() {
        PrometheusMeterRegistry r = registry();
        new SchedulerMeters(() -> 3, () -> 1).bindTo(r);
        new OldGenMeters(() -> 2, () -> 1L << 20).bindTo(r);
        Map<String, Double> s = samples(r.scrape());
        assertEquals(3, value(s, "xtcp_poll_skipped_total"));
        assertEquals(1, value(s, "xtcp_poll_triggered_total"));
        assertEquals(2, value(s, "xtcp_jvm_old_gen_collections_total"));
        assertEquals(1 << 20, value(s, "xtcp_jvm_old_gen_limit_bytes"));
        r.close();
    }
}
