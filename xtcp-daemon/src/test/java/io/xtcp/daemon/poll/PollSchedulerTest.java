package io.xtcp.daemon.poll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class PollSchedulerTest {
    @Test
    void timeoutMustBeBelowInterval() {
        assertThrows(IllegalArgumentException.class,
                () -> new PollScheduler(d -> {}, Duration.ofSeconds(1), 0, Duration.ofSeconds(1), Duration.ZERO, null));
        assertThrows(IllegalArgumentException.class,
                () -> new PollScheduler(d -> {}, Duration.ofSeconds(1), 0.6, Duration.ofMillis(500), Duration.ZERO, null));
        assertThrows(IllegalArgumentException.class,
                () -> new PollScheduler(d -> {}, Duration.ofSeconds(1), Double.NaN, Duration.ofMillis(500), Duration.ZERO, null));
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < until, "within 10 s: " + what);
            Thread.sleep(5);
        }
    }

    @Test
    void anInterruptedCycleKeepsTheInterruptFlagAndTheEndIsSeen() throws Exception {
        AtomicBoolean flagSeen = new AtomicBoolean();
        CountDownLatch outcome = new CountDownLatch(1);
        PollScheduler s = new PollScheduler(d -> {
            throw new InterruptedException("poll interrupted");
        }, Duration.ofHours(1), 0, Duration.ofMinutes(1), Duration.ZERO, o -> {
            flagSeen.set(Thread.currentThread().isInterrupted());
            outcome.countDown();
        });
        s.start();
        assertTrue(outcome.await(10, TimeUnit.SECONDS));
        assertTrue(flagSeen.get(), "the cycle's InterruptedException leaves the thread interrupted");
        await(s::isDead, "the interrupted scheduler thread ends");
        assertTrue(s.trouble(System.nanoTime()).contains("interrupted"), s.trouble(System.nanoTime()));
        s.close();
    }

    @Test
    void aDeadSchedulerIsSeenRestartedOnceThenReportedFatal() throws Exception {
        AtomicInteger cycles = new AtomicInteger();
        // an Error out of the listener ends the loop, as nextDouble's IllegalArgumentException did with a NaN jitter
        PollScheduler s = new PollScheduler(d -> cycles.incrementAndGet(), Duration.ofHours(1), 0, Duration.ofMinutes(1), Duration.ZERO,
                o -> {
                    throw new AssertionError("listener blew up");
                });
        assertNull(s.trouble(System.nanoTime()), "not started is not dead");
        s.start();
        await(s::isDead, "the first cycle's Error ends the thread");
        assertEquals(1, cycles.get());
        String why = s.trouble(System.nanoTime());
        assertNotNull(why);
        assertTrue(why.contains("listener blew up"), why);
        assertNull(s.reviveOnce(), "the first death is restarted");
        assertEquals(1, s.restarts());
        await(() -> cycles.get() == 2, "the restarted thread polls at once");
        await(s::isDead, "and dies again");
        String fatal = s.reviveOnce();
        assertNotNull(fatal, "a second death is fatal");
        assertTrue(fatal.contains("died again"), fatal);
        assertEquals(1, s.restarts());
        s.close();
    }

    @Test
    void aCycleRunningPastTimeoutPlusGraceIsStuck() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        PollScheduler s = new PollScheduler(d -> {
            entered.countDown();
            release.await();
        }, Duration.ofHours(1), 0, Duration.ofSeconds(1), Duration.ZERO, null, Duration.ofSeconds(2));
        s.start();
        assertTrue(entered.await(10, TimeUnit.SECONDS));
        long now = System.nanoTime();
        assertNull(s.trouble(now), "a running cycle within its timeout is fine");
        String stuck = s.trouble(now + TimeUnit.SECONDS.toNanos(4));
        assertNotNull(stuck, "3 s (timeout 1 s + grace 2 s) later it is stuck");
        assertTrue(stuck.contains("stuck") && stuck.contains("limit 3s"), stuck);
        release.countDown();
        await(() -> !s.isPolling(), "the cycle ends");
        assertNull(s.trouble(now + TimeUnit.SECONDS.toNanos(4)));
        s.close();
    }

    @Test
    void pollsRepeatedlyAndHandsTheDeadline() throws Exception {
        List<Long> budgets = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch three = new CountDownLatch(3);
        try (PollScheduler s = new PollScheduler(deadline -> {
            budgets.add(deadline - System.nanoTime());
            three.countDown();
        }, Duration.ofMillis(50), 0.2, Duration.ofMillis(40), Duration.ZERO, null)) {
            s.start();
            assertTrue(three.await(10, TimeUnit.SECONDS), "three polls happen");
        }
        for (long b : budgets) {
            assertTrue(b > 0 && b <= TimeUnit.MILLISECONDS.toNanos(40), "deadline is start + timeout: " + b);
        }
    }

    @Test
    void anOverrunningPollSkipsTicksInsteadOfQueueingThem() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxConcurrent = new AtomicInteger();
        CountDownLatch four = new CountDownLatch(4);
        PollScheduler s = new PollScheduler(deadline -> {
            maxConcurrent.accumulateAndGet(running.incrementAndGet(), Math::max);
            Thread.sleep(120); // interval 30 ms: every poll overruns about three ticks
            running.decrementAndGet();
            four.countDown();
        }, Duration.ofMillis(30), 0, Duration.ofMillis(20), Duration.ZERO, null);
        s.start();
        assertTrue(four.await(20, TimeUnit.SECONDS));
        s.close();
        assertEquals(1, maxConcurrent.get(), "polls never overlap");
        assertTrue(s.skippedTicks() >= 4, "overrun ticks are counted as skipped: " + s.skippedTicks());
        long ticksIfQueued = s.polls() + s.skippedTicks();
        assertTrue(s.polls() < ticksIfQueued, "skipped ticks are not run later");
    }

    @Test
    void triggerRunsOneExtraPollAndFoldsRequestsWhileBusy() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger triggeredRuns = new AtomicInteger();
        List<PollScheduler.Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());
        PollScheduler s = new PollScheduler(deadline -> {
            entered.countDown();
            release.await(10, TimeUnit.SECONDS);
        }, Duration.ofHours(1), 0, Duration.ofMinutes(1), Duration.ZERO, o -> {
            outcomes.add(o);
            if (!o.scheduled) {
                triggeredRuns.incrementAndGet();
            }
        });
        s.start();
        assertTrue(entered.await(10, TimeUnit.SECONDS), "first scheduled poll starts at once");
        assertFalse(s.triggerNow(), "a trigger during a poll is folded into it");
        release.countDown();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (outcomes.isEmpty() && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        while (s.isPolling() && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        assertTrue(s.triggerNow(), "idle scheduler accepts a trigger");
        while (triggeredRuns.get() == 0 && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        s.close();
        assertEquals(1, triggeredRuns.get());
        assertEquals(2, s.polls(), "one scheduled + one triggered; the hourly grid did not fire again");
    }

    @Test
    void aFailingPollIsCountedAndTheScheduleGoesOn() throws Exception {
        CountDownLatch three = new CountDownLatch(3);
        PollScheduler s = new PollScheduler(deadline -> {
            three.countDown();
            throw new IllegalStateException("netlink exploded");
        }, Duration.ofMillis(20), 0, Duration.ofMillis(10), Duration.ZERO, null);
        s.start();
        assertTrue(three.await(10, TimeUnit.SECONDS));
        s.close();
        assertTrue(s.failures() >= 3);
    }

    @Test
    void closeIsIdempotentAndStopsPolling() throws Exception {
        AtomicInteger polls = new AtomicInteger();
        PollScheduler s = new PollScheduler(d -> polls.incrementAndGet(), Duration.ofMillis(10), 0, Duration.ofMillis(5), Duration.ZERO, null);
        s.start();
        Thread.sleep(50);
        s.close();
        s.close();
        int after = polls.get();
        Thread.sleep(60);
        assertEquals(after, polls.get(), "no poll after close");
    }
}
