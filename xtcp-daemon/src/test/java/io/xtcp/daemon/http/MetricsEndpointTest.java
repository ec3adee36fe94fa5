package io.xtcp.daemon.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xtcp.daemon.metrics.SampleData;
import io.xtcp.testsupport.Prerequisites;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** /metrics over HTTP, checked by promtool (the Prometheus project's own parser and linter). */
class MetricsEndpointTest {
    static ServerFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = new ServerFixture().start();
        SampleData.record(f.metrics);
        f.metrics.namespaces().sockets("ignored-without-opt-in", 3);
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @Test
    void textFormatByDefaultPassesPromtoolCheckMetrics() throws Exception {
        Path promtool = Prerequisites.requireTool("promtool", "prometheus");
        HttpResponse<String> r = f.get("/metrics");
        assertEquals(200, r.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", r.headers().firstValue("content-type").orElse(""));
        assertTrue(r.body().contains("# TYPE xtcp_poll_duration_seconds histogram"), "histogram type line");
        assertTrue(r.body().contains("xtcp_build_info{"), "build info");
        Tools.Run check = Tools.run(List.of(promtool.toString(), "check", "metrics"), r.body().getBytes(StandardCharsets.UTF_8));
        assertEquals(0, check.exit(), "promtool check metrics:\n" + check.output());
        assertTrue(check.output().isBlank(), "no lint findings:\n" + check.output());
    }

    @Test
    void openMetricsWhenAsked() throws Exception {
        HttpResponse<String> r = f.get("/metrics", "Accept", "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("application/openmetrics-text; version=1.0.0"),
                r.headers().map().toString());
        assertTrue(r.body().endsWith("# EOF\n"), "OpenMetrics ends with # EOF");
        assertTrue(r.body().contains("# TYPE xtcp_build info"), "an info family in OpenMetrics");
        assertTrue(r.body().contains("xtcp_polls_total{result=\"ok\"} 3"), "counter sample");
        HttpResponse<String> plain = f.get("/metrics", "Accept", "text/plain");
        assertEquals("text/plain; version=0.0.4; charset=utf-8", plain.headers().firstValue("content-type").orElse(""));
    }
}
