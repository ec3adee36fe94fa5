package io.xtcp.daemon.poll;

import io.xtcp.daemon.run.Supervised;
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
 *
 * <p>Liveness ({@link Supervised}): the thread is alive and no cycle has run longer than its
 * timeout plus {@code grace}. A thread that died (an Error out of the cycle's listener, an
 * interrupt) is logged with its cause and restarted once, on the same grid, by {@link #reviveOnce()}.
 */
public final class PollScheduler implements AutoCloseable, Supervised {
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

    /** How long a cycle may overrun its timeout before the scheduler counts as stuck, unless told. */
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);

    private final Cycle cycle;
    private final long intervalNanos;
    private final double jitter;
    private final long timeoutNanos;
    private final long startupDelayMaxNanos;
    private final Consumer<Outcome> listener;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private final long stuckAfterNanos;
    private volatile Thread thread;
    private volatile Throwable death;
    private volatile long cycleStartNanos;
    private volatile boolean started;
    private final AtomicLong restarts = new AtomicLong();
    private final AtomicLong polls = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong skippedTicks = new AtomicLong();
    private final AtomicLong triggered = new AtomicLong();
    private boolean triggerPending;
    private volatile boolean running = true;
    private volatile boolean polling;

    /** With a grace of {@link #DEFAULT_GRACE}. */
    public PollScheduler(Cycle cycle, Duration interval, double jitter, Duration timeout, Duration startupDelayMax,
            Consumer<Outcome> listener) {
        this(cycle, interval, jitter, timeout, startupDelayMax, listener, DEFAULT_GRACE);
    }

    /**
     * @param grace how long a cycle may run past {@code timeout} before {@link #trouble} calls the scheduler stuck
     */
    public PollScheduler(Cycle cycle, Duration interval, double jitter, Duration timeout, Duration startupDelayMax,
            Consumer<Outcome> listener, Duration grace) {
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(interval) >= 0) {
            throw new IllegalArgumentException("poll timeout " + timeout + " must be positive and below the interval " + interval);
        }
        if (!(jitter >= 0 && jitter < 0.5)) { // NaN too
            throw new IllegalArgumentException("jitter must be in [0, 0.5), got " + jitter);
        }
        this.cycle = cycle;
        this.intervalNanos = interval.toNanos();
        this.jitter = jitter;
        this.timeoutNanos = timeout.toNanos();
        this.startupDelayMaxNanos = startupDelayMax.toNanos();
        this.listener = listener;
        this.stuckAfterNanos = timeout.plus(grace).toNanos();
        this.thread = newThread(startupDelayMaxNanos);
    }

    private Thread newThread(long startDelayMaxNanos) {
        Thread t = new Thread(() -> guardedLoop(startDelayMaxNanos), "xtcp-scheduler");
        t.setDaemon(false);
        return t;
    }

    public void start() {
        started = true;
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

    /** The loop, with its end recorded: an Error or an interrupt that ends it is logged and kept for {@link #trouble}. */
    private void guardedLoop(long startDelayMaxNanos) {
        try {
            loop(startDelayMaxNanos);
        } catch (Throwable t) {
            death = t;
            LOG.error("the poll scheduler thread died: {}", t.toString(), t);
        } finally {
            polling = false;
            cycleStartNanos = 0;
            if (running && death == null) {
                death = new InterruptedException("interrupted");
                LOG.error("the poll scheduler thread was interrupted and stopped");
            }
        }
    }

    private void loop(long startDelayMaxNanos) {
        long next = System.nanoTime() + (startDelayMaxNanos > 0 ? ThreadLocalRandom.current().nextLong(startDelayMaxNanos + 1) : 0);
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
        cycleStartNanos = start;
        Throwable failure = null;
        try {
            cycle.run(start + timeoutNanos);
        } catch (Throwable t) {
            if (t instanceof InterruptedException) {
                Thread.currentThread().interrupt(); // the loop ends at its next wait: the supervisor sees it
            }
            failure = t;
            failures.incrementAndGet();
            LOG.warn("poll cycle failed: {}", t.toString());
        }
        cycleStartNanos = 0;
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

    @Override
    public String component() {
        return "scheduler";
    }

    /** Whether the scheduler's thread ended while it should be running. */
    public boolean isDead() {
        return started && running && !thread.isAlive();
    }

    @Override
    public synchronized String reviveOnce() {
        if (!isDead()) {
            return null;
        }
        Throwable cause = death;
        if (restarts.get() > 0) {
            return "the poll scheduler thread died again after its restart: " + cause;
        }
        restarts.incrementAndGet();
        death = null;
        LOG.warn("restarting the poll scheduler thread (once), which died: {}", String.valueOf(cause));
        thread = newThread(0);
        thread.start();
        return null;
    }

    @Override
    public String trouble(long nowNanos) {
        if (isDead()) {
            return "the poll scheduler thread died: " + death;
        }
        long since = cycleStartNanos;
        if (polling && since != 0 && nowNanos - since > stuckAfterNanos) {
            return "the poll scheduler is stuck: a cycle has run for " + TimeUnit.NANOSECONDS.toSeconds(nowNanos - since)
                    + "s (limit " + TimeUnit.NANOSECONDS.toSeconds(stuckAfterNanos) + "s)";
        }
        return null;
    }

    @Override
    public long restarts() {
        return restarts.get();
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
        Thread t = thread;
        if (t.isAlive() && Thread.currentThread() != t) {
            try {
                t.join(TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
