package io.xtcp.daemon.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xtcp.daemon.metrics.SampleData;
import io.xtcp.testsupport.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus rules and the Grafana dashboard against promtool and against a live scrape:
 * every metric they query is one the daemon exposes, every alert is tested and documented, and
 * docs/metrics.md names every xtcp family.
 */
class DeployArtifactsTest {
    static final Path ROOT = Tools.root();
    static final Path RULES = ROOT.resolve("deploy/prometheus/xtcp-rules.yml");
    static final Path RULES_TEST = ROOT.resolve("deploy/prometheus/xtcp-rules.test.yml");
    static final Path DASHBOARD = ROOT.resolve("deploy/grafana/xtcp.json");
    static final Pattern METRIC = Pattern.compile("\\b((?:xtcp|process|jvm)_[a-z0-9_]+)\\b");
    static ServerFixture f;
    static String scrape;
    static Set<String> series = new HashSet<>();
    static Set<String> families = new TreeSet<>();

    @BeforeAll
    static void liveScrape() throws Exception {
        f = new ServerFixture().start();
        SampleData.record(f.metrics);
        var r = f.get("/metrics");
        assertEquals(200, r.statusCode());
        scrape = r.body();
        for (String line : scrape.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                families.add(line.split(" ")[2]);
            } else if (!line.startsWith("#") && !line.isBlank()) {
                series.add(line.split("[{ ]")[0]);
            }
        }
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    static Set<String> metricNames(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = METRIC.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    @Test
    void promtoolChecksAndTestsTheRules() throws Exception {
        Path promtool = Prerequisites.requireTool("promtool", "prometheus");
        Tools.Run check = Tools.run(List.of(promtool.toString(), "check", "rules", RULES.toString()), null);
        assertEquals(0, check.exit(), check.output());
        assertTrue(check.output().contains("SUCCESS"), check.output());
        Tools.Run test = Tools.run(List.of(promtool.toString(), "test", "rules", RULES_TEST.toString()), null);
        assertEquals(0, test.exit(), test.output());
        assertTrue(test.output().contains("SUCCESS"), test.output());
    }

    @Test
    void everyAlertIsTestedFiringAndSilentAndHasARunbook() throws Exception {
        String rules = Files.readString(RULES);
        String tests = Files.readString(RULES_TEST);
        String runbook = Files.readString(ROOT.resolve("docs/alerts.md"));
        Matcher m = Pattern.compile("- alert: (\\w+)").matcher(rules);
        Set<String> alerts = new TreeSet<>();
        while (m.find()) {
            alerts.add(m.group(1));
        }
        assertTrue(alerts.size() >= 8, alerts.toString());
        for (String a : List.of("XtcpDown", "XtcpPollOverrun", "XtcpSinkDroppingRecords", "XtcpSpoolFilling", "XtcpNetlinkErrors",
                "XtcpNoNamespaces", "XtcpCapabilityMissing")) {
            assertTrue(alerts.contains(a), a);
        }
        for (String a : alerts) {
            Matcher silent = Pattern.compile("alertname: " + a + "\\n\\s+exp_alerts: \\[\\]").matcher(tests);
            Matcher firing = Pattern.compile("alertname: " + a + "\\n\\s+exp_alerts:\\n\\s+- exp_labels:").matcher(tests);
            assertTrue(silent.find(), a + " has a not-firing case");
            assertTrue(firing.find(), a + " has a firing case");
            assertTrue(runbook.contains("## " + a), a + " in docs/alerts.md");
            assertTrue(rules.contains("docs/alerts.md#" + a.toLowerCase()), a + " links its runbook");
        }
    }

    @Test
    void rulesQueryOnlyExposedMetrics() throws Exception {
        Set<String> used = metricNames(Files.readString(RULES));
        assertFalse(used.isEmpty());
        for (String name : used) {
            assertTrue(series.contains(name), "rules use " + name + ", which the daemon does not expose");
        }
    }

    @Test
    void dashboardQueriesOnlyExposedMetrics() throws Exception {
        JsonNode d = new ObjectMapper().readTree(DASHBOARD.toFile());
        assertEquals("xtcp-overview", d.get("uid").asText());
        Set<Integer> ids = new HashSet<>();
        Set<String> used = new TreeSet<>();
        int queries = 0;
        for (JsonNode p : d.get("panels")) {
            assertTrue(ids.add(p.get("id").asInt()), "panel ids unique");
            if (p.get("type").asText().equals("row")) {
                continue;
            }
            assertTrue(p.get("targets").size() > 0, p.get("title") + " has queries");
            for (JsonNode t : p.get("targets")) {
                String expr = t.get("expr").asText();
                used.addAll(metricNames(expr));
                assertTrue(expr.contains("$instance"), p.get("title") + " follows the instance variable: " + expr);
                queries++;
            }
        }
        assertTrue(queries >= 20, "queries: " + queries);
        for (String need : List.of("xtcp_poll_duration_seconds_bucket", "xtcp_sink_dropped_records_total", "xtcp_namespaces_active",
                "xtcp_sockets", "xtcp_sockets_rtt_seconds", "xtcp_sockets_retransmitting")) {
            assertTrue(used.contains(need), "dashboard shows " + need);
        }
        for (String name : used) {
            assertTrue(series.contains(name), "dashboard queries " + name + ", which a live scrape does not have");
        }
    }

    @Test
    void dashboardQueriesAreValidPromQl(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path promtool = Prerequisites.requireTool("promtool", "prometheus");
        JsonNode d = new ObjectMapper().readTree(DASHBOARD.toFile());
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        int n = 0;
        for (JsonNode p : d.get("panels")) {
            for (JsonNode t : p.path("targets")) {
                String expr = t.get("expr").asText().replace("$__rate_interval", "5m").replace("$instance", ".*");
                rules.append("      - record: dashboard:query").append(n++).append("\n        expr: '")
                        .append(expr.replace("'", "''")).append("'\n");
            }
        }
        Path file = Files.writeString(dir.resolve("dashboard-queries.yml"), rules);
        Tools.Run check = Tools.run(List.of(promtool.toString(), "check", "rules", file.toString()), null);
        assertEquals(0, check.exit(), "promtool check rules on the dashboard's queries:\n" + check.output() + "\n" + rules);
    }

    @Test
    void metricsDocNamesEveryXtcpFamily() throws Exception {
        String doc = Files.readString(ROOT.resolve("docs/metrics.md"));
        for (String family : families) {
            if (family.startsWith("xtcp_")) {
                assertTrue(doc.contains("`" + family + "`"), "docs/metrics.md lists " + family);
            }
        }
    }
}
