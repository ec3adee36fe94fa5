package io.xtcp.daemon.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xtcp.daemon.run.Verdict;
import io.xtcp.daemon.snapshot.PollSnapshot;
import io.xtcp.daemon.snapshot.SnapshotBuilder;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every endpoint over real HTTP, each JSON reply parsed by Jackson. */
class ApiEndpointsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static ServerFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = new ServerFixture().start();
        synchronized (f.daemon) {
            f.daemon.namespaces.add(new DaemonView.NamespaceInfo("self", 4026531840L, "self", 10, ""));
            for (int i = 0; i < 11; i++) {
                f.daemon.namespaces.add(new DaemonView.NamespaceInfo("ns" + i, 4026532000L + i, "/run/netns", i, i == 3 ? "EPERM" : ""));
            }
        }
        f.feed.publish(snapshot());
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    /** 3 namespaces × 5 states-ish; rtt = 1000 * i, retrans = i % 7, bytes = 10 * (40 - i), cwnd = i % 13. */
    static PollSnapshot snapshot() {
        SnapshotBuilder b = PollSnapshot.builder(PollSnapshot.DEFAULT_MAX_RECORDS);
        String[] ns = {"self", "red", "blue"};
        int[] states = {1, 1, 10, 6, 8};
        String[] cc = {"cubic", "bbr", "cubic"};
        for (int i = 0; i < 40; i++) {
            b.add(Records.of(ns[i % 3], states[i % 5], i % 5 == 2 ? 443 : 40000 + i, i % 5 == 2 ? 0 : 443, 1000L * i, i % 7,
                    10L * (40 - i), i % 13, cc[i % 3]));
        }
        return b.build(42, System.currentTimeMillis());
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        assertEquals("application/json; charset=utf-8", r.headers().firstValue("content-type").orElse(""), r.body());
        return JSON.readTree(r.body());
    }

    @Test
    void healthzFollowsTheDaemon() throws Exception {
        HttpResponse<String> r = f.get("/healthz");
        assertEquals(200, r.statusCode());
        assertEquals("ok\n", r.body());
        assertEquals("no-store", r.headers().firstValue("cache-control").orElse(""));
        f.daemon.liveness = Verdict.no("the poll scheduler thread died: java.lang.Error");
        r = f.get("/healthz");
        assertEquals(503, r.statusCode());
        assertEquals("not live: the poll scheduler thread died: java.lang.Error\n", r.body());
        f.daemon.liveness = Verdict.yes("ok");
    }

    @Test
    void readyzFollowsTheDaemon() throws Exception {
        f.daemon.readiness = Verdict.no("no poll has completed yet");
        HttpResponse<String> r = f.get("/readyz");
        assertEquals(503, r.statusCode());
        assertTrue(r.body().contains("no poll has completed yet"), r.body());
        f.daemon.readiness = Verdict.yes("ready");
        assertEquals(200, f.get("/readyz").statusCode());
        f.daemon.readiness = Verdict.no("destination kafka is not accepting data");
        r = f.get("/readyz");
        assertEquals(503, r.statusCode());
        assertTrue(r.body().contains("kafka"), r.body());
        f.daemon.readiness = Verdict.yes("ready");
    }

    @Test
    void apiListsEndpointsWithPaging() throws Exception {
        JsonNode all = json(f.get("/api?per_page=100"));
        List<String> paths = new ArrayList<>();
        all.get("endpoints").forEach(e -> paths.add(e.get("method").asText() + " " + e.get("path").asText()));
        for (String p : List.of("GET /metrics", "GET /healthz", "GET /readyz", "GET /api", "GET /api/status", "GET /api/namespaces",
                "GET /api/sockets", "GET /api/summary", "POST /api/poll", "GET /stream", "GET /debug/*")) {
            assertTrue(paths.contains(p), p + " in " + paths);
        }
        int total = all.get("total").asInt();
        assertEquals(paths.size(), total);
        JsonNode page2 = json(f.get("/api?page=2&per_page=3"));
        assertEquals(3, page2.get("endpoints").size());
        assertEquals(paths.get(3), page2.get("endpoints").get(0).get("method").asText() + " " + page2.get("endpoints").get(0).get("path").asText());
        assertEquals((total + 2) / 3, page2.get("pages").asInt());
        assertEquals(0, json(f.get("/api?page=99&per_page=3")).get("endpoints").size());
        JsonNode sockets = null;
        for (JsonNode e : all.get("endpoints")) {
            if (e.get("path").asText().equals("/api/sockets")) {
                sockets = e;
            }
        }
        assertEquals("[\"netns\",\"state\",\"port\",\"sort\",\"limit\"]", sockets.get("params").toString());
        assertEquals("none", sockets.get("auth").asText(), "loopback without token");
    }

    @Test
    void statusHasEveryPart() throws Exception {
        JsonNode s = json(f.get("/api/status"));
        assertEquals("host-a", s.get("host").asText());
        assertEquals("9.9.9", s.get("version").asText());
        assertTrue(s.get("uptime_seconds").asDouble() >= 4.0, s.toString());
        assertTrue(s.get("started").asText().endsWith("Z"));
        assertEquals(7, s.get("polls").get("ok").asLong());
        assertEquals(1, s.get("polls").get("error").asLong());
        assertEquals(2, s.get("polls").get("timeout").asLong());
        assertEquals(10, s.get("polls").get("total").asLong());
        assertEquals(3, s.get("polls").get("skipped_ticks").asLong());
        assertEquals(4, s.get("polls").get("triggered").asLong());
        assertEquals(0.25, s.get("last_poll").get("duration_seconds").asDouble(), 1e-9);
        assertTrue(s.get("last_poll").get("time").isTextual());
        assertEquals(1234, s.get("last_poll").get("sockets").asLong());
        assertEquals(2, s.get("namespaces").asLong());
        assertEquals("kafka", s.get("sinks").get(0).get("dest").asText());
        assertTrue(s.get("sinks").get(0).get("accepting").asBoolean());
        assertEquals(5, s.get("queue_depth").asLong());
        assertEquals(17, s.get("dropped_records").asLong());
        assertEquals(42, s.get("snapshot").get("poll").asLong());
        assertEquals(40, s.get("snapshot").get("records").asLong());
        assertTrue(s.get("ready").has("reason"));
    }

    @Test
    void namespacesArePaged() throws Exception {
        JsonNode n = json(f.get("/api/namespaces"));
        assertEquals(12, n.get("total").asInt());
        assertEquals(12, n.get("namespaces").size());
        JsonNode first = n.get("namespaces").get(0);
        assertEquals("self", first.get("name").asText());
        assertEquals(4026531840L, first.get("inode").asLong());
        assertEquals(10, first.get("sockets_last_poll").asLong());
        JsonNode p = json(f.get("/api/namespaces?page=3&per_page=5"));
        assertEquals(2, p.get("namespaces").size());
        assertEquals("ns9", p.get("namespaces").get(0).get("name").asText());
        assertEquals(3, p.get("pages").asInt());
    }

    @Test
    void socketsAreRecordsFilteredAndSortedLargestFirst() throws Exception {
        JsonNode all = json(f.get("/api/sockets?limit=1000"));
        assertEquals(42, all.get("poll").asLong());
        assertEquals(40, all.get("count").asInt());
        assertEquals(40, all.get("sockets").size());
        assertFalse(all.get("truncated").asBoolean());
        JsonNode rec = all.get("sockets").get(1);
        assertEquals("red", rec.get("netns").asText());
        assertEquals("10.0.0.1", rec.get("inetDiagMsgSocketSource").asText());
        assertEquals(40001, rec.get("inetDiagMsgSocketSourcePort").asInt());
        assertEquals(1000, rec.get("tcpInfoRtt").asLong());
        assertEquals("bbr", rec.get("congestionAlgorithmString").asText());

        JsonNode red = json(f.get("/api/sockets?netns=red&limit=1000"));
        red.get("sockets").forEach(r -> assertEquals("red", r.get("netns").asText()));
        assertEquals(13, red.get("count").asInt());

        JsonNode est = json(f.get("/api/sockets?state=established&netns=blue,self&limit=1000"));
        est.get("sockets").forEach(r -> {
            assertEquals(1, r.get("inetDiagMsgState").asInt());
            assertTrue(List.of("blue", "self").contains(r.get("netns").asText()));
        });
        assertEquals(expected(i -> (i % 5 == 0 || i % 5 == 1) && i % 3 != 1), est.get("count").asInt());

        JsonNode port = json(f.get("/api/sockets?port=443&state=listen&limit=1000"));
        assertEquals(8, port.get("count").asInt());
        port.get("sockets").forEach(r -> assertEquals(443, r.get("inetDiagMsgSocketSourcePort").asInt()));

        for (String sort : List.of("rtt", "retrans", "bytes", "cwnd")) {
            JsonNode s = json(f.get("/api/sockets?sort=" + sort + "&limit=7"));
            assertEquals(7, s.get("sockets").size());
            assertEquals(sort, s.get("sort").asText());
            long prev = Long.MAX_VALUE;
            for (JsonNode r : s.get("sockets")) {
                long v = key(r, sort);
                assertTrue(v <= prev, sort + " not descending: " + s);
                prev = v;
            }
            long max = 0;
            for (JsonNode r : all.get("sockets")) {
                max = Math.max(max, key(r, sort));
            }
            assertEquals(max, key(s.get("sockets").get(0), sort), sort + ": the largest comes first");
        }
        assertEquals(39_000, json(f.get("/api/sockets?sort=rtt&limit=1")).get("sockets").get(0).get("tcpInfoRtt").asLong());
        assertEquals(3, json(f.get("/api/sockets?limit=3")).get("sockets").size());
        assertEquals(100, json(f.get("/api/sockets")).get("limit").asInt());
    }

    private static long key(JsonNode r, String sort) {
        switch (sort) {
            case "rtt":
                return r.path("tcpInfoRtt").asLong();
            case "retrans":
                return r.path("tcpInfoTotalRetrans").asLong();
            case "bytes":
                return r.path("tcpInfoBytesAcked").asLong() + r.path("tcpInfoBytesReceived").asLong();
            default:
                return r.path("tcpInfoSndCwnd").asLong();
        }
    }

    private static int expected(java.util.function.IntPredicate p) {
        int n = 0;
        for (int i = 0; i < 40; i++) {
            if (p.test(i)) {
                n++;
            }
        }
        return n;
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/sockets?state=sleepy", "/api/sockets?state=1", "/api/sockets?port=70000", "/api/sockets?port=http",
        "/api/sockets?port=", "/api/sockets?sort=latency", "/api/sockets?limit=0", "/api/sockets?limit=10001",
        "/api/sockets?limit=ten", "/api/sockets?limit=1&limit=2", "/api/sockets?colour=blue", "/api?page=0", "/api?per_page=501",
        "/api/namespaces?page=-1", "/api/status?x=1", "/metrics?format=json", "/healthz?verbose=1"})
    void badQueryValuesAre400WithAReason(String target) throws Exception {
        HttpResponse<String> r = f.get(target);
        assertEquals(400, r.statusCode(), target + ": " + r.body());
        JsonNode e = JSON.readTree(r.body());
        assertFalse(e.get("error").asText().isBlank());
        assertEquals(200, f.get("/healthz").statusCode(), "server still serves");
    }

    @Test
    void summaryCountsEveryRecord() throws Exception {
        JsonNode s = json(f.get("/api/summary"));
        assertEquals(40, s.get("total").asLong());
        assertEquals(16, s.get("by_state").get("established").asLong());
        assertEquals(8, s.get("by_state").get("listen").asLong());
        assertEquals(8, s.get("by_state").get("time_wait").asLong());
        assertEquals(8, s.get("by_state").get("close_wait").asLong());
        assertEquals(14, s.get("by_netns").get("self").asLong());
        assertEquals(13, s.get("by_netns").get("red").asLong());
        assertEquals(13, s.get("by_netns").get("blue").asLong());
        assertEquals(27, s.get("by_congestion").get("cubic").asLong());
        assertEquals(13, s.get("by_congestion").get("bbr").asLong());
    }

    @Test
    void postPollTriggersOnceAndGetIsRefused() throws Exception {
        int before = f.daemon.triggers.get();
        f.daemon.triggerResult = true;
        HttpResponse<String> r = f.post("/api/poll");
        assertEquals(202, r.statusCode());
        assertTrue(json(r).get("triggered").asBoolean());
        f.daemon.triggerResult = false;
        JsonNode folded = json(f.post("/api/poll"));
        assertFalse(folded.get("triggered").asBoolean());
        assertTrue(folded.get("reason").asText().contains("already"));
        assertEquals(before + 2, f.daemon.triggers.get());
        HttpResponse<String> get = f.get("/api/poll");
        assertEquals(405, get.statusCode());
        assertEquals("POST", get.headers().firstValue("allow").orElse(""));
        assertEquals(before + 2, f.daemon.triggers.get());
        assertEquals(405, f.post("/api/status").statusCode());
    }

    @Test
    void unknownPathsAre404() throws Exception {
        for (String p : List.of("/index.html", "/apix", "/api/socket", "/metrics/x", "/debug/nothing")) {
            assertEquals(404, f.get(p).statusCode(), p);
        }
    }

    @Test
    void snapshotKeepsAtMostItsLimitButCountsEverything() {
        SnapshotBuilder b = PollSnapshot.builder(5);
        for (int i = 0; i < 12; i++) {
            b.add(Records.of("x", 1, 1000 + i, 80, i, 0, 0, 0, "cubic"));
        }
        PollSnapshot s = b.build(1, 1);
        assertEquals(5, s.size());
        assertEquals(12, s.total());
        assertTrue(s.truncated());
        assertEquals(12L, s.byState().get("established"));
    }
}
