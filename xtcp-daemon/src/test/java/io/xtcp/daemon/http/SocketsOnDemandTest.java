package io.xtcp.daemon.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.xtcp.daemon.snapshot.PollFeed;
import io.xtcp.daemon.snapshot.PollSnapshot;
import io.xtcp.daemon.snapshot.SnapshotBuilder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * /api/sockets over real HTTP when the polls keep records only on demand: a request that finds
 * the latest poll unrecorded asks for records and is answered by the next recorded poll, or, when
 * none comes in time, by the latest poll saying it kept none.
 */
class SocketsOnDemandTest {
    /** A poll that counted {@code n} sockets and kept none. */
    private static PollSnapshot counted(long seq, int n) {
        SnapshotBuilder b = PollSnapshot.builder(PollSnapshot.DEFAULT_MAX_RECORDS).countOnly();
        for (int i = 0; i < n; i++) {
            b.add(Records.of("self", 1, 40000 + i, 443, 1000L * i, 0, 10L * i, 10, "cubic"));
        }
        return b.build(seq, System.currentTimeMillis());
    }

    private static CompletableFuture<HttpResponse<String>> ask(ServerFixture f, String query) {
        HttpRequest r = HttpRequest.newBuilder(f.uri("/api/sockets" + query)).timeout(Duration.ofSeconds(30)).GET().build();
        return f.client.sendAsync(r, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aRequestAfterIdlePollsIsAnsweredByTheNextRecordedPoll() throws Exception {
        try (ServerFixture f = new ServerFixture(HttpSettings.loopback(0), new PollFeed(Duration.ofSeconds(20), Duration.ofMinutes(5)))
                .start()) {
            f.feed.publish(counted(1, 7));
            assertFalse(f.feed.wanted(), "nobody has asked yet");
            JsonNode status = ApiEndpointsTest.json(f.get("/api/status")).get("snapshot");
            assertFalse(status.get("recorded").asBoolean());
            assertFalse(status.get("recording").asBoolean());
            assertEquals(7, status.get("records").asLong(), "an unrecorded poll still counts");

            CompletableFuture<HttpResponse<String>> pending = ask(f, "?sort=rtt&limit=5");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!f.feed.wanted() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(f.feed.wanted(), "the request asked for records");
            f.feed.publish(counted(2, 7)); // the poll that was under way: still unrecorded
            Thread.sleep(300);
            assertFalse(pending.isDone(), "no answer from a poll that kept no records");
            assertTrue(ApiEndpointsTest.json(f.get("/api/status")).get("snapshot").get("recording").asBoolean());

            f.feed.publish(ApiEndpointsTest.snapshot()); // poll 42, recorded
            HttpResponse<String> r = pending.get(10, TimeUnit.SECONDS);
            assertEquals(200, r.statusCode(), r.body());
            JsonNode j = ApiEndpointsTest.json(r);
            assertEquals(42, j.get("poll").asLong());
            assertTrue(j.get("recorded").asBoolean());
            assertEquals(5, j.get("count").asInt());
            assertEquals(39_000, j.get("sockets").get(0).get("tcpInfoRtt").asLong(), r.body());

            // Recorded now: the next request is answered at once, from the same poll.
            JsonNode again = ApiEndpointsTest.json(f.get("/api/sockets?limit=1"));
            assertEquals(42, again.get("poll").asLong());
            assertEquals(1, again.get("count").asInt());
        }
    }

    @Test
    void withNoRecordedPollInTimeTheAnswerSaysNoneWasKept() throws Exception {
        try (ServerFixture f = new ServerFixture(HttpSettings.loopback(0), new PollFeed(Duration.ofMillis(300), Duration.ofMinutes(5)))
                .start()) {
            f.feed.publish(counted(3, 4));
            long t0 = System.nanoTime();
            HttpResponse<String> r = ask(f, "").get(20, TimeUnit.SECONDS);
            long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertEquals(200, r.statusCode(), r.body());
            JsonNode j = ApiEndpointsTest.json(r);
            assertTrue(waitedMs >= 250, "waited for a recorded poll first: " + waitedMs + " ms");
            assertEquals(3, j.get("poll").asLong());
            assertFalse(j.get("recorded").asBoolean());
            assertFalse(j.get("truncated").asBoolean());
            assertEquals(4, j.get("total").asLong());
            assertEquals(0, j.get("count").asInt());
            assertTrue(f.feed.wanted(), "and the polls from now on keep records");
            assertEquals(400, f.get("/api/sockets?sort=colour").statusCode(), "a bad query is refused at once");
        }
    }
}
