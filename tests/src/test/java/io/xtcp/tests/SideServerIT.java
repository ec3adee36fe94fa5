package io.xtcp.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The side server of a real daemon polling a real namespace: what the API and the metrics say
 * about that namespace's sockets is what `ss` says, and the token guards what it must.
 */
class SideServerIT {
    static final int CONNECTIONS = 12;
    static final String TOKEN = "side-server-it-token-0123456789";
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static TestNamespaces namespaces;
    static String ns;
    static int port;
    static int httpPort;
    static int metricsPort;
    static Process daemon;
    static long spawnedNanos;
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        Xtcp.requireRootAnd("ip", "ss", "python3");
        namespaces = new TestNamespaces();
        ns = namespaces.create("api");
        port = Ports.belowEphemeral(1);
        namespaces.holdConnections(ns, CONNECTIONS, port, "127.0.0.1");
        dir = Files.createTempDirectory("xtcp-side-server");
        Path token = dir.resolve("token");
        Files.writeString(token, TOKEN + "\n");
        try (ServerSocket s = new ServerSocket(0); ServerSocket m = new ServerSocket(0)) {
            httpPort = s.getLocalPort();
            metricsPort = m.getLocalPort();
        }
        spawnedNanos = System.nanoTime();
        daemon = new ProcessBuilder(Xtcp.launcher("run", "--netns", ns, "--dest", "null:", "--poll-interval", "1s",
                "--poll-timeout", "500ms", "--http-listen", "127.0.0.1:" + httpPort, "--http-token-file", token.toString(),
                "--metrics-listen", "127.0.0.1:" + metricsPort))
                .redirectErrorStream(true).redirectOutput(dir.resolve("daemon.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                if (get("/readyz").statusCode() == 200) {
                    break;
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            assertTrue(daemon.isAlive(), () -> "daemon exited: " + log());
            assertTrue(System.nanoTime() < deadline, () -> "not ready after 60s: " + log());
            Thread.sleep(200);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (daemon != null) {
            daemon.destroy();
            daemon.waitFor(30, TimeUnit.SECONDS);
        }
        if (namespaces != null) {
            namespaces.close();
        }
    }

    static String log() {
        try {
            return Files.readString(dir.resolve("daemon.log"));
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(String path) throws Exception {
        HttpResponse<String> r = get(path);
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return JSON.readTree(r.body());
    }

    /** ss's count of sockets per state name, lower case with underscores (established, listen). */
    static Map<String, Integer> ssStates() {
        Map<String, Integer> m = new TreeMap<>();
        for (String line : TestNamespaces.exec(ns, "ss", "-tanH").split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String st = line.trim().split("\\s+")[0];
            String name = st.equals("ESTAB") ? "established" : st.toLowerCase().replace('-', '_');
            m.merge(name, 1, Integer::sum);
        }
        return m;
    }

    @Test
    void statusNamespacesAndSummaryAgreeWithSs() throws Exception {
        Map<String, Integer> ss = ssStates();
        int total = ss.values().stream().mapToInt(Integer::intValue).sum();
        assertEquals(2 * CONNECTIONS + 1, total, "ss sees the held connections and the listener: " + ss);

        JsonNode status = json("/api/status");
        assertEquals(1, status.get("namespaces").asInt(), status.toString());
        assertTrue(status.get("polls").get("ok").asLong() >= 1, status.toString());
        assertEquals(total, status.get("last_poll").get("sockets").asInt(), status.toString());

        JsonNode namespacesJson = json("/api/namespaces");
        JsonNode only = namespacesJson.get("namespaces").get(0);
        assertEquals(ns, only.get("name").asText());
        assertEquals(TestNamespaces.inode(TestNamespaces.path(ns)), only.get("inode").asLong());
        assertEquals(total, only.get("sockets_last_poll").asInt());

        JsonNode summary = json("/api/summary");
        assertEquals(total, summary.get("total").asInt(), summary.toString());
        Map<String, Integer> byState = new TreeMap<>();
        summary.get("by_state").fields().forEachRemaining(e -> byState.put(e.getKey().toLowerCase(), e.getValue().asInt()));
        assertEquals(ss, byState, "by_state is ss's count per state");
        assertEquals(total, summary.get("by_netns").get(ns).asInt());
    }

    @Test
    void socketsFilterAndSortByRtt() throws Exception {
        JsonNode r = json("/api/sockets?port=" + port + "&state=established&sort=rtt&limit=100");
        JsonNode list = r.get("sockets");
        assertEquals(2 * CONNECTIONS, list.size(), "both ends of every connection touch the port: " + r);
        long previous = Long.MAX_VALUE;
        for (JsonNode s : list) {
            assertTrue(s.get("inetDiagMsgSocketSourcePort").asInt() == port || s.get("inetDiagMsgSocketDestinationPort").asInt() == port);
            assertEquals(ns, s.get("netns").asText());
            long rtt = s.path("tcpInfoRtt").asLong(0);
            assertTrue(rtt <= previous, "sorted by rtt, highest first: " + list);
            previous = rtt;
        }
        assertEquals(400, get("/api/sockets?limit=lots").statusCode());
        assertEquals(400, get("/api/sockets?sort=colour").statusCode());
    }

    @Test
    void metricsCountTheNamespacesSocketsByState() throws Exception {
        String text = get("/metrics").body();
        Map<String, Integer> ss = ssStates();
        assertTrue(text.contains("xtcp_sockets{state=\"established\"} " + ss.get("established") + ".0"), () -> grep(text, "xtcp_sockets{"));
        assertTrue(text.contains("xtcp_sockets{state=\"listen\"} " + ss.get("listen") + ".0"), () -> grep(text, "xtcp_sockets{"));
        assertTrue(text.contains("xtcp_namespaces_active 1.0"), () -> grep(text, "xtcp_namespaces"));
        // the label is the kernel's name, as docs/metrics.md and the alert rules spell it
        assertTrue(text.contains("xtcp_capability{capability=\"CAP_NET_ADMIN\"} 1.0"), () -> grep(text, "xtcp_capability"));
    }

    @Test
    void theMetricsListenerServesProbesAndMetricsOnly() throws Exception {
        java.util.function.Function<String, HttpResponse<String>> at = path -> {
            try {
                return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + path)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        assertEquals(200, at.apply("/readyz").statusCode());
        assertEquals(200, at.apply("/healthz").statusCode());
        HttpResponse<String> m = at.apply("/metrics");
        assertEquals(200, m.statusCode());
        assertTrue(m.body().contains("xtcp_namespaces_active 1.0"), "the daemon's own registry");
        for (String other : List.of("/api/status", "/api/sockets", "/", "/debug/threads")) {
            assertEquals(404, at.apply(other).statusCode(), other);
        }
    }

    @Test
    void thePollTriggerNeedsTheToken() throws Exception {
        HttpRequest anonymous = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/api/poll"))
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        assertEquals(401, HTTP.send(anonymous, HttpResponse.BodyHandlers.ofString()).statusCode());
        long before = json("/api/status").get("polls").get("triggered").asLong();
        HttpRequest withToken = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/api/poll"))
                .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> r = HTTP.send(withToken, HttpResponse.BodyHandlers.ofString());
        assertTrue(r.statusCode() == 200 || r.statusCode() == 202, r.statusCode() + " " + r.body());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        long after = before;
        while (after == before && System.nanoTime() < deadline) {
            Thread.sleep(100);
            after = json("/api/status").get("polls").get("triggered").asLong();
        }
        assertTrue(after > before || JSON.readTree(r.body()).get("triggered").asBoolean() == false,
                "a triggered poll ran, or the trigger was folded into a running poll: " + r.body());
        assertTrue(!log().contains(TOKEN), "the token is never logged");
    }

    @Test
    void startToFirstPollIsPositiveAndWithinTheProcessAge() throws Exception {
        assertTrue(json("/api/status").get("polls").get("ok").asLong() >= 1, "a poll has succeeded");
        double gauge = metric("xtcp_start_to_first_poll_seconds");
        // read after the scrape, so both bounds are ages at a later moment than the gauge's
        double kernelAge = processAgeSeconds(daemon.pid());
        double sinceSpawn = (System.nanoTime() - spawnedNanos) / 1e9;
        assertTrue(gauge > 0, "gauge " + gauge);
        assertTrue(gauge <= kernelAge, () -> "gauge " + gauge + " s, but the kernel says the process is " + kernelAge + " s old");
        assertTrue(gauge <= sinceSpawn, () -> "gauge " + gauge + " s, but the test started the launcher " + sinceSpawn + " s ago");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!log().contains("first poll done") && System.nanoTime() < deadline) {
            Thread.sleep(50); // the line follows the gauge by a moment
        }
        assertEquals(1, log().lines().filter(l -> l.contains("first poll done")).count(), () -> "logged once at INFO:\n" + log());
    }

    @Test
    void theLaunchersSerialCollectorHasTheOldGenerationTrigger() throws Exception {
        double limit = metric("xtcp_jvm_old_gen_limit_bytes");
        double headroom = 24 << 20;
        double tenuredMax = 0;
        for (String line : get("/metrics").body().split("\n")) {
            if (line.startsWith("jvm_memory_max_bytes{") && line.contains("id=\"Tenured Gen\"")) {
                tenuredMax = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        assertTrue(tenuredMax > 0, "the launcher runs the serial collector: a Tenured Gen pool");
        // the live size after the last full collection (0 before the first) plus the default headroom
        assertTrue(limit >= headroom && limit < headroom + tenuredMax, "limit " + limit + ", old generation at most " + tenuredMax);
        assertTrue(metric("xtcp_jvm_old_gen_collections_total") >= 0);
    }

    /** One sample of an unlabelled family from /metrics. */
    static double metric(String name) throws Exception {
        for (String line : get("/metrics").body().split("\n")) {
            if (line.startsWith(name + " ")) {
                return Double.parseDouble(line.substring(name.length() + 1).trim());
            }
        }
        throw new AssertionError(name + " missing from /metrics");
    }

    /** The kernel's age of a process: /proc/uptime less the start time in /proc/PID/stat (field 22, USER_HZ ticks). */
    static double processAgeSeconds(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long startTicks = Long.parseLong(fields[22 - 3]);
        double uptime = Double.parseDouble(Files.readString(Path.of("/proc/uptime")).split(" ")[0]);
        return uptime - startTicks / 100.0;
    }

    static String grep(String text, String prefix) {
        return String.join("\n", text.lines().filter(l -> l.startsWith(prefix)).toList());
    }

}
