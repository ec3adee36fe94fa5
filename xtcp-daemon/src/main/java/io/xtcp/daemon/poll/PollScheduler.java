package io.xtcp.daemon.poll;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs poll cycles on a fixed grid ({@code interval}) with a per-tick jitter of ±{@code jitter}
 * of the interval, so a fleet does not poll in lockstep, after a random start-up delay. A cycle
 * runs on the scheduler's own platform thread with a deadline of {@code timeout}; a cycle that
 * overruns the next tick makes that tick be skipped (and counted), never queued. {@link #triggerNow()}
 * runs one extra cycle at once without moving the grid.
 */
public final class PollScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PollScheduler.class);

    /** One poll of every namespace; must give up by {@code deadlineNanos} (System.nanoTime). */
    @FunctionalInterface
    public interface Cycle {
        void run(long deadlineNanos) throws Exception;
    }

    /** What one cycle did. */
    public static final class Outcome {
        public final boolean scheduled;
        public final boolean ok;
        public final long durationNanos;
        public final Throwable failure;

        Outcome(boolean scheduled, boolean ok, long durationNanos, Throwable failure) {
            this.scheduled = scheduled;
            this.ok = ok;
            this.durationNanos = durationNanos;
            this.failure = failure;
        }
    }

    private final Cycle cycle;
    private final long intervalNanos;
    private final double jitter;
    private final long timeoutNanos;
    private final long startupDelayMaxNanos;
    private final Consumer<Outcome> listener;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private final Thread thread;
    private final AtomicLong polls = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong skippedTicks = new AtomicLong();
    private final AtomicLong triggered = new AtomicLong();
    private boolean triggerPending;
    private volatile boolean running = true;
    private volatile boolean polling;

    public PollScheduler(Cycle cycle, Duration interval, double jitter, Duration timeout, Duration startupDelayMax,
            Consumer<Outcome> listener) {
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(interval) >= 0) {
            throw new IllegalArgumentException("poll timeout " + timeout + " must be positive and below the interval " + interval);
        }
        if (jitter < 0 || jitter >= 0.5) {
            throw new IllegalArgumentException("jitter must be in [0, 0.5), got " + jitter);
        }
        this.cycle = cycle;
        this.intervalNanos = interval.toNanos();
        this.jitter = jitter;
        this.timeoutNanos = timeout.toNanos();
        this.startupDelayMaxNanos = startupDelayMax.toNanos();
        this.listener = listener;
        this.thread = new Thread(this::loop, "xtcp-scheduler");
        thread.setDaemon(false);
    }

    public void start() {
        thread.start();
    }

    /**
     * Asks for one extra cycle now. Returns false when one is already running or pending (the
     * request is folded into it).
     */
    public boolean triggerNow() {
        lock.lock();
        try {
            if (triggerPending || polling) {
                return false;
            }
            triggerPending = true;
            triggered.incrementAndGet();
            wake.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void loop() {
        long next = System.nanoTime() + (startupDelayMaxNanos > 0 ? ThreadLocalRandom.current().nextLong(startupDelayMaxNanos + 1) : 0);
        long grid = next;
        while (running) {
            boolean scheduled;
            lock.lock();
            try {
                long wait;
                while (running && !triggerPending && (wait = next - System.nanoTime()) > 0) {
                    wake.awaitNanos(wait);
                }
                if (!running) {
                    return;
                }
                scheduled = !triggerPending;
                triggerPending = false;
                polling = true;
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            runCycle(scheduled);
            polling = false;
            if (scheduled) {
                grid += intervalNanos;
                long now = System.nanoTime();
                while (grid <= now) {
                    skippedTicks.incrementAndGet();
                    grid += intervalNanos;
                }
                next = grid + jitterOffset(ThreadLocalRandom.current().nextDouble(-jitter, jitter + Double.MIN_VALUE));
            }
        }
    }

    private long jitterOffset(double fraction) {
        return (long) (fraction * intervalNanos);
    }

    private void runCycle(boolean scheduled) {
        long start = System.nanoTime();
        Throwable failure = null;
        try {
            cycle.run(start + timeoutNanos);
        } catch (Throwable t) {
            failure = t;
            failures.incrementAndGet();
            LOG.warn("poll cycle failed: {}", t.toString());
        }
        polls.incrementAndGet();
        long took = System.nanoTime() - start;
        if (listener != null) {
            try {
                listener.accept(new Outcome(scheduled, failure == null, took, failure));
            } catch (RuntimeException e) {
                LOG.warn("poll listener failed: {}", e.toString());
            }
        }
    }

    public long polls() {
        return polls.get();
    }

    public long failures() {
        return failures.get();
    }

    /** Ticks skipped because the previous cycle was still running. */
    public long skippedTicks() {
        return skippedTicks.get();
    }

    public long triggered() {
        return triggered.get();
    }

    public boolean isPolling() {
        return polling;
    }

    /** Stops scheduling; waits for a running cycle up to its timeout. Idempotent. */
    @Override
    public void close() {
        lock.lock();
        try {
            running = false;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
        if (thread.isAlive() && Thread.currentThread() != thread) {
            try {
                thread.join(TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
