package io.xtcp.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xtcp.testsupport.DaemonProcess;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code --http-snapshot-records}: a daemon told to keep 7 records of a namespace holding 25
 * sockets (counted by `ss`) serves 7 through /api/sockets and says the poll was truncated,
 * while its counts still cover all 25. Records are kept on demand: the polls before the first
 * request keep none, and that request is answered by the next poll that does.
 */
class SnapshotLimitIT {
    static final int CONNECTIONS = 12;
    static final int KEPT = 7;
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void keepsAtMostTheAskedRecordsAndCountsThemAll() throws Exception {
        Xtcp.requireRootAnd("ip", "ss", "python3");
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
            try (DaemonProcess d = DaemonProcess.start(Xtcp.launcher("run"), dir, List.of("--netns", ns, "--dest", "null:", "--poll-interval", "1s",
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
                // Nobody has asked for records yet: the polls count every socket and keep none.
                assertEquals(sockets, status.get("snapshot").get("records").asInt(), status.toString());
                assertEquals(0, status.get("snapshot").get("kept").asInt(), status.toString());
                assertFalse(status.get("snapshot").get("recorded").asBoolean(), status.toString());

                // The first request asks for records and is answered by the next poll that keeps them.
                JsonNode r = json(httpPort, "/api/sockets?limit=100");
                assertTrue(r.get("recorded").asBoolean(), r.toString());
                assertTrue(r.get("poll").asLong() > status.get("snapshot").get("poll").asLong(), r.toString());
                assertEquals(KEPT, r.get("sockets").size(), r.toString());
                assertEquals(KEPT, r.get("kept").asInt());
                assertEquals(sockets, r.get("total").asInt());
                assertTrue(r.get("truncated").asBoolean(), r.toString());
                assertEquals(sockets, json(httpPort, "/api/summary").get("total").asInt());
                JsonNode after = json(httpPort, "/api/status").get("snapshot");
                assertEquals(KEPT, after.get("kept").asInt(), after.toString());
                assertTrue(after.get("recording").asBoolean(), after.toString());
                assertTrue(d.log().contains("http-snapshot-records=" + KEPT), "the start-up line names the setting");
            }
        }
    }

    /**
     * GET over HTTP/1.0 on a socket of its own, closed before returning: no client, pool or
     * selector outlives the test in the shared test JVM (NetnsChurnIT counts its descriptors).
     */
    static JsonNode json(int port, String path) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String reply = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int body = reply.indexOf("\r\n\r\n");
            assertTrue(body > 0, () -> path + ": " + reply);
            assertTrue(reply.startsWith("HTTP/1.") && reply.substring(9, 12).equals("200"), () -> path + ": " + reply);
            return JSON.readTree(reply.substring(body + 4));
        }
    }
}
