package io.xtcp.daemon.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.xtcp.testsupport.DaemonProcess;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real daemon process with --pyroscope-url pushes to a stand-in ingest server (a plain JDK
 * HttpServer on loopback): the upload names the app and labels, and carries a gzip'd JFR that the
 * JDK's own reader parses. Meanwhile /debug/profile answers 409 naming Pyroscope.
 */
class PyroscopeUploadTest {
    /** One POST the stand-in server received. */
    record Upload(String path, Map<String, String> query, String contentType, String contentEncoding, byte[] body) {}

    @TempDir
    Path dir;

    @Test
    void theDaemonUploadsGzippedJfrNamedByAppAndLabels() throws Exception {
        BlockingQueue<Upload> uploads = new LinkedBlockingQueue<>();
        HttpServer ingest = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ingest.createContext("/", ex -> {
            try (ex) {
                byte[] body = ex.getRequestBody().readAllBytes();
                uploads.add(new Upload(ex.getRequestURI().getPath(), query(ex.getRequestURI().getRawQuery()),
                        ex.getRequestHeaders().getFirst("Content-Type"), ex.getRequestHeaders().getFirst("Content-Encoding"), body));
                ex.sendResponseHeaders(200, -1);
            }
        });
        ingest.start();
        try (DaemonProcess d = DaemonProcess.startFromClassPath(dir, Map.of("PYROSCOPE_LABELS", "team=netobs"),
                "--dest", "null:", "--netns", "self", "--http-listen", "127.0.0.1:0", "--poll-interval", "300ms", "--poll-timeout", "200ms",
                "--hostname", "test-host", "--location", "rack-7",
                "--pyroscope-url", "http://127.0.0.1:" + ingest.getAddress().getPort(), "--pyroscope-app", "xtcp-it",
                "--pyroscope-event", "itimer", "--pyroscope-upload-interval", "1s")) {
            int port = d.httpPort();
            Upload u = uploads.poll(40, TimeUnit.SECONDS);
            assertNotNull(u, "no upload within 40 s:\n" + d.log());
            assertEquals("/ingest", u.path());
            String name = u.query().get("name");
            assertNotNull(name, "name= in " + u.query());
            assertTrue(name.startsWith("xtcp-it{") || name.startsWith("xtcp-it."), "app name first: " + name);
            assertTrue(name.contains("host=test-host") && name.contains("location=rack-7") && name.contains("team=netobs"), name);
            assertEquals("jfr", u.query().get("format"), u.query().toString());
            byte[] jfr = jfrPart(u);
            Path file = Files.write(dir.resolve("upload.jfr"), jfr);
            List<RecordedEvent> events = RecordingFile.readAllEvents(file);
            assertTrue(!events.isEmpty(), "the uploaded JFR holds events");

            HttpResponse<String> busy = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/debug/profile?seconds=1")).timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(409, busy.statusCode(), busy.body());
            assertTrue(busy.body().contains("Pyroscope"), busy.body());

            int status = d.terminate(Duration.ofSeconds(30));
            assertTrue(status == 0 || status == 143, "SIGTERM ends the JVM with 0 or 128+15: " + status + "\n" + d.log());
        } finally {
            ingest.stop(0);
        }
    }

    /** The body's "jfr" part (multipart/form-data), gunzipped (the agent gzips it). */
    static byte[] jfrPart(Upload u) throws IOException {
        byte[] body = u.body();
        if ("gzip".equalsIgnoreCase(u.contentEncoding())) {
            body = gunzip(body);
        }
        String ct = u.contentType();
        assertNotNull(ct, "Content-Type");
        assertTrue(ct.startsWith("multipart/form-data"), ct);
        String boundary = ct.substring(ct.indexOf("boundary=") + 9).replace("\"", "");
        String text = new String(body, StandardCharsets.ISO_8859_1); // one char per byte: offsets stay byte offsets
        String delimiter = "--" + boundary;
        int at = text.indexOf(delimiter);
        while (at >= 0) {
            int headersStart = at + delimiter.length() + 2;
            int headersEnd = text.indexOf("\r\n\r\n", headersStart);
            int next = text.indexOf("\r\n" + delimiter, headersStart);
            if (headersEnd < 0 || next < 0) {
                break;
            }
            String headers = text.substring(headersStart, headersEnd);
            if (headers.contains("name=\"jfr\"")) {
                byte[] part = java.util.Arrays.copyOfRange(body, headersEnd + 4, next);
                assertEquals(0x1f, part[0] & 0xff, "the JFR part is gzip'd");
                byte[] jfr = gunzip(part);
                assertEquals("FLR", new String(jfr, 0, 3, StandardCharsets.US_ASCII), "JFR magic");
                return jfr;
            }
            at = next + 2;
        }
        throw new AssertionError("no part named jfr in the upload; headers: " + ct);
    }

    static byte[] gunzip(byte[] b) throws IOException {
        return new GZIPInputStream(new ByteArrayInputStream(b)).readAllBytes();
    }

    static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw != null) {
            for (String kv : raw.split("&")) {
                int eq = kv.indexOf('=');
                q.put(URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return q;
    }
}
