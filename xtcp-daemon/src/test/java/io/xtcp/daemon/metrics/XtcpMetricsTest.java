package io.xtcp.daemon.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xtcp.core.netlink.DumpStats;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The Prometheus names, labels and values XtcpMetrics and its binders expose for what the daemon reports. */
class XtcpMetricsTest {
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})? (\\S+)$");

    /** Every sample line of a text-format scrape: "name{labels}" → value. */
    static Map<String, Double> samples(String scrape) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (String line : scrape.split("\n")) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            Matcher x = SAMPLE.matcher(line);
            assertTrue(x.matches(), "sample line: " + line);
            m.put(x.group(1) + (x.group(2) == null ? "" : x.group(2)), Double.parseDouble(x.group(3)));
        }
        return m;
    }

    static double value(Map<String, Double> s, String key) {
        Double v = s.get(key);
        assertTrue(v != null, "no sample " + key + " in " + s.keySet());
        return v;
    }

    @Test
    void pollNetlinkSinkAndCapabilityFamiliesHaveDesignNamesAndValues() {
        try (XtcpMetrics m = SampleData.record(new XtcpMetrics("1.2.3", true))) {
            String text = m.scrape();
            Map<String, Double> s = samples(text);
            assertEquals(3, value(s, "xtcp_polls_total{result=\"ok\"}"));
            assertEquals(1, value(s, "xtcp_polls_total{result=\"error\"}"));
            assertEquals(1, value(s, "xtcp_polls_total{result=\"timeout\"}"));
            assertEquals(5, value(s, "xtcp_poll_duration_seconds_count"));
            assertEquals(1, value(s, "xtcp_poll_duration_seconds_bucket{le=\"0.005\"}"));
            assertEquals(3, value(s, "xtcp_poll_duration_seconds_bucket{le=\"0.01\"}"));
            assertEquals(5, value(s, "xtcp_poll_duration_seconds_bucket{le=\"+Inf\"}"));
            assertEquals(1, value(s, "xtcp_poll_overruns_total"), "the 12 s poll overran the 10 s interval");
            assertEquals(10, value(s, "xtcp_poll_interval_seconds"));
            assertEquals(8, value(s, "xtcp_poll_timeout_seconds"));
            assertEquals(8, value(s, "xtcp_poll_last_duration_seconds"));
            assertTrue(value(s, "xtcp_poll_last_success_timestamp_seconds") > 1.6e9);
            assertEquals(0.842, value(s, "xtcp_start_to_first_poll_seconds"));
            assertEquals(2, value(s, "xtcp_poll_skipped_total"));
            assertEquals(1, value(s, "xtcp_poll_triggered_total"));
            assertEquals(40, value(s, "xtcp_sockets{state=\"established\"}"));
            assertEquals(7, value(s, "xtcp_sockets{state=\"listen\"}"));
            assertEquals(0, value(s, "xtcp_sockets{state=\"close_wait\"}"));
            assertEquals(150, value(s, "xtcp_encoded_records_total"));
            assertEquals(90_000, value(s, "xtcp_netlink_received_bytes_total"));
            assertEquals(12, value(s, "xtcp_netlink_receives_total"));
            assertEquals(6, value(s, "xtcp_netlink_dumps_total"));
            assertEquals(153, value(s, "xtcp_netlink_messages_total{type=\"sock_diag\"}"));
            assertEquals(6, value(s, "xtcp_netlink_messages_total{type=\"control\"}"));
            assertEquals(1, value(s, "xtcp_netlink_messages_total{type=\"error\"}"));
            assertEquals(3, value(s, "xtcp_netlink_messages_total{type=\"foreign\"}"));
            assertEquals(1, value(s, "xtcp_netlink_errors_total{errno=\"EPERM\",stage=\"dump\"}"));
            assertEquals(1, value(s, "xtcp_netlink_errors_total{errno=\"EPERM\",stage=\"setns\"}"));
            assertEquals(3, value(s, "xtcp_parse_problems_total{kind=\"short_message\"}"));
            assertEquals(15, value(s, "xtcp_parse_problems_total{kind=\"unknown_attribute\"}"));
            assertEquals(3, value(s, "xtcp_namespaces_active"));
            assertEquals(2, value(s, "xtcp_namespaces_added_total"));
            assertEquals(1, value(s, "xtcp_namespaces_removed_total"));
            assertEquals(12, value(s, "xtcp_namespace_sockets{netns=\"a\"}"));
            assertEquals(10, value(s, "xtcp_sink_envelopes_total{dest=\"kafka\"}"));
            assertEquals(123_456, value(s, "xtcp_sink_sent_bytes_total{dest=\"kafka\"}"));
            assertEquals(2, value(s, "xtcp_sink_queue_envelopes{dest=\"kafka\"}"));
            assertEquals(4096, value(s, "xtcp_sink_queue_size_bytes{dest=\"kafka\"}"));
            assertEquals(1024, value(s, "xtcp_spool_size_bytes{dest=\"kafka\"}"));
            assertEquals(1 << 30, value(s, "xtcp_spool_capacity_bytes{dest=\"kafka\"}"));
            assertEquals(1, value(s, "xtcp_sink_accepting{dest=\"kafka\"}"));
            assertEquals(25, value(s, "xtcp_sink_dropped_records_total{reason=\"queue_full\"}"));
            assertEquals(1, value(s, "xtcp_sink_errors_total{dest=\"kafka\",kind=\"send\"}"));
            assertEquals(1, value(s, "xtcp_capability{capability=\"CAP_NET_ADMIN\"}"));
            assertEquals(0, value(s, "xtcp_capability{capability=\"CAP_SYS_ADMIN\"}"));
            assertEquals(1, value(s, "xtcp_stream_dropped_total"));
            // rtt = 50 i^2 us for i = 1..49 (i = 0 has none): <= 1 ms for i <= 4, <= 100 ms for all
            assertEquals(4, value(s, "xtcp_sockets_rtt_seconds{upper_bound=\"0.001\"}"));
            assertEquals(49, value(s, "xtcp_sockets_rtt_seconds{upper_bound=\"0.25\"}"));
            assertEquals(49, value(s, "xtcp_sockets_rtt_seconds{upper_bound=\"+Inf\"}"));
            assertEquals(5, value(s, "xtcp_sockets_retransmitting"));
            assertEquals(49, value(s, "xtcp_sockets_retrans_segments"));
            assertEquals(1, value(s, "xtcp_http_requests_total{route=\"/metrics\",status=\"200\"}"));
            assertTrue(text.contains("xtcp_build_info{java_version=\"" + System.getProperty("java.version") + "\",version=\"1.2.3\"} 1"),
                    "build info line in:\n" + text);
            assertTrue(s.keySet().stream().anyMatch(k -> k.startsWith("jvm_memory_used_bytes")), "JVM binder");
            assertTrue(s.containsKey("process_cpu_usage"), "process binder");
            assertTrue(s.containsKey("process_uptime_seconds"), "uptime binder");
        }
    }

    @Test
    void boundSuppliersStillReadAfterACollection() {
        try (XtcpMetrics m = new XtcpMetrics("t", false)) {
            java.util.concurrent.atomic.AtomicLong skipped = new java.util.concurrent.atomic.AtomicLong(3);
            java.util.concurrent.atomic.AtomicLong limit = new java.util.concurrent.atomic.AtomicLong(25L << 20);
            // method references made here and held by nobody else, as Daemon passes them
            m.bind(new SchedulerMeters(skipped::get, () -> 7));
            m.bind(new OldGenMeters(() -> 2, limit::get));
            for (int i = 0; i < 3; i++) {
                System.gc();
            }
            String text = m.scrape();
            assertTrue(text.contains("xtcp_poll_skipped_total 3.0"), text);
            assertTrue(text.contains("xtcp_poll_triggered_total 7.0"), text);
            assertTrue(text.contains("xtcp_jvm_old_gen_collections_total 2.0"), text);
            assertTrue(text.contains("xtcp_jvm_old_gen_limit_bytes 2.62144E7"), text);
        }
    }

    @Test
    void everyTagStaysBoundedWhatEverTheCallerPasses() {
        try (XtcpMetrics m = new XtcpMetrics("t", false)) {
            for (int i = 0; i < 200; i++) {
                m.delivery().error("udp", "failure number " + i);
                m.delivery().dropped("reason-" + i, 1);
                m.netlink().error("stage" + i, i, 1);
                m.http().request("/path/" + i, 200);
            }
            Map<String, Double> s = samples(m.scrape());
            assertTrue(count(s, "xtcp_sink_errors_total{") <= 17, "sink error kinds capped");
            assertTrue(count(s, "xtcp_sink_dropped_records_total{") <= 17, "drop reasons capped");
            assertTrue(count(s, "xtcp_netlink_errors_total{") <= 9 * 33, "errno x stage capped");
            assertTrue(count(s, "xtcp_http_requests_total{") <= 25, "routes capped");
            assertTrue(s.containsKey("xtcp_sink_errors_total{dest=\"udp\",kind=\"other\"}"), "overflow goes to 'other'");
            assertEquals(200, value(s, "xtcp_sink_errors_total{dest=\"udp\",kind=\"other\"}")
                    + s.entrySet().stream().filter(e -> e.getKey().startsWith("xtcp_sink_errors_total{") && !e.getKey().contains("other"))
                            .mapToDouble(Map.Entry::getValue).sum(), "every error counted somewhere");
        }
    }

    @Test
    void perNamespaceSeriesOnlyWithTheOptIn() {
        try (XtcpMetrics off = new XtcpMetrics("t", false); XtcpMetrics on = new XtcpMetrics("t", true)) {
            off.namespaces().sockets("ns1", 5);
            on.namespaces().sockets("ns1", 5);
            on.namespaces().sockets("ns2", 6);
            assertFalse(off.scrape().contains("xtcp_namespace_sockets"));
            assertTrue(on.scrape().contains("xtcp_namespace_sockets{netns=\"ns2\"} 6"));
            on.namespaces().removed("ns2");
            assertFalse(on.scrape().contains("netns=\"ns2\""), "a removed namespace's series goes away");
        }
    }

    @Test
    void deltaSumsThreadsAndSubtractsThePreviousCall() {
        DumpStatsDelta d = new DumpStatsDelta();
        DumpStats a = new DumpStats();
        DumpStats b = new DumpStats();
        a.bytes = 100;
        b.bytes = 50;
        assertEquals(150, d.next(a, b).bytes);
        a.bytes = 130;
        assertEquals(30, d.next(a, b).bytes);
        assertEquals(0, d.next(a, b).bytes);
    }

    private static long count(Map<String, Double> s, String prefix) {
        return s.keySet().stream().filter(k -> k.startsWith(prefix)).count();
    }
}
