package io.xtcp.daemon.run;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ServiceNotifierTest {
    private final List<String> sent = new ArrayList<>();
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private ServiceNotifier notifier(long watchdogUsec, Duration stallLimit) {
        return new ServiceNotifier(sent::add, () -> { }, watchdogUsec, stallLimit, now::get);
    }

    @Test
    void readyOnlyAfterTheFirstSuccessfulPoll() {
        ServiceNotifier n = notifier(0, Duration.ofSeconds(30));
        n.pollFailed("inet_diag dump ERROR: EPERM");
        n.pollSucceeded();
        n.pollSucceeded();
        assertEquals(List.of(
                "STATUS=1 polls, 1 failed; last poll failed: inet_diag dump ERROR: EPERM",
                "READY=1\nSTATUS=2 polls, 1 failed; last poll succeeded",
                "STATUS=3 polls, 1 failed; last poll succeeded"), sent);
    }

    @Test
    void watchdogPingsWhilePollsFinishAndStopsWhenTheyStall() {
        ServiceNotifier n = notifier(20_000_000, Duration.ofSeconds(25));
        assertTrue(n.watchdogTick(), "pings before the first poll, within the stall limit");
        now.addAndGet(Duration.ofSeconds(20).toNanos());
        n.pollFailed("timeout");
        now.addAndGet(Duration.ofSeconds(24).toNanos());
        assertTrue(n.watchdogTick(), "a failed poll still proves the poller is alive");
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        assertFalse(n.watchdogTick(), "26s without a finished poll: no ping");
        assertFalse(n.watchdogTick());
        n.pollSucceeded();
        assertTrue(n.watchdogTick(), "pings resume once polls finish again");
        assertEquals(3, sent.stream().filter("WATCHDOG=1"::equals).count());
        assertEquals(1, sent.stream().filter(s -> s.startsWith("STATUS=stalled")).count(), "the stall is reported once");
    }

    @Test
    void watchdogPingsOnlyWhileLive() {
        ServiceNotifier n = notifier(20_000_000, Duration.ofSeconds(25));
        java.util.concurrent.atomic.AtomicReference<io.xtcp.daemon.run.Verdict> live =
                new java.util.concurrent.atomic.AtomicReference<>(io.xtcp.daemon.run.Verdict.yes("ok"));
        n.watch(live::get, () -> io.xtcp.daemon.run.Verdict.yes("ready"));
        n.pollSucceeded();
        assertTrue(n.watchdogTick());
        live.set(io.xtcp.daemon.run.Verdict.no("the poll scheduler thread died: java.lang.Error"));
        assertFalse(n.watchdogTick(), "polls finished recently, but not live: no ping");
        assertFalse(n.watchdogTick());
        live.set(io.xtcp.daemon.run.Verdict.yes("ok"));
        assertTrue(n.watchdogTick());
        assertEquals(1, sent.stream().filter("STATUS=not live: the poll scheduler thread died: java.lang.Error"::equals).count(),
                "reported once: " + sent);
    }

    @Test
    void statusCarriesTheReadinessReason() {
        ServiceNotifier n = notifier(0, Duration.ofSeconds(25));
        java.util.concurrent.atomic.AtomicReference<io.xtcp.daemon.run.Verdict> ready =
                new java.util.concurrent.atomic.AtomicReference<>(io.xtcp.daemon.run.Verdict.yes("ready"));
        n.watch(() -> io.xtcp.daemon.run.Verdict.yes("ok"), ready::get);
        n.pollSucceeded();
        n.healthTick();
        ready.set(io.xtcp.daemon.run.Verdict.no("sink file:///o.pb: no space left on device since 2026-12-07T12:00:03Z"));
        n.healthTick();
        n.healthTick();
        n.pollSucceeded();
        ready.set(io.xtcp.daemon.run.Verdict.yes("ready"));
        n.healthTick();
        assertEquals(List.of(
                "READY=1\nSTATUS=1 polls, 0 failed; last poll succeeded",
                "STATUS=1 polls, 0 failed; not ready: sink file:///o.pb: no space left on device since 2026-12-07T12:00:03Z",
                "STATUS=2 polls, 0 failed; last poll succeeded; not ready: sink file:///o.pb: no space left on device since 2026-12-07T12:00:03Z",
                "STATUS=2 polls, 0 failed; ready"), sent);
    }

    @Test
    void stoppingOnceThenSilence() {
        ServiceNotifier n = notifier(20_000_000, Duration.ofSeconds(25));
        n.stopping();
        n.close();
        n.stopping();
        assertFalse(n.watchdogTick());
        assertEquals(List.of("STOPPING=1\nSTATUS=stopping after 0 polls"), sent);
    }

    @Test
    void failingSendsNeverReachTheDaemon() {
        AtomicLong attempts = new AtomicLong();
        ServiceNotifier n = new ServiceNotifier(s -> {
            attempts.incrementAndGet();
            throw new java.io.IOException("sendto failed: ECONNREFUSED");
        }, () -> { }, 0, Duration.ofSeconds(1), now::get);
        assertDoesNotThrow(n::pollSucceeded);
        assertDoesNotThrow(n::stopping);
        assertEquals(2, attempts.get(), "each notification is still attempted");
    }

    @Test
    void watchdogAppliesOnlyToTheNamedProcess() {
        assertEquals(0, ServiceNotifier.watchdogUsec(Map.of(), 42));
        assertEquals(30_000_000, ServiceNotifier.watchdogUsec(Map.of("WATCHDOG_USEC", "30000000"), 42));
        assertEquals(30_000_000, ServiceNotifier.watchdogUsec(Map.of("WATCHDOG_USEC", "30000000", "WATCHDOG_PID", "42"), 42));
        assertEquals(0, ServiceNotifier.watchdogUsec(Map.of("WATCHDOG_USEC", "30000000", "WATCHDOG_PID", "7"), 42));
        assertEquals(0, ServiceNotifier.watchdogUsec(Map.of("WATCHDOG_USEC", "soon"), 42));
    }
}
