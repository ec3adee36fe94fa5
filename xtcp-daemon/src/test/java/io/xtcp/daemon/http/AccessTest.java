package io.xtcp.daemon.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Token, auth scope and non-loopback refusal, over real HTTP and WebSocket clients. */
class AccessTest {
    static final String TOKEN = "s3cret-token-0123456789abcdef";
    final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @BeforeEach
    void captureLogs() {
        logs.start();
        root.addAppender(logs);
    }

    @AfterEach
    void tokenNeverLogged() {
        root.detachAppender(logs);
        for (ILoggingEvent e : logs.list) {
            assertFalse(e.getFormattedMessage().contains(TOKEN), "token in log: " + e.getFormattedMessage());
        }
    }

    static ServerFixture server(HttpSettings s) throws Exception {
        return new ServerFixture(s).start();
    }

    static int wsStatus(ServerFixture f, String... headers) throws Exception {
        WebSocket.Builder b = f.client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            WebSocket ws = b.buildAsync(java.net.URI.create("ws://127.0.0.1:" + f.port() + "/stream"), new WebSocket.Listener() {})
                    .get(10, TimeUnit.SECONDS);
            ws.abort();
            return 101;
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException) {
                return ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode();
            }
            throw e;
        }
    }

    @Test
    void loopbackWithoutTokenLeavesGuardedEndpointsOpen() throws Exception {
        try (ServerFixture f = server(HttpSettings.loopback(0))) {
            assertEquals(202, f.post("/api/poll").statusCode());
            assertEquals(101, wsStatus(f));
        }
    }

    @Test
    void tokenGuardsPollStreamAndDebugButNotApiOrMetrics() throws Exception {
        try (ServerFixture f = new ServerFixture(HttpSettings.loopback(0).withToken(TOKEN, false))) {
            f.server.debug("/debug/echo", q -> new DebugEndpoint.Reply(200, "text/plain", ("echo " + q.get("x")).getBytes(StandardCharsets.UTF_8)));
            f.start();
            HttpResponse<String> none = f.post("/api/poll");
            assertEquals(401, none.statusCode());
            assertEquals("Bearer realm=\"xtcp\"", none.headers().firstValue("www-authenticate").orElse(""));
            assertEquals(401, f.post("/api/poll", "Authorization", "Bearer wrong-token-0123456789abcdef").statusCode());
            assertEquals(401, f.post("/api/poll", "Authorization", "Basic " + TOKEN).statusCode());
            assertEquals(401, f.post("/api/poll", "Authorization", "Bearer " + TOKEN + "x").statusCode());
            assertEquals(0, f.daemon.triggers.get(), "no trigger without the token");
            assertEquals(202, f.post("/api/poll", "Authorization", "Bearer " + TOKEN).statusCode());
            assertEquals(202, f.post("/api/poll", "Authorization", "bearer " + TOKEN).statusCode());
            assertEquals(2, f.daemon.triggers.get());

            assertEquals(401, wsStatus(f));
            assertEquals(401, wsStatus(f, "Authorization", "Bearer nope"));
            assertEquals(101, wsStatus(f, "Authorization", "Bearer " + TOKEN));

            assertEquals(401, f.get("/debug/echo?x=1").statusCode());
            HttpResponse<String> d = f.get("/debug/echo?x=1", "Authorization", "Bearer " + TOKEN);
            assertEquals(200, d.statusCode());
            assertEquals("echo [1]", d.body());
            assertEquals(401, f.get("/debug/other").statusCode(), "unknown debug paths are guarded too");
            assertEquals(404, f.get("/debug/other", "Authorization", "Bearer " + TOKEN).statusCode());

            for (String open : List.of("/metrics", "/healthz", "/api/status", "/api", "/api/sockets", "/api/summary", "/api/namespaces")) {
                assertTrue(f.get(open).statusCode() != 401, open + " is open with --http-auth protected");
            }
        }
    }

    @Test
    void authAllGuardsApiButNeverMetricsOrHealth() throws Exception {
        try (ServerFixture f = server(HttpSettings.loopback(0).withToken(TOKEN, true))) {
            for (String guarded : List.of("/api", "/api/status", "/api/sockets", "/api/summary", "/api/namespaces")) {
                assertEquals(401, f.get(guarded).statusCode(), guarded);
                assertEquals(200, f.get(guarded, "Authorization", "Bearer " + TOKEN).statusCode(), guarded);
            }
            assertEquals(200, f.get("/metrics").statusCode());
            assertEquals(200, f.get("/healthz").statusCode());
            assertEquals(503, f.get("/readyz").statusCode(), "open, and not ready yet");
        }
    }

    @Test
    void nonLoopbackWithoutTokenRefusesGuardedEndpointsAndWarns() throws Exception {
        HttpSettings s = HttpSettings.loopback(0).withAddress(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 0));
        try (ServerFixture f = server(s)) {
            HttpResponse<String> r = f.post("/api/poll");
            assertEquals(403, r.statusCode());
            assertTrue(r.body().contains("--http-token-file"), r.body());
            assertEquals(0, f.daemon.triggers.get());
            assertEquals(403, wsStatus(f));
            assertEquals(403, f.get("/debug/x").statusCode());
            assertEquals(403, f.get("/api/status").statusCode(), "off loopback /api/* needs the token under --http-auth protected too");
            assertEquals(200, f.get("/metrics").statusCode());
            assertEquals(200, f.get("/").statusCode(), "the dashboard page holds no data");
            assertTrue(logs.list.stream().anyMatch(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN
                    && e.getFormattedMessage().contains("non-loopback") && e.getFormattedMessage().contains("403")),
                    "a start-up warning: " + logs.list);
        }
    }

    @Test
    void nonLoopbackWithTokenAcceptsTheToken() throws Exception {
        HttpSettings s = HttpSettings.loopback(0).withAddress(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 0)).withToken(TOKEN, false);
        try (ServerFixture f = server(s)) {
            assertEquals(401, f.post("/api/poll").statusCode());
            assertEquals(202, f.post("/api/poll", "Authorization", "Bearer " + TOKEN).statusCode());
            assertEquals(401, f.get("/api/sockets").statusCode(), "off loopback /api/* needs the token under protected too");
            assertEquals(200, f.get("/api/status", "Authorization", "Bearer " + TOKEN).statusCode());
            assertTrue(logs.list.stream().noneMatch(e -> e.getFormattedMessage().contains("non-loopback")));
        }
    }

    @Test
    void policyDecisions() {
        AccessPolicy p = new AccessPolicy(TOKEN, false, true);
        assertEquals(AccessPolicy.Decision.ALLOW, p.check("/metrics", null));
        assertEquals(AccessPolicy.Decision.UNAUTHORIZED, p.check("/stream", "Bearer"));
        assertEquals(AccessPolicy.Decision.UNAUTHORIZED, p.check("/debug/profile", ""));
        assertEquals(AccessPolicy.Decision.ALLOW, p.check("/debug/profile", "Bearer  " + TOKEN + " "));
        if (new AccessPolicy(null, true, false).check("/api/status", null) != AccessPolicy.Decision.FORBIDDEN) {
            fail("auth all, no token, non-loopback: /api refused");
        }
    }
}
