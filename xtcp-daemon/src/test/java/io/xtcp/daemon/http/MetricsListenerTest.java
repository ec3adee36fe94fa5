package io.xtcp.daemon.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xtcp.daemon.config.HttpAuth;
import io.xtcp.daemon.config.HttpConfig;
import io.xtcp.daemon.run.Verdict;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * --metrics-listen: a second listener, built from the configuration as the daemon builds it, that
 * answers /metrics, /healthz and /readyz and nothing else (404), with no token, beside a side
 * server that stays on loopback.
 */
class MetricsListenerTest {
    @Test
    void servesTheProbesAndNothingElse() throws Exception {
        HttpConfig c = new HttpConfig("127.0.0.1:0", Path.of("/nonexistent-token"), HttpAuth.ALL, 64, Duration.ofSeconds(60), 100, List.of(),
                List.of(), Duration.ofSeconds(5), 16, Duration.ofSeconds(1), "127.0.0.1:0");
        HttpSettings s = HttpSettings.metricsFrom(c);
        assertTrue(s.metricsOnly() && s.token() == null, "the metrics listener never reads or needs the token");
        try (ServerFixture f = new ServerFixture(s)) {
            f.daemon.readiness = Verdict.yes("ready");
            f.server.debug("/debug/echo", q -> DebugEndpoint.Reply.text("echo\n"));
            f.start();
            InetSocketAddress at = new InetSocketAddress(InetAddress.getLoopbackAddress(), f.port());
            for (String probe : List.of("/metrics", "/healthz", "/readyz")) {
                assertEquals(200, RawHttp.send(at, null, "GET", probe, "Host", "10.0.0.7:9090").status(), probe);
            }
            assertTrue(RawHttp.send(at, null, "GET", "/metrics").body().contains("xtcp_"), "the same registry");
            for (String other : List.of("/", "/api", "/api/status", "/api/sockets", "/api/summary", "/api/namespaces", "/debug/echo",
                    "/debug/threads")) {
                assertEquals(404, RawHttp.send(at, null, "GET", other, "Host", "127.0.0.1").status(), other);
            }
            assertEquals(404, RawHttp.send(at, null, "POST", "/api/poll", "Host", "127.0.0.1").status());
            assertEquals(0, f.daemon.triggers.get());
            assertEquals(404, RawHttp.upgrade(at, "Host", "127.0.0.1").status(), "/stream");
        }
    }

    @Test
    void offByDefaultAndCheckedLikeListen() {
        HttpConfig d = new HttpConfig("127.0.0.1:9088", null, HttpAuth.PROTECTED, 64, Duration.ofSeconds(60), 100);
        assertTrue(!d.metricsEnabled(), "off by default");
        HttpConfig bad = new HttpConfig("127.0.0.1:9088", null, HttpAuth.PROTECTED, 64, Duration.ofSeconds(60), 100, List.of("evil.example"),
                List.of("bad host!"), Duration.ZERO, 0, Duration.ofSeconds(-1), "10.0.0.1");
        List<String> p = bad.problems();
        for (String flag : List.of("--metrics-listen", "--http-allow-origin", "--http-allow-host", "--http-header-timeout",
                "--http-max-connections-per-ip", "--poll-min-gap")) {
            assertTrue(p.stream().anyMatch(x -> x.startsWith(flag)), flag + " named in " + p);
        }
    }

    /** {@code :PORT} (xtcp2's form) binds every interface: IPv4 and IPv6 loopback both reach it, and it is off loopback, so no token means 403. */
    @Test
    void colonPortBindsEveryInterfaceUnderTheOffLoopbackRules() throws Exception {
        HttpConfig c = new HttpConfig(":0", null, HttpAuth.PROTECTED, 64, Duration.ofSeconds(60), 100, List.of(), List.of(),
                Duration.ofSeconds(5), 16, Duration.ofSeconds(1), ":0");
        for (HttpSettings s : List.of(HttpSettings.from(c), HttpSettings.metricsFrom(c))) {
            try (ServerFixture f = new ServerFixture(s)) {
                f.daemon.readiness = Verdict.yes("ready");
                f.start();
                InetSocketAddress v4 = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), f.port());
                InetSocketAddress v6 = new InetSocketAddress(InetAddress.getByName("::1"), f.port());
                assertEquals(200, RawHttp.send(v4, null, "GET", "/metrics", "Host", "127.0.0.1").status());
                assertEquals(200, RawHttp.send(v6, null, "GET", "/readyz", "Host", "[::1]").status());
                int api = RawHttp.send(v4, null, "GET", "/api/status", "Host", "127.0.0.1").status();
                assertEquals(s.metricsOnly() ? 404 : 403, api, "no token off loopback");
            }
        }
    }

    /** --metrics-path (xtcp2's -promPath): both listeners serve the Prometheus text there too; a side-server path is refused. */
    @Test
    void metricsPathOnBothListeners() throws Exception {
        HttpConfig c = new HttpConfig("127.0.0.1:0", null, HttpAuth.PROTECTED, 64, Duration.ofSeconds(60), 100, List.of(), List.of(),
                Duration.ofSeconds(5), 16, Duration.ofSeconds(1), "127.0.0.1:0", "/prom/metrics");
        assertTrue(c.problems().isEmpty(), c.problems().toString());
        for (HttpSettings s : List.of(HttpSettings.from(c), HttpSettings.metricsFrom(c))) {
            try (ServerFixture f = new ServerFixture(s)) {
                f.start();
                InetSocketAddress at = new InetSocketAddress(InetAddress.getLoopbackAddress(), f.port());
                RawHttp.Answer a = RawHttp.send(at, null, "GET", "/prom/metrics", "Host", "127.0.0.1");
                assertEquals(200, a.status());
                assertTrue(a.body().contains("xtcp_"), "the Prometheus text");
                assertEquals(200, RawHttp.send(at, null, "GET", "/metrics", "Host", "127.0.0.1").status(), "/metrics still answers");
                assertEquals(404, RawHttp.send(at, null, "GET", "/prom", "Host", "127.0.0.1").status());
            }
        }
        for (String bad : List.of("metrics", "/api/metrics", "/healthz", "/debug", "/a b", "/a//b", "/../x", "/")) {
            HttpConfig b = new HttpConfig("127.0.0.1:0", null, HttpAuth.PROTECTED, 64, Duration.ofSeconds(60), 100, List.of(), List.of(),
                    Duration.ofSeconds(5), 16, Duration.ofSeconds(1), "off", bad);
            assertTrue(b.problems().stream().anyMatch(x -> x.startsWith("--metrics-path")), bad + " " + b.problems());
        }
    }
}
