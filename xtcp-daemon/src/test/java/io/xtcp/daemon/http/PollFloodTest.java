package io.xtcp.daemon.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xtcp.daemon.poll.PollScheduler;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A flood of POST /api/poll against a real PollScheduler: the extra polls it starts (the
 * scheduler's triggered counter, and the cycles it ran that were not on its grid) are at most one
 * per --poll-min-gap over the flood, plus one; every other request is answered as coalesced.
 */
class PollFloodTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void threeHundredRequestsAreCoalescedToOnePollPerGap() throws Exception {
        Duration gap = Duration.ofMillis(200);
        AtomicInteger walks = new AtomicInteger();
        AtomicInteger extraWalks = new AtomicInteger();
        try (PollScheduler scheduler = new PollScheduler(deadline -> walks.incrementAndGet(), Duration.ofHours(1), 0, Duration.ofMinutes(1),
                Duration.ZERO, outcome -> {
                    if (!outcome.scheduled) {
                        extraWalks.incrementAndGet();
                    }
                });
                ServerFixture f = new ServerFixture(HttpSettings.loopback(0).withPollMinGap(gap))) {
            f.daemon.trigger = scheduler::triggerNow;
            scheduler.start();
            f.start();
            StreamTest.waitFor(() -> walks.get() >= 1, "the first scheduled poll");

            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<List<JsonNode>>> parts = new ArrayList<>();
            long start = System.nanoTime();
            for (int t = 0; t < 4; t++) {
                parts.add(pool.submit(() -> {
                    List<JsonNode> answers = new ArrayList<>();
                    for (int i = 0; i < 75; i++) {
                        HttpResponse<String> r = f.post("/api/poll");
                        assertEquals(202, r.statusCode(), r.body());
                        answers.add(JSON.readTree(r.body()));
                    }
                    return answers;
                }));
            }
            List<JsonNode> answers = new ArrayList<>();
            for (Future<List<JsonNode>> p : parts) {
                answers.addAll(p.get());
            }
            long elapsed = System.nanoTime() - start;
            pool.shutdown();

            long triggered = answers.stream().filter(a -> a.get("triggered").asBoolean()).count();
            long bound = (elapsed + gap.toNanos() - 1) / gap.toNanos() + 1;
            assertEquals(300, answers.size());
            assertEquals(300, f.daemon.triggers.get() + answers.stream().filter(a -> a.has("retry_after_ms")).count(),
                    "a request within the gap never reaches the scheduler");
            assertEquals(triggered, scheduler.triggered(), "each 'triggered' answer is one the scheduler counted");
            assertTrue(triggered >= 1 && triggered <= bound,
                    triggered + " extra polls in " + elapsed / 1_000_000 + " ms with a gap of " + gap.toMillis() + " ms (at most " + bound + ")");
            for (JsonNode a : answers) {
                if (!a.get("triggered").asBoolean()) {
                    assertTrue(a.get("coalesced").asBoolean() && a.get("reason").asText().contains("serves this request"), a.toString());
                }
            }
            StreamTest.waitFor(() -> extraWalks.get() == scheduler.triggered(), "every triggered poll ran");
            assertEquals(scheduler.triggered(), extraWalks.get(), "one netlink walk per extra poll, no more");
        }
    }

    @Test
    void withinTheGapTheAnswerSaysWhenTheNextMayStart() {
        long[] now = {0};
        AtomicInteger started = new AtomicInteger();
        PollGate gate = new PollGate(() -> started.incrementAndGet() > 0, Duration.ofSeconds(1), () -> now[0]);
        assertTrue(gate.request().triggered());
        now[0] = 400_000_000L;
        PollGate.Outcome o = gate.request();
        assertTrue(!o.triggered() && o.retryAfterMillis() == 600, o.toString());
        assertTrue(o.reason().contains("400 ms ago") && o.reason().contains("--poll-min-gap"), o.reason());
        now[0] = 1_000_000_000L;
        assertTrue(gate.request().triggered(), "at the gap the next may start");
        assertEquals(2, started.get());
    }
}
