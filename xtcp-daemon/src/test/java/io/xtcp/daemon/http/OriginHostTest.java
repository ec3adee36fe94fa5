package io.xtcp.daemon.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Cross-site pages and DNS rebinding, forged as a browser would send them: Origin on WebSocket
 * upgrades and POSTs, Host on everything but the probes. Real server, raw sockets.
 */
class OriginHostTest {
    static InetSocketAddress at(ServerFixture f) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), f.port());
    }

    @Test
    void crossOriginUpgradeIsRefusedAndSameOriginAccepted() throws Exception {
        try (ServerFixture f = new ServerFixture().start()) {
            String self = "127.0.0.1:" + f.port();
            RawHttp.Answer evil = RawHttp.upgrade(at(f), "Host", self, "Origin", "http://evil.example");
            assertEquals(403, evil.status(), evil.body());
            assertTrue(evil.body().contains("--http-allow-origin"), evil.body());
            assertEquals(403, RawHttp.upgrade(at(f), "Host", self, "Origin", "null").status(), "sandboxed pages and files");
            assertEquals(403, RawHttp.upgrade(at(f), "Host", self, "Origin", "http://127.0.0.1:" + (f.port() + 1)).status(),
                    "another port is another origin");
            assertEquals(403, RawHttp.upgrade(at(f), "Host", self, "Origin", "https://" + self).status(), "another scheme too");

            assertEquals(101, RawHttp.upgrade(at(f), "Host", self, "Origin", "http://" + self).status());
            assertEquals(101, RawHttp.upgrade(at(f), "Host", "localhost:" + f.port(), "Origin", "http://localhost:" + f.port()).status());
            assertEquals(101, RawHttp.upgrade(at(f), "Host", self).status(), "no Origin: not a browser page");
        }
    }

    @Test
    void allowedOriginsAreAccepted() throws Exception {
        HttpSettings s = HttpSettings.loopback(0).withAllowed(List.of("https://dash.example.org", "http://grafana.local:3000/"), List.of());
        try (ServerFixture f = new ServerFixture(s).start()) {
            String self = "127.0.0.1:" + f.port();
            assertEquals(101, RawHttp.upgrade(at(f), "Host", self, "Origin", "https://dash.example.org").status());
            assertEquals(101, RawHttp.upgrade(at(f), "Host", self, "Origin", "HTTP://Grafana.Local:3000").status());
            assertEquals(403, RawHttp.upgrade(at(f), "Host", self, "Origin", "https://dash.example.org.evil.example").status());
        }
    }

    @Test
    void crossOriginPostIsRefusedBeforeItTriggersAnything() throws Exception {
        try (ServerFixture f = new ServerFixture().start()) {
            String self = "127.0.0.1:" + f.port();
            assertEquals(403, RawHttp.send(at(f), null, "POST", "/api/poll", "Host", self, "Origin", "http://evil.example").status());
            assertEquals(0, f.daemon.triggers.get(), "a refused POST triggers no poll");
            assertEquals(202, RawHttp.send(at(f), null, "POST", "/api/poll", "Host", self, "Origin", "http://" + self).status());
            assertEquals(202, RawHttp.send(at(f), null, "POST", "/api/poll", "Host", self).status(), "curl sends no Origin");
            assertEquals(2, f.daemon.triggers.get());
            assertEquals(200, RawHttp.send(at(f), null, "GET", "/api/status", "Host", self, "Origin", "http://evil.example").status(),
                    "a cross-origin GET is answered; the browser keeps the answer from the page (no CORS headers)");
        }
    }

    @Test
    void rebindingHostIsRefusedButProbesAnswer() throws Exception {
        try (ServerFixture f = new ServerFixture().start()) {
            for (String path : List.of("/api/sockets", "/api/status", "/api", "/", "/debug/threads")) {
                RawHttp.Answer a = RawHttp.send(at(f), null, "GET", path, "Host", "evil.example:" + f.port());
                assertEquals(421, a.status(), path + ": " + a.body());
                assertTrue(a.body().contains("--http-allow-host"), a.body());
            }
            assertEquals(421, RawHttp.upgrade(at(f), "Host", "evil.example:" + f.port(), "Origin", "http://evil.example:" + f.port()).status(),
                    "a rebound page is same-origin with itself: the Host check refuses it");
            assertEquals(421, RawHttp.send(at(f), null, "POST", "/api/poll", "Host", "evil.example").status());
            assertEquals(0, f.daemon.triggers.get());
            for (String probe : List.of("/healthz", "/metrics")) {
                assertEquals(200, RawHttp.send(at(f), null, "GET", probe, "Host", "xtcp.monitoring.svc:9088").status(), probe);
            }
            for (String host : List.of("127.0.0.1:" + f.port(), "127.0.0.1", "localhost:" + f.port(), "LOCALHOST", "[::1]:" + f.port(),
                    "127.0.0.2:9")) {
                assertEquals(200, RawHttp.send(at(f), null, "GET", "/api/status", "Host", host).status(), host);
            }
            assertEquals(200, RawHttp.send(at(f), null, "GET", "/api/status").status(), "no Host (HTTP/1.0 style): no browser");
            assertEquals(421, RawHttp.send(at(f), null, "GET", "/api/status", "Host", "10.1.2.3:" + f.port()).status(),
                    "an address this loopback server is not bound to");
        }
        HttpSettings named = HttpSettings.loopback(0).withAllowed(List.of(), List.of("xtcp.internal"));
        try (ServerFixture f = new ServerFixture(named).start()) {
            assertEquals(200, RawHttp.send(at(f), null, "GET", "/api/status", "Host", "XTCP.internal:9088").status());
            assertEquals(421, RawHttp.send(at(f), null, "GET", "/api/status", "Host", "xtcp.internal.evil.example").status());
        }
    }

    @Test
    void hostRules() throws Exception {
        HostCheck wildcard = new HostCheck(InetAddress.getByName("0.0.0.0"), List.of("node-1"));
        assertNull(wildcard.problem("10.9.8.7:9088"), "a wildcard bind answers any IP literal");
        assertNull(wildcard.problem("[fe80::1]:9088"));
        assertNull(wildcard.problem("localhost:9088"));
        assertNull(wildcard.problem("node-1"));
        assertNotNull(wildcard.problem("node-2:9088"), "names need the allow-list");
        HostCheck pod = new HostCheck(InetAddress.getByName("10.0.0.5"), List.of());
        assertNull(pod.problem("10.0.0.5:9088"));
        assertNull(pod.problem("10.0.0.5:31000"), "the port is not compared (port forwards)");
        assertNotNull(pod.problem("10.0.0.6:9088"));
        assertNotNull(pod.problem("localhost:9088"), "localhost is not this non-loopback bind");
        HostCheck loop = new HostCheck(InetAddress.getByName("127.0.0.1"), List.of());
        for (String bad : List.of("a:b:c", "[::1", "[::1]x", "127.0.0.1:", "127.0.0.1:99999999", "evil.example", "1.2.3.4.evil")) {
            assertNotNull(loop.problem(bad), bad);
        }
        assertNull(loop.problem(null));
    }
}
