package io.xtcp.daemon.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xtcp.daemon.run.Verdict;
import io.xtcp.daemon.snapshot.PollFeed;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every endpoint x bind address (127.0.0.1, and 10.254.19.1 on a veth device in a namespace made
 * for the test) x --http-auth (protected, all) x token (none configured; configured and sent none,
 * a wrong one, the right one), over real sockets. The expected status comes from the table in
 * docs/http.md, written out here, not from the server's own policy.
 */
class TokenMatrixTest {
    static final String TOKEN = "matrix-token-0123456789abcdef";
    static final Set<String> OPEN = Set.of("/", "/metrics", "/healthz", "/readyz");
    static final Set<String> GUARDED = Set.of("/api/poll", "/stream", "/debug/echo");
    static final List<String> ENDPOINTS = List.of("/", "/metrics", "/healthz", "/readyz", "/api", "/api/status", "/api/namespaces",
            "/api/sockets", "/api/summary", "/api/poll", "/stream", "/debug/echo");

    enum Sent { NONE, WRONG, RIGHT }

    /** docs/http.md, "Access": what a request gets. */
    static int expected(String endpoint, boolean loopback, boolean authAll, boolean configured, Sent sent) {
        int ok = endpoint.equals("/stream") ? 101 : endpoint.equals("/api/poll") ? 202 : 200;
        if (OPEN.contains(endpoint)) {
            return ok;
        }
        boolean needsToken = !loopback || authAll || GUARDED.contains(endpoint);
        if (!needsToken) {
            return ok;
        }
        if (!configured) {
            return loopback ? ok : 403;
        }
        return sent == Sent.RIGHT ? ok : 401;
    }

    static int actual(InetSocketAddress at, String endpoint, Sent sent) throws Exception {
        String host = at.getAddress().getHostAddress() + ":" + at.getPort();
        String token = sent == Sent.RIGHT ? TOKEN : "wrong-token-0123456789abcdef";
        if (endpoint.equals("/stream")) {
            // the browser's way: the token as a subprotocol beside xtcp.v1
            List<String> h = new ArrayList<>(List.of("Host", host));
            if (sent != Sent.NONE) {
                h.addAll(List.of("Sec-WebSocket-Protocol",
                        "xtcp.v1, bearer." + Base64.getUrlEncoder().withoutPadding().encodeToString(token.getBytes(StandardCharsets.UTF_8))));
            }
            RawHttp.Answer a = RawHttp.upgrade(at, h.toArray(String[]::new));
            if (a.status() == 101 && sent != Sent.NONE) {
                assertEquals("xtcp.v1", a.headers().get("sec-websocket-protocol"), "the server answers xtcp.v1, never the token");
            }
            return a.status();
        }
        String method = endpoint.equals("/api/poll") ? "POST" : "GET";
        RawHttp.Answer a = sent == Sent.NONE ? RawHttp.send(at, null, method, endpoint, "Host", host)
                : RawHttp.send(at, null, method, endpoint, "Host", host, "Authorization", "Bearer " + token);
        return a.status();
    }

    static List<String> runMatrix(String bind) throws Exception {
        List<String> wrong = new ArrayList<>();
        int cells = 0;
        boolean loopback = InetAddress.getByName(bind).isLoopbackAddress();
        for (boolean authAll : List.of(false, true)) {
            for (boolean configured : List.of(false, true)) {
                HttpSettings s = HttpSettings.loopback(0).withAddress(new InetSocketAddress(InetAddress.getByName(bind), 0))
                        .withToken(configured ? TOKEN : null, authAll);
                PollFeed feed = new PollFeed(Duration.ofMillis(20), PollFeed.DEFAULT_KEEP);
                try (ServerFixture f = new ServerFixture(s, feed)) {
                    f.daemon.readiness = Verdict.yes("ready");
                    f.server.debug("/debug/echo", q -> DebugEndpoint.Reply.text("echo\n"));
                    f.start();
                    InetSocketAddress at = new InetSocketAddress(InetAddress.getByName(bind), f.port());
                    for (Sent sent : configured ? List.of(Sent.NONE, Sent.WRONG, Sent.RIGHT) : List.of(Sent.NONE)) {
                        for (String endpoint : ENDPOINTS) {
                            int want = expected(endpoint, loopback, authAll, configured, sent);
                            int got = actual(at, endpoint, sent);
                            cells++;
                            if (want != got) {
                                wrong.add(bind + " auth=" + (authAll ? "all" : "protected") + " token=" + (configured ? "set" : "none")
                                        + " sent=" + sent + " " + endpoint + ": want " + want + ", got " + got);
                            }
                        }
                    }
                }
            }
        }
        assertEquals(2 * (1 + 3) * ENDPOINTS.size(), cells, "every cell of " + bind);
        return wrong;
    }

    @Test
    void everyEndpointByBindByModeByToken() throws Exception {
        try (ThrowawayNetns ns = new ThrowawayNetns()) {
            List<String> wrong = new ArrayList<>();
            wrong.addAll(ns.call(() -> runMatrix("127.0.0.1")));
            wrong.addAll(ns.call(() -> runMatrix(ThrowawayNetns.ADDRESS)));
            assertTrue(wrong.isEmpty(), wrong.size() + " cells differ from docs/http.md:\n" + String.join("\n", wrong));
        }
    }

    @Test
    void theTokenIsNeverTakenFromTheUrl() throws Exception {
        try (ServerFixture f = new ServerFixture(HttpSettings.loopback(0).withToken(TOKEN, true)).start()) {
            InetSocketAddress at = new InetSocketAddress(InetAddress.getLoopbackAddress(), f.port());
            assertEquals(401, RawHttp.send(at, null, "GET", "/api/status?token=" + TOKEN, "Host", "127.0.0.1").status(),
                    "a token in the URL is not a token");
            assertEquals(400, RawHttp.send(at, null, "GET", "/api/status?token=" + TOKEN, "Host", "127.0.0.1", "Authorization",
                    "Bearer " + TOKEN).status(), "and an unknown parameter");
            int ws = RawHttp.upgrade(new InetSocketAddress(InetAddress.getLoopbackAddress(), f.port()), "Host", "127.0.0.1").status();
            assertEquals(401, ws);
            // the JDK's WebSocket client offers the subprotocols and checks the one the server picks
            java.net.http.WebSocket w = f.client.newWebSocketBuilder()
                    .subprotocols("xtcp.v1", "bearer." + Base64.getUrlEncoder().withoutPadding().encodeToString(TOKEN.getBytes(StandardCharsets.UTF_8)))
                    .buildAsync(java.net.URI.create("ws://127.0.0.1:" + f.port() + "/stream"), new java.net.http.WebSocket.Listener() {})
                    .get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals("xtcp.v1", w.getSubprotocol());
            w.abort();
            String onlyToken = "bearer." + Base64.getUrlEncoder().withoutPadding().encodeToString(TOKEN.getBytes(StandardCharsets.UTF_8));
            RawHttp.Answer a = RawHttp.upgrade(new InetSocketAddress(InetAddress.getLoopbackAddress(), f.port()), "Host", "127.0.0.1",
                    "Sec-WebSocket-Protocol", onlyToken);
            assertEquals(400, a.status(), "the token alone, without xtcp.v1: " + a.body());
            assertTrue(!a.body().contains(onlyToken) && a.headers().values().stream().noneMatch(v -> v.contains(onlyToken)),
                    "the token is never echoed");
        }
    }
}
