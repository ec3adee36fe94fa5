package io.xtcp.daemon.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xtcp.daemon.metrics.HealthMeters;
import io.xtcp.daemon.metrics.XtcpMetrics;
import io.xtcp.daemon.run.Health;
import io.xtcp.daemon.run.Supervised;
import io.xtcp.daemon.snapshot.PollFeed;
import io.xtcp.dest.pipeline.SinkHealth;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * /readyz, /healthz, /api/status and the xtcp_ready/xtcp_live gauges over the real side server,
 * answered by the daemon's own view (MetricsDaemonView) over one Health on a fake clock.
 */
class HealthEndpointsTest {
    static final long T0 = Instant.parse("2026-12-07T12:00:03Z").toEpochMilli();

    final AtomicLong now = new AtomicLong(T0);
    final AtomicLong lastPoll = new AtomicLong();
    final AtomicReference<SinkHealth> sink = new AtomicReference<>(new SinkHealth(SinkHealth.State.DELIVERING, "", T0, 0));
    final AtomicReference<String> trouble = new AtomicReference<>();
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    XtcpMetrics metrics;
    HttpSideServer server;

    @BeforeEach
    void start() throws Exception {
        metrics = new XtcpMetrics("9.9.9", false);
        Supervised scheduler = new Supervised() {
            @Override
            public String component() {
                return "scheduler";
            }

            @Override
            public String reviveOnce() {
                return null;
            }

            @Override
            public String trouble(long nowNanos) {
                return trouble.get();
            }

            @Override
            public long restarts() {
                return 0;
            }
        };
        Health health = new Health(now::get, System::nanoTime, Health.pollLimit(Duration.ofSeconds(10), Duration.ofSeconds(8)),
                lastPoll::get, List.of(new Health.Sink("file:///var/lib/xtcp/out.pb", at -> sink.get())), List.of(scheduler));
        metrics.bind(new HealthMeters(() -> health.ready().ok(), () -> health.live().ok(), Map.of("scheduler", scheduler::restarts)));
        MetricsDaemonView view = new MetricsDaemonView(metrics, "host-a", "9.9.9", () -> false, () -> 0, () -> 0, List::of, health);
        server = new HttpSideServer(HttpSettings.loopback(0), metrics, view, new PollFeed()).start();
    }

    @AfterEach
    void stop() {
        server.close();
        metrics.close();
    }

    HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).timeout(Duration.ofSeconds(10))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    void expect(String path, int status, String body) throws Exception {
        HttpResponse<String> r = get(path);
        assertEquals(status, r.statusCode(), path + ": " + r.body());
        assertEquals(body, r.body(), path);
    }

    String gauge(String name) throws Exception {
        for (String line : get("/metrics").body().split("\n")) {
            if (line.startsWith(name + " ")) {
                return line.substring(name.length() + 1);
            }
        }
        return "absent";
    }

    @Test
    void readyzAndHealthzTellTheTruth() throws Exception {
        expect("/readyz", 503, "not ready: no poll has completed yet\n");
        expect("/healthz", 200, "ok\n");
        assertEquals("0.0", gauge("xtcp_ready"));
        assertEquals("1.0", gauge("xtcp_live"));

        lastPoll.set(T0);
        expect("/readyz", 200, "ready\n");
        assertEquals("1.0", gauge("xtcp_ready"));

        now.set(T0 + 28_001);
        expect("/readyz", 503, "not ready: no successful poll since 2026-12-07T12:00:03Z (limit 28s)\n");
        now.set(T0 + 28_000);
        expect("/readyz", 200, "ready\n");

        sink.set(new SinkHealth(SinkHealth.State.STALE, "no space left on device", T0 - 31_000, T0 - 30_000));
        expect("/readyz", 503, "not ready: sink file:///var/lib/xtcp/out.pb: no space left on device since 2026-12-07T11:59:33Z\n");
        expect("/healthz", 200, "ok\n");
        sink.set(new SinkHealth(SinkHealth.State.DELIVERING, "", T0, 0));

        trouble.set("the poll scheduler thread died: java.lang.Error: boom");
        expect("/healthz", 503, "not live: the poll scheduler thread died: java.lang.Error: boom\n");
        expect("/readyz", 503, "not ready: the poll scheduler thread died: java.lang.Error: boom\n");
        assertEquals("0.0", gauge("xtcp_live"));
        assertEquals("0.0", gauge("xtcp_ready"));

        JsonNode status = new ObjectMapper().readTree(get("/api/status").body());
        assertEquals(false, status.get("live").get("live").asBoolean());
        assertEquals("the poll scheduler thread died: java.lang.Error: boom", status.get("live").get("reason").asText());
        assertEquals(false, status.get("ready").get("ready").asBoolean());

        trouble.set(null);
        expect("/healthz", 200, "ok\n");
        assertTrue(get("/metrics").body().contains("xtcp_component_restarts_total{component=\"scheduler\"} 0.0"));
    }
}
