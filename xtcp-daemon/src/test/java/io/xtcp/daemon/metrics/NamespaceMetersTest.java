package io.xtcp.daemon.metrics;

import static io.xtcp.daemon.metrics.XtcpMetricsTest.samples;
import static io.xtcp.daemon.metrics.XtcpMetricsTest.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** NamespaceMeters alone: active (also in StatusReadings), added, removed; per-namespace series only when labelled. */
class NamespaceMetersTest {
    @Test
    void countsAndTheActiveNumber() {
        StatusReadings status = new StatusReadings();
        NamespaceMeters ns = new NamespaceMeters(status, false);
        PrometheusMeterRegistry r = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ns.bindTo(r);
        ns.added("a");
        ns.added("b");
        ns.removed("a");
        ns.active(1);
        ns.sockets("b", 9);
        Map<String, Double> s = samples(r.scrape());
        assertEquals(2, value(s, "xtcp_namespaces_added_total"));
        assertEquals(1, value(s, "xtcp_namespaces_removed_total"));
        assertEquals(1, value(s, "xtcp_namespaces_active"));
        assertEquals(1, status.namespacesActive());
        assertFalse(ns.labelled());
        assertFalse(s.keySet().stream().anyMatch(k -> k.startsWith("xtcp_namespace_sockets")));
        r.close();
    }

    @Test
    void labelledSeriesFollowTheirNamespace() {
        NamespaceMeters ns = new NamespaceMeters(new StatusReadings(), true);
        PrometheusMeterRegistry r = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ns.bindTo(r);
        ns.sockets("b", 9);
        ns.sockets("b", 4);
        assertEquals(4, value(samples(r.scrape()), "xtcp_namespace_sockets{netns=\"b\"}"));
        ns.removed("b");
        assertTrue(ns.labelled());
        assertFalse(r.scrape().contains("netns=\"b\""));
        r.close();
    }
}
