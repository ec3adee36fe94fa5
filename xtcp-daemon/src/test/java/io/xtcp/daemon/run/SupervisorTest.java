package io.xtcp.daemon.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xtcp.daemon.poll.PollScheduler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A real scheduler whose thread dies at every cycle, under a running supervisor: restarted once,
 * and the second death reaches the exit function (the daemon's: close everything, exit 70) once.
 */
class SupervisorTest {
    @Test
    void deathRestartSecondDeathExit() throws Exception {
        AtomicInteger cycles = new AtomicInteger();
        List<String> exits = new CopyOnWriteArrayList<>();
        try (PollScheduler scheduler = new PollScheduler(d -> cycles.incrementAndGet(), Duration.ofHours(1), 0, Duration.ofMinutes(1),
                Duration.ZERO, o -> {
                    throw new StackOverflowError("listener overflowed");
                })) {
            Health health = new Health(System::currentTimeMillis, System::nanoTime, Duration.ofMinutes(3), () -> 0, List.of(),
                    List.of(scheduler));
            try (Supervisor s = new Supervisor(health, List.of(scheduler), System::currentTimeMillis, exits::add, null,
                    Duration.ofMillis(20)).start()) {
                scheduler.start();
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (exits.isEmpty()) {
                    assertTrue(System.nanoTime() < until, "the second death reaches the exit within 10 s");
                    Thread.sleep(5);
                }
            }
            assertEquals(2, cycles.get(), "the first thread and its one restart each ran a cycle");
            assertEquals(1, scheduler.restarts());
            assertEquals(1, exits.size(), exits::toString);
            assertTrue(exits.get(0).startsWith("the poll scheduler thread died again after its restart: java.lang.StackOverflowError"),
                    exits.get(0));
            assertTrue(health.live().reason().contains("listener overflowed"), health.live().reason());
        }
    }
}
