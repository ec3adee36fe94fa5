package io.xtcp.daemon.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Raw bytes on a socket: garbage, oversize parts, and the connection limit. The server answers and keeps serving. */
class MalformedRequestTest {
    static ServerFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = new ServerFixture().start();
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    /** Sends bytes, half-closes nothing, reads until the server closes (or 5 s pass). */
    static String exchange(byte[] request) throws Exception {
        try (Socket s = new Socket("127.0.0.1", f.port())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            try {
                out.write(request);
                out.flush();
            } catch (java.io.IOException e) {
                // the server may close before reading everything (oversize); its answer is still readable
            }
            return readAll(s.getInputStream());
        }
    }

    static String readAll(InputStream in) throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] b = new byte[8192];
        try {
            int n;
            while ((n = in.read(b)) >= 0) {
                buf.write(b, 0, n);
            }
        } catch (SocketTimeoutException | java.net.SocketException e) {
            // what arrived so far
        }
        return buf.toString(StandardCharsets.ISO_8859_1);
    }

    static void stillServes() throws Exception {
        assertEquals(200, f.get("/healthz").statusCode());
    }

    @Test
    void garbageIs400AndClosed() throws Exception {
        String r = exchange(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc, 0x03, 0x03, '\r', '\n', '\r', '\n'});
        assertTrue(r.startsWith("HTTP/1.1 400 "), r);
        assertTrue(r.toLowerCase().contains("connection: close"), r);
        stillServes();
    }

    @Test
    void randomBytesNeverHarmTheServer() throws Exception {
        Random rnd = new Random(7);
        for (int i = 0; i < 30; i++) {
            byte[] junk = new byte[1 + rnd.nextInt(3000)];
            rnd.nextBytes(junk);
            String r = exchange(concat(junk, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
            assertTrue(r.isEmpty() || r.startsWith("HTTP/1.1 4"), "junk " + i + ": " + r);
        }
        stillServes();
    }

    @Test
    void badRequestLinesAndHeaders() throws Exception {
        String v = exchange("GET /healthz HTTP/9.9\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertTrue(v.startsWith("HTTP/1.1 505 "), v);
        for (String req : List.of("GET\r\n\r\n", "GET /healthz HTTP/1.1\r\nBad Header Line\r\n\r\n",
                "GET /api/sockets?port=%zz HTTP/1.1\r\nHost: x\r\n\r\n", "GET /healthz HTTP/1.1\r\nContent-Length: -3\r\n\r\n",
                "GET /healthz HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab")) {
            String r = exchange(req.getBytes(StandardCharsets.ISO_8859_1));
            assertTrue(r.startsWith("HTTP/1.1 400 ") || r.startsWith("HTTP/1.0 400 "), req.replace("\r\n", "|") + " → " + r);
        }
        stillServes();
    }

    @Test
    void oversizeHeaderLineAndBody() throws Exception {
        String big = "x".repeat(HttpSettings.MAX_HEADER_BYTES + 100);
        String r = exchange(("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + big + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        assertTrue(r.startsWith("HTTP/1.1 431 "), r.substring(0, Math.min(200, r.length())));
        r = exchange(("GET /healthz?" + "a".repeat(6000) + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        assertTrue(r.startsWith("HTTP/1.1 414 "), r);
        byte[] body = new byte[HttpSettings.MAX_BODY_BYTES + 1];
        r = exchange(concat(("POST /api/poll HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII), body));
        assertTrue(r.startsWith("HTTP/1.1 413 "), r);
        assertEquals(0, f.daemon.triggers.get(), "an oversize body triggers nothing");
        stillServes();
    }

    @Test
    void keepAliveServesSeveralRequestsOnOneConnection() throws Exception {
        try (Socket s = new Socket("127.0.0.1", f.port())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String r = readAll(s.getInputStream());
            assertEquals(2, r.split("HTTP/1.1 200 OK", -1).length - 1, r);
        }
    }

    @Test
    void connectionsOverTheLimitGet503AndIdleOnesAreClosed() throws Exception {
        try (ServerFixture small = new ServerFixture(HttpSettings.loopback(0).withLimits(2, Duration.ofSeconds(60))).start()) {
            List<Socket> held = new ArrayList<>();
            try {
                for (int i = 0; i < 2; i++) { // WebSockets: being served, so nothing can make room
                    Socket s = new Socket("127.0.0.1", small.port());
                    held.add(s);
                    StreamTest.handshake(s);
                }
                try (Socket third = new Socket("127.0.0.1", small.port())) {
                    third.setSoTimeout(5000);
                    String r = readAll(third.getInputStream());
                    assertTrue(r.startsWith("HTTP/1.1 503 "), r);
                }
            } finally {
                for (Socket s : held) {
                    s.close();
                }
            }
            StreamTest.waitFor(() -> small.server.openConnections() == 0, "slots are freed when connections close");
            assertEquals(200, small.get("/healthz").statusCode());
        }
        try (ServerFixture small = new ServerFixture(HttpSettings.loopback(0).withLimits(2, Duration.ofMillis(400))).start()) {
            List<Socket> held = new ArrayList<>();
            try {
                for (int i = 0; i < 2; i++) { // kept alive after a request: not being served
                    Socket s = new Socket("127.0.0.1", small.port());
                    held.add(s);
                    s.setSoTimeout(5000);
                    s.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    assertEquals(200, RawHttp.read(s.getInputStream()).status());
                }
                assertEquals(200, small.get("/healthz").statusCode(), "full of idle connections: the oldest makes room");
                assertEquals(-1, held.get(0).getInputStream().read(), "the oldest idle connection was closed to make room");
                long t0 = System.nanoTime();
                assertEquals(-1, held.get(1).getInputStream().read(), "idle connection closed by the server");
                assertTrue(System.nanoTime() - t0 < 3_000_000_000L);
            } finally {
                for (Socket s : held) {
                    s.close();
                }
            }
        }
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] c = new byte[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
