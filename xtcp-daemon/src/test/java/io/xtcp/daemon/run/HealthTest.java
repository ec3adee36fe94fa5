package io.xtcp.daemon.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xtcp.dest.pipeline.SinkHealth;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The health model on a fake clock: the poll limit's boundary, each sink state, the reasons' wording. */
class HealthTest {
    static final long T0 = Instant.parse("2026-12-07T12:00:03.250Z").toEpochMilli();
    static final Duration LIMIT = Health.pollLimit(Duration.ofSeconds(10), Duration.ofSeconds(8)); // 28s

    final AtomicLong now = new AtomicLong(T0);
    final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    final AtomicLong lastPoll = new AtomicLong();
    final AtomicReference<SinkHealth> sink = new AtomicReference<>(new SinkHealth(SinkHealth.State.DELIVERING, "", T0, 0));
    final FakePart part = new FakePart();

    static final class FakePart implements Supervised {
        volatile String trouble;
        volatile String fatal;
        int revived;

        @Override
        public String component() {
            return "scheduler";
        }

        @Override
        public String reviveOnce() {
            revived++;
            return fatal;
        }

        @Override
        public String trouble(long nowNanos) {
            return trouble;
        }

        @Override
        public long restarts() {
            return 0;
        }
    }

    Health health() {
        return new Health(now::get, nanos::get, LIMIT, lastPoll::get,
                List.of(new Health.Sink("file:///var/lib/xtcp/out.pb", at -> sink.get())), List.of(part));
    }

    @Test
    void aSelectionThatMatchesNothingIsNotReadyWhilePollsSucceed() {
        java.util.concurrent.atomic.AtomicReference<String> coverage =
                new java.util.concurrent.atomic.AtomicReference<>("no namespace matches --netns db");
        Health h = new Health(now::get, nanos::get, LIMIT, lastPoll::get,
                List.of(new Health.Sink("file:///var/lib/xtcp/out.pb", at -> sink.get())), List.of(part), coverage::get);
        lastPoll.set(T0);
        assertEquals(new Verdict(false, "no namespace matches --netns db"), h.ready(), "polls of nothing succeed, yet not ready");
        assertTrue(h.live().ok(), "polling nothing is a readiness matter");
        coverage.set(null); // the namespace appeared
        assertEquals(new Verdict(true, "ready"), h.ready());
    }

    @Test
    void theLimitIsTwoIntervalsPlusTheTimeout() {
        assertEquals(Duration.ofSeconds(28), LIMIT);
    }

    @Test
    void notReadyBeforeTheFirstPoll() {
        Verdict r = health().ready();
        assertFalse(r.ok());
        assertEquals("no poll has completed yet", r.reason());
        assertTrue(health().live().ok(), "not yet polled is still live");
    }

    @Test
    void pollFreshnessBoundaryIsExactlyAtTheLimit() {
        Health h = health();
        lastPoll.set(T0);
        assertEquals(new Verdict(true, "ready"), h.ready());
        now.set(T0 + LIMIT.toMillis());
        assertTrue(h.ready().ok(), "exactly at the limit: still ready");
        now.set(T0 + LIMIT.toMillis() + 1);
        Verdict r = h.ready();
        assertFalse(r.ok(), "1 ms past the limit: not ready");
        assertEquals("no successful poll since 2026-12-07T12:00:03Z (limit 28s)", r.reason());
        assertTrue(h.live().ok(), "a stale poll is a readiness matter, not liveness");
    }

    @Test
    void eachSinkState() {
        Health h = health();
        lastPoll.set(T0);
        long since = Instant.parse("2026-12-07T11:59:30Z").toEpochMilli();

        sink.set(new SinkHealth(SinkHealth.State.STALE, "no space left on device", since - 5000, since));
        assertEquals(Verdict.no("sink file:///var/lib/xtcp/out.pb: no space left on device since 2026-12-07T11:59:30Z"), h.ready());
        assertTrue(h.live().ok(), "stale heals by itself: live");

        sink.set(new SinkHealth(SinkHealth.State.BROKEN, "topic authorization failed", 0, since));
        assertEquals(Verdict.no("sink file:///var/lib/xtcp/out.pb: topic authorization failed since 2026-12-07T11:59:30Z"), h.ready());
        assertTrue(h.live().ok());

        sink.set(new SinkHealth(SinkHealth.State.DEAD, "the sender thread died", 0, since));
        Verdict live = h.live();
        assertEquals(Verdict.no("sink file:///var/lib/xtcp/out.pb: the sender thread died since 2026-12-07T11:59:30Z"), live);
        assertEquals(live, h.ready(), "not live is not ready, for the same reason, named once");

        sink.set(new SinkHealth(SinkHealth.State.STALE, "", 0, 0));
        assertEquals("sink file:///var/lib/xtcp/out.pb: stale", h.ready().reason(), "no reason given: the state's name");

        sink.set(new SinkHealth(SinkHealth.State.DELIVERING, "", T0, 0));
        assertTrue(h.ready().ok(), "heals");
    }

    @Test
    void everyReasonIsNamed() {
        Health h = health();
        part.trouble = "the poll scheduler thread died: java.lang.IllegalArgumentException: bound must be greater than origin";
        sink.set(new SinkHealth(SinkHealth.State.STALE, "port unreachable", 0, T0));
        Verdict r = h.ready();
        assertEquals("the poll scheduler thread died: java.lang.IllegalArgumentException: bound must be greater than origin"
                + "; no poll has completed yet; sink file:///var/lib/xtcp/out.pb: port unreachable since 2026-12-07T12:00:03Z", r.reason());
        assertEquals(Verdict.no(part.trouble), h.live());
    }

    @Test
    void theSupervisorRestartsThroughThePartsAndReportsAFatalOnce() {
        List<String> fatal = new ArrayList<>();
        Supervisor s = new Supervisor(health(), List.of(part), now::get, fatal::add, null, Duration.ofSeconds(1));
        assertNull(s.check());
        assertEquals(1, part.revived, "each check asks every part to revive what died");
        part.fatal = "the poll scheduler thread died again after its restart: java.lang.Error";
        assertEquals(part.fatal, s.check());
        s.check();
        assertEquals(List.of(part.fatal), fatal, "fatal is reported once");
    }

    @Test
    void aDeadSinkIsFatal() {
        List<String> fatal = new ArrayList<>();
        Supervisor s = new Supervisor(health(), List.of(), now::get, fatal::add, null, Duration.ofSeconds(1));
        sink.set(new SinkHealth(SinkHealth.State.DEAD, "the sender thread died again", 0, T0));
        s.check();
        assertEquals(List.of("sink file:///var/lib/xtcp/out.pb: the sender thread died again since 2026-12-07T12:00:03Z"), fatal);
    }
}
