package io.xtcp.daemon.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xtcp.daemon.snapshot.PollSnapshot;
import io.xtcp.daemon.snapshot.SnapshotBuilder;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The /stream WebSocket with the JDK's WebSocket client and raw sockets. */
class StreamTest {
    static final ObjectMapper JSON = new ObjectMapper();
    ServerFixture f;

    @BeforeEach
    void start() throws Exception {
        f = new ServerFixture().start();
    }

    @AfterEach
    void stop() {
        f.close();
    }

    /** Collects whole text messages, parsed; remembers the close code. */
    static final class Client implements WebSocket.Listener {
        final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();
        WebSocket ws;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    messages.add(JSON.readTree(partial.toString()));
                } catch (Exception e) {
                    closed.completeExceptionally(e);
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.completeExceptionally(error);
        }

        JsonNode next() throws InterruptedException {
            JsonNode m = messages.poll(10, TimeUnit.SECONDS);
            assertNotNull(m, "a message within 10 s");
            return m;
        }

        /** Messages until the one with last=true; returns every record. */
        List<JsonNode> poll(long seq) throws InterruptedException {
            List<JsonNode> records = new ArrayList<>();
            while (true) {
                JsonNode m = next();
                assertEquals("records", m.get("type").asText(), m.toString());
                assertEquals(seq, m.get("poll").asLong());
                m.get("records").forEach(records::add);
                if (m.get("last").asBoolean()) {
                    assertEquals(records.size(), m.get("matched").asInt());
                    return records;
                }
            }
        }
    }

    Client connect() throws Exception {
        Client c = new Client();
        c.ws = f.client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create("ws://127.0.0.1:" + f.port() + "/stream"), c).get(10, TimeUnit.SECONDS);
        return c;
    }

    static PollSnapshot snapshot(long seq, int records) {
        return snapshot(seq, records, null);
    }

    /** A snapshot counted by {@code recycled} once every reference to it is released (null: not counted). */
    static PollSnapshot snapshot(long seq, int records, AtomicInteger recycled) {
        SnapshotBuilder b = PollSnapshot.builder(PollSnapshot.DEFAULT_MAX_RECORDS);
        String[] ns = {"self", "red", "blue"};
        int[] states = {1, 10, 6, 1};
        for (int i = 0; i < records; i++) {
            b.add(Records.of(ns[i % 3], states[i % 4], 30000 + i % 1000, i % 2 == 0 ? 443 : 22, 100L * i, i % 5, i, 10, "cubic"));
        }
        return b.build(seq, System.currentTimeMillis(), recycled == null ? null : spent -> recycled.incrementAndGet());
    }

    @Test
    void subscriptionFiltersEveryPoll() throws Exception {
        Client c = connect();
        c.ws.sendText("{\"type\":\"subscribe\",\"filter\":{\"netns\":[\"red\",\"blue\"],\"states\":[\"established\"],\"ports\":[443]}}", true);
        JsonNode ack = c.next();
        assertEquals("subscribed", ack.get("type").asText());
        assertEquals("[\"blue\",\"red\"]", ack.get("filter").get("netns").toString());
        assertEquals("[\"established\"]", ack.get("filter").get("states").toString());
        assertEquals("[443]", ack.get("filter").get("ports").toString());
        AtomicInteger recycled = new AtomicInteger();
        for (long seq = 1; seq <= 3; seq++) {
            f.feed.publish(snapshot(seq, 3000, recycled));
            List<JsonNode> got = c.poll(seq);
            int expected = 0;
            for (int i = 0; i < 3000; i++) {
                if (i % 3 != 0 && (i % 4 == 0 || i % 4 == 3) && i % 2 == 0) {
                    expected++;
                }
            }
            assertEquals(expected, got.size());
            for (JsonNode r : got) {
                assertTrue(Set.of("red", "blue").contains(r.get("netns").asText()), r.toString());
                assertEquals(1, r.get("inetDiagMsgState").asInt());
                assertEquals(443, r.get("inetDiagMsgSocketDestinationPort").asInt());
            }
        }
        assertTrue(f.metrics.scrape().contains("xtcp_stream_clients 1"));
        // The client released each poll once sent, the feed each one it replaced: the arrays of
        // polls 1 and 2 are free for reuse; poll 3 is still the latest.
        waitFor(() -> recycled.get() == 2, "polls 1 and 2 recycled");
        c.ws.sendClose(1000, "bye").get(5, TimeUnit.SECONDS);
        assertEquals(1000, c.closed.get(5, TimeUnit.SECONDS));
        f.feed.publish(snapshot(4, 0));
        waitFor(() -> recycled.get() == 3, "poll 3 recycled once replaced");
    }

    @Test
    void aNewSubscriberGetsTheLatestPollAtOnceAndAnEmptyFilterMatchesAll() throws Exception {
        f.feed.publish(snapshot(7, 10));
        Client c = connect();
        c.ws.sendText("{\"type\":\"subscribe\"}", true);
        assertEquals("subscribed", c.next().get("type").asText());
        assertEquals(10, c.poll(7).size());
        f.feed.publish(snapshot(8, 0));
        assertEquals(0, c.poll(8).size(), "an empty poll still says it ended");
    }

    @Test
    void aClientKeepsThePollsRecordingAndIsSentNoPollThatOnlyCounted() throws Exception {
        SnapshotBuilder counting = PollSnapshot.builder(PollSnapshot.DEFAULT_MAX_RECORDS).countOnly();
        counting.add(Records.of("self", 1, 30000, 443, 100, 0, 1, 10, "cubic"));
        f.feed.publish(counting.build(5, System.currentTimeMillis()));
        assertFalse(f.feed.wanted(), "no client, no request: nobody wants records");
        Client c = connect();
        c.ws.sendText("{\"type\":\"subscribe\"}", true);
        assertEquals("subscribed", c.next().get("type").asText());
        assertTrue(f.feed.wanted(), "a connected client asks for records");
        SnapshotBuilder stillCounting = PollSnapshot.builder(PollSnapshot.DEFAULT_MAX_RECORDS).countOnly();
        stillCounting.add(Records.of("self", 1, 30001, 443, 100, 0, 1, 10, "cubic"));
        f.feed.publish(stillCounting.build(6, System.currentTimeMillis())); // the poll under way when it subscribed
        f.feed.publish(snapshot(7, 4));
        assertEquals(4, c.poll(7).size(), "the first message is the first recorded poll: polls 5 and 6 were not sent");
    }

    @Test
    void badSubscriptionsGetAnErrorAndACloseCode() throws Exception {
        String[][] cases = {
            {"{not json", "1007"},
            {"{\"type\":\"subscribe\",\"filter\":{\"colour\":[\"red\"]}}", "1008"},
            {"{\"type\":\"unsubscribe\"}", "1008"},
            {"{\"type\":\"subscribe\",\"filter\":{\"states\":[\"sleepy\"]}}", "1008"},
            {"{\"type\":\"subscribe\",\"filter\":{\"ports\":[70000]}}", "1008"},
            {"{\"type\":\"subscribe\",\"filter\":{\"ports\":\"443\"}}", "1008"},
            {"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]", "1007"},
        };
        for (String[] c : cases) {
            Client client = connect();
            client.ws.sendText(c[0], true);
            JsonNode err = client.next();
            assertEquals("error", err.get("type").asText(), c[0]);
            assertFalse(err.get("message").asText().isBlank());
            assertEquals(Integer.parseInt(c[1]), client.closed.get(5, TimeUnit.SECONDS), c[0]);
        }
        Client bin = connect();
        bin.ws.sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}), true);
        assertEquals("error", bin.next().get("type").asText());
        assertEquals(1003, bin.closed.get(5, TimeUnit.SECONDS));
        assertEquals(200, f.get("/healthz").statusCode());
    }

    @Test
    void stalledClientIsDroppedWhileThePollerPublishesOnTime() throws Exception {
        Client healthy = connect();
        healthy.ws.sendText("{\"type\":\"subscribe\"}", true);
        assertEquals("subscribed", healthy.next().get("type").asText());
        try (Socket stalled = new Socket()) {
            stalled.setReceiveBufferSize(4096);
            stalled.connect(new java.net.InetSocketAddress("127.0.0.1", f.port()));
            handshake(stalled);
            stalled.getOutputStream().write(maskedText("{\"type\":\"subscribe\"}"));
            waitFor(() -> f.server.hub().clients() == 2, "both clients subscribed");
            Thread.sleep(200);

            int polls = 20;
            long intervalNanos = 150_000_000L;
            PollSnapshot[] snaps = new PollSnapshot[polls];
            AtomicInteger recycled = new AtomicInteger();
            for (int p = 0; p < polls; p++) {
                snaps[p] = snapshot(p + 1, 1500, recycled);
            }
            long[] publishNanos = new long[polls];
            long start = System.nanoTime();
            TreeSet<Long> healthySeen = new TreeSet<>();
            for (int p = 0; p < polls; p++) {
                long due = start + p * intervalNanos;
                while (System.nanoTime() < due) {
                    Thread.sleep(1);
                }
                long t0 = System.nanoTime();
                f.feed.publish(snaps[p]);
                publishNanos[p] = System.nanoTime() - t0;
                drain(healthy, healthySeen);
            }
            long took = System.nanoTime() - start;
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (healthySeen.size() < polls && System.nanoTime() < deadline) {
                drain(healthy, healthySeen);
                Thread.sleep(10);
            }
            // Publishing never waits for a client: all polls were published although the stalled
            // client never read a byte (a blocking publish would hang here). Times are reported, not gated.
            long slowest = java.util.Arrays.stream(publishNanos).max().orElse(0);
            System.out.printf("stream: %d publishes in %.0f ms, slowest %.1f ms%n", polls, took / 1e6, slowest / 1e6);
            waitFor(() -> f.server.hub().droppedClients() == 1, "the stalled client is dropped");
            assertEquals(1, f.server.hub().clients(), "the healthy client stays");
            assertTrue(f.metrics.scrape().contains("xtcp_stream_dropped_total 1.0"), "drop counted");
            assertEquals(polls, healthySeen.size(), "the healthy client saw every poll: " + healthySeen);
            // Every reference is back, the dropped client's included: the next poll replaces the
            // last one and all of them can be reused.
            f.feed.publish(snapshot(polls + 1, 0));
            waitFor(() -> recycled.get() == polls, "all " + polls + " polls recycled");
        }
    }

    /** Takes whatever messages arrived; notes the polls whose last frame came. */
    private static void drain(Client c, Set<Long> seen) {
        JsonNode m;
        while ((m = c.messages.poll()) != null) {
            if (m.get("type").asText().equals("records") && m.get("last").asBoolean()) {
                seen.add(m.get("poll").asLong());
                assertEquals(1500, m.get("matched").asInt());
            }
        }
    }

    @Test
    void protocolViolationsCloseTheConnectionWithACloseFrame() throws Exception {
        byte[][] frames = {
            {(byte) 0x81, 0x02, 'h', 'i'},                       // unmasked client frame
            {(byte) 0xF1, (byte) 0x80, 1, 2, 3, 4},              // reserved bits set
            {(byte) 0x83, (byte) 0x80, 1, 2, 3, 4},              // reserved opcode 3
            {(byte) 0x81, (byte) 0xFF, 0, 0, 0, 0, 0, 0x10, 0, 0, 1, 2, 3, 4}, // 1 MiB payload declared: over the frame limit
        };
        int[] codes = {1002, 1002, 1002, 1009};
        for (int i = 0; i < frames.length; i++) {
            try (Socket s = new Socket("127.0.0.1", f.port())) {
                s.setSoTimeout(5000);
                handshake(s);
                s.getOutputStream().write(frames[i]);
                byte[] got = s.getInputStream().readNBytes(4);
                assertEquals((byte) 0x88, got[0], "frame " + i + ": a close frame");
                assertEquals(codes[i], ((got[2] & 0xFF) << 8) | (got[3] & 0xFF), "frame " + i + " close code");
            }
        }
        assertEquals(200, f.get("/healthz").statusCode());
    }

    @Test
    void plainGetOfStreamIs400() throws Exception {
        assertEquals(400, f.get("/stream").statusCode());
    }

    static void handshake(Socket s) throws Exception {
        String key = Base64.getEncoder().encodeToString("0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
        OutputStream out = s.getOutputStream();
        out.write(("GET /stream HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key
                + "\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        InputStream in = s.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            assertTrue(b >= 0, "handshake answered: " + head);
            head.append((char) b);
        }
        assertTrue(head.toString().startsWith("HTTP/1.1 101"), head.toString());
    }

    static byte[] maskedText(String text) {
        byte[] p = text.getBytes(StandardCharsets.UTF_8);
        byte[] mask = {9, 8, 7, 6};
        byte[] f = new byte[2 + 4 + p.length];
        f[0] = (byte) 0x81;
        f[1] = (byte) (0x80 | p.length);
        System.arraycopy(mask, 0, f, 2, 4);
        for (int i = 0; i < p.length; i++) {
            f[6 + i] = (byte) (p[i] ^ mask[i % 4]);
        }
        return f;
    }

    static void waitFor(java.util.function.BooleanSupplier cond, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!cond.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting: " + what);
            Thread.sleep(10);
        }
    }
}
