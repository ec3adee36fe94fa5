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
import org.junit.jupiter.api.Test;

/**
 * {@code --http-snapshot-records}: a daemon told to keep 7 records of a namespace holding 25
 * sockets (counted by `ss`) serves 7 through /api/sockets and says the poll was truncated,
 * while its counts still cover all 25.
 */
class SnapshotLimitIT {
    static final int CONNECTIONS = 12;
    static final int KEPT = 7;
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void keepsAtMostTheAskedRecordsAndCountsThemAll() throws Exception {
        Privileges.requireRootAnd("ip", "ss", "python3");
        Path dir = Files.createTempDirectory("xtcp-snapshot-limit");
        try (TestNamespaces namespaces = new TestNamespaces()) {
            String ns = namespaces.create("keep");
            namespaces.holdConnections(ns, CONNECTIONS, Ports.belowEphemeral(1), "127.0.0.1");
            int sockets = TestNamespaces.exec(ns, "ss", "-tanH").strip().split("\n").length;
            assertEquals(2 * CONNECTIONS + 1, sockets, "ss: the held connections and the listener");
            int httpPort;
            try (ServerSocket s = new ServerSocket(0)) {
                httpPort = s.getLocalPort();
            }
            try (DaemonProcess d = DaemonProcess.start(dir, List.of("--netns", ns, "--dest", "null:", "--poll-interval", "1s",
                    "--poll-timeout", "500ms", "--http-listen", "127.0.0.1:" + httpPort,
                    "--http-snapshot-records", Integer.toString(KEPT)))) {
                JsonNode status = null;
                long deadline = System.nanoTime() + 60_000_000_000L;
                while (status == null || status.get("snapshot").get("poll").asLong() < 1) {
                    assertTrue(d.alive(), d::log);
                    assertTrue(System.nanoTime() < deadline, () -> "no poll published in 60 s: " + d.log());
                    Thread.sleep(200);
                    try {
                        status = json(httpPort, "/api/status");
                    } catch (java.io.IOException notYet) {
                        // not listening yet
                    }
                }
                assertEquals(sockets, status.get("snapshot").get("records").asInt(), status.toString());
                assertEquals(KEPT, status.get("snapshot").get("kept").asInt(), status.toString());

                JsonNode r = json(httpPort, "/api/sockets?limit=100");
                assertEquals(KEPT, r.get("sockets").size(), r.toString());
                assertEquals(KEPT, r.get("kept").asInt());
                assertEquals(sockets, r.get("total").asInt());
                assertTrue(r.get("truncated").asBoolean(), r.toString());
                assertEquals(sockets, json(httpPort, "/api/summary").get("total").asInt());
                assertTrue(d.log().contains("http-snapshot-records=" + KEPT), "the start-up line names the setting");
            }
        }
    }

    static JsonNode json(int port, String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return JSON.readTree(r.body());
    }
}
