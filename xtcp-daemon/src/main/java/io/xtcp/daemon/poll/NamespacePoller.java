package io.xtcp.daemon.poll;

import io.xtcp.core.log.RateLimitedLog;
import io.xtcp.core.linux.Errno;
import io.xtcp.core.linux.SyscallException;
import io.xtcp.core.netlink.DumpRequest;
import io.xtcp.core.netlink.DumpResult;
import io.xtcp.core.netlink.DumpStats;
import io.xtcp.core.netlink.InetDiagDumper;
import io.xtcp.daemon.netns.Namespace;
import io.xtcp.daemon.netns.NamespaceHandle;
import io.xtcp.daemon.run.Supervised;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls a snapshot of namespaces with a fixed pool of platform threads: each worker owns an
 * {@link InetDiagDumper} (64 KiB receive buffer, flyweights), a copy of the {@link DumpRequest}
 * (it carries the sequence number) and a {@link NamespaceDumpHandler},
 * and takes the next namespace of the snapshot until none is left, so a cycle costs no task or
 * thread per namespace. Workers never call setns: every socket was opened inside its namespace
 * beforehand by the registry, and a dump over it answers for that namespace from any thread.
 *
 * <p>A failing dump (NLMSG_ERROR, a timeout, a closed socket) fails only its namespace's result;
 * failures are counted and logged at most once a minute. A namespace dropped by the registry
 * before its turn is reported {@link NamespacePollResult.Status#GONE}.
 *
 * <p>A worker that dies (an Error out of its handler) is replaced once, with the same handler,
 * at the next poll or by {@link #reviveOnce()}; a poll waits for its workers up to its deadline
 * plus {@code grace} and reports the namespaces not done {@link NamespacePollResult.Status#FAILED}.
 * Liveness ({@link Supervised}): no worker dead past its one restart, none on one namespace for
 * longer than {@code grace}.
 */
public final class NamespacePoller implements AutoCloseable, Supervised {
    private static final Logger LOG = LoggerFactory.getLogger(NamespacePoller.class);
    private static final AtomicInteger POOLS = new AtomicInteger();

    /** How long a poll waits past its deadline, and a worker may spend on one namespace, unless told. */
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);

    private final Worker[] workers;
    private final boolean[] replaced;
    private final AtomicLong restarts = new AtomicLong();
    private final long graceNanos;
    private final String poolName;
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong cycles = new AtomicLong();
    private final RateLimitedLog failureLog = new RateLimitedLog(LOG, 1, TimeUnit.MINUTES);
    private final Object slots = new Object();
    private volatile boolean closed;

    /** Two workers, or as many as there are cores up to four. */
    public static int defaultThreads() {
        return Math.min(4, Math.max(2, Runtime.getRuntime().availableProcessors()));
    }

    /**
     * Starts {@code threads} workers, named {@code xtcp-poll-P-N}.
     *
     * @param handlers called once per worker index (0..threads-1), on this thread
     */
    public NamespacePoller(int threads, DumpRequest request, IntFunction<? extends NamespaceDumpHandler> handlers) {
        this(threads, request, handlers, DEFAULT_GRACE);
    }

    /**
     * @param grace how long a poll waits for its workers past its deadline, and how long a worker
     *              may spend on one namespace before it counts as stuck
     */
    public NamespacePoller(int threads, DumpRequest request, IntFunction<? extends NamespaceDumpHandler> handlers, Duration grace) {
        if (threads < 1) {
            throw new IllegalArgumentException("poll threads must be at least 1, got " + threads);
        }
        this.workers = new Worker[threads];
        this.replaced = new boolean[threads];
        this.graceNanos = grace.toNanos();
        this.poolName = "xtcp-poll-" + POOLS.incrementAndGet() + "-";
        for (int i = 0; i < threads; i++) {
            // a request writes its sequence number into its buffer: one copy per worker
            workers[i] = new Worker(poolName + i, request.copy(), handlers.apply(i), new DumpStats());
        }
        for (Worker w : workers) {
            w.start();
        }
    }

    public int threads() {
        return workers.length;
    }

    /**
     * Dumps every namespace of {@code namespaces} once and returns when all are done; the
     * results are in the snapshot's order. One cycle at a time.
     */
    public List<NamespacePollResult> poll(List<NamespaceHandle> namespaces) throws InterruptedException {
        return poll(namespaces, Long.MAX_VALUE);
    }

    /**
     * Like {@link #poll(List)}, but a namespace whose turn comes after {@code deadlineNanos}
     * ({@link System#nanoTime()}) is not dumped and reported {@link NamespacePollResult.Status#LATE}.
     * A dump in progress at the deadline finishes (each socket's receive timeout bounds it).
     */
    public synchronized List<NamespacePollResult> poll(List<NamespaceHandle> namespaces, long deadlineNanos)
            throws InterruptedException {
        if (closed) {
            throw new IllegalStateException("namespace poller is closed");
        }
        cycles.incrementAndGet();
        reviveOnce();
        List<Worker> live = new java.util.ArrayList<>();
        for (Worker w : workers) {
            if (w.isAlive()) {
                live.add(w);
            }
        }
        int n = Math.min(live.size(), namespaces.size());
        Cycle c = new Cycle(namespaces, n, deadlineNanos);
        for (int i = 0; i < n; i++) {
            live.get(i).cycles.add(c);
        }
        long waitUntil = deadlineNanos == Long.MAX_VALUE ? Long.MAX_VALUE : deadlineNanos + graceNanos;
        while (!c.done.await(100, TimeUnit.MILLISECONDS)) {
            if (waitUntil != Long.MAX_VALUE && System.nanoTime() - waitUntil > 0) {
                break;
            }
            if (live.subList(0, n).stream().noneMatch(Thread::isAlive)) {
                break;
            }
        }
        NamespacePollResult[] out = c.results.clone(); // a worker still busy writes into the cycle's array, not this one
        c.next.set(out.length); // nothing more of this cycle is started
        for (int i = 0; i < out.length; i++) {
            if (out[i] == null) {
                out[i] = new NamespacePollResult(namespaces.get(i).namespace(), NamespacePollResult.Status.FAILED, 0, 0, 0,
                        "not done: its poll worker died or overran the poll timeout plus " + TimeUnit.NANOSECONDS.toSeconds(graceNanos) + "s");
                failures.incrementAndGet();
                failureLog.warn("poll of namespace {} failed: {}", out[i].namespace(), out[i].error());
            }
        }
        return Arrays.asList(out);
    }

    @Override
    public String component() {
        return "poll_worker";
    }

    /** Replaces each dead worker once (same handler, request and counters). */
    @Override
    public String reviveOnce() {
        synchronized (slots) {
            return replaceDead();
        }
    }

    private String replaceDead() {
        if (closed) {
            return null;
        }
        String fatal = null;
        for (int i = 0; i < workers.length; i++) {
            Worker w = workers[i];
            if (w.isAlive()) {
                continue;
            }
            if (replaced[i]) {
                fatal = "poll worker " + w.getName() + " died again after its restart: " + w.death;
                continue;
            }
            replaced[i] = true;
            restarts.incrementAndGet();
            LOG.warn("replacing poll worker {} (once), which died: {}", w.getName(), String.valueOf(w.death));
            Worker fresh = new Worker(w.getName(), w.request, w.handler, w.stats);
            workers[i] = fresh;
            fresh.start();
        }
        return fatal;
    }

    @Override
    public String trouble(long nowNanos) {
        for (Worker w : workers) {
            if (!w.isAlive() && w.death != null) {
                return "poll worker " + w.getName() + " died: " + w.death;
            }
            long since = w.busySinceNanos;
            if (since != 0 && nowNanos - since > graceNanos) {
                return "poll worker " + w.getName() + " is stuck on one namespace for " + TimeUnit.NANOSECONDS.toSeconds(nowNanos - since)
                        + "s (limit " + TimeUnit.NANOSECONDS.toSeconds(graceNanos) + "s)";
            }
        }
        return null;
    }

    @Override
    public long restarts() {
        return restarts.get();
    }

    /** Namespace dumps that failed since start. */
    public long failures() {
        return failures.get();
    }

    public long cycles() {
        return cycles.get();
    }

    /** The parser's counters summed over the workers (approximate while a poll runs). */
    public DumpStats stats() {
        DumpStats sum = new DumpStats();
        for (Worker w : workers) {
            sum.add(w.stats);
        }
        return sum;
    }

    /** Stops the workers after the cycle in progress. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        for (Worker w : workers) {
            w.cycles.add(Cycle.STOP);
        }
        for (Worker w : workers) {
            try {
                w.join(TimeUnit.NANOSECONDS.toMillis(graceNanos) + 1000); // a stuck worker is a daemon thread: not waited for
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static final class Cycle {
        static final Cycle STOP = new Cycle(List.of(), 0, Long.MAX_VALUE);

        final List<NamespaceHandle> handles;
        final NamespacePollResult[] results;
        final AtomicInteger next = new AtomicInteger();
        final CountDownLatch done;
        final long deadlineNanos;

        Cycle(List<NamespaceHandle> handles, int workers, long deadlineNanos) {
            this.handles = handles;
            this.deadlineNanos = deadlineNanos;
            this.results = new NamespacePollResult[handles.size()];
            this.done = new CountDownLatch(workers);
        }
    }

    private final class Worker extends Thread {
        final LinkedBlockingQueue<Cycle> cycles = new LinkedBlockingQueue<>();
        final DumpRequest request;
        final NamespaceDumpHandler handler;
        final DumpStats stats;
        final InetDiagDumper dumper;
        volatile long busySinceNanos;
        volatile Throwable death;

        Worker(String name, DumpRequest request, NamespaceDumpHandler handler, DumpStats stats) {
            super(name);
            this.request = request;
            this.handler = handler;
            this.stats = stats;
            this.dumper = new InetDiagDumper(stats);
            setDaemon(true);
        }

        @Override
        public void run() {
            try {
                work();
            } catch (Throwable t) {
                death = t;
                LOG.error("poll worker {} died: {}", getName(), t.toString(), t);
            } finally {
                busySinceNanos = 0;
            }
        }

        private void work() {
            while (true) {
                Cycle c;
                try {
                    c = cycles.take();
                } catch (InterruptedException e) {
                    return;
                }
                if (c == Cycle.STOP) {
                    return;
                }
                try {
                    for (int i; (i = c.next.getAndIncrement()) < c.results.length; ) {
                        c.results[i] = c.deadlineNanos != Long.MAX_VALUE && System.nanoTime() - c.deadlineNanos > 0
                                ? new NamespacePollResult(c.handles.get(i).namespace(), NamespacePollResult.Status.LATE, 0, 0, 0,
                                        "not polled: the poll timeout passed before its turn")
                                : pollOne(c.handles.get(i));
                    }
                } finally {
                    c.done.countDown();
                }
            }
        }

        private NamespacePollResult pollOne(NamespaceHandle h) {
            busySinceNanos = System.nanoTime();
            try {
                return pollOneTimed(h);
            } finally {
                busySinceNanos = 0;
            }
        }

        private NamespacePollResult pollOneTimed(NamespaceHandle h) {
            Namespace ns = h.namespace();
            NamespacePollResult result;
            if (!h.acquire()) {
                result = new NamespacePollResult(ns, NamespacePollResult.Status.GONE, 0, 0, 0, "");
            } else {
                long t0 = System.nanoTime();
                long before = stats.sockets;
                int errno = 0;
                String error = "";
                try {
                    handler.begin(ns, wallClockNanos());
                    if (dumper.dump(h.socket(), request, handler) != DumpResult.DONE) {
                        errno = stats.lastErrno;
                        error = "inet_diag dump failed: " + Errno.describe(errno);
                    }
                } catch (SyscallException e) {
                    errno = e.errno();
                    error = e.getMessage();
                } catch (IOException | RuntimeException e) {
                    error = String.valueOf(e);
                } finally {
                    h.release();
                }
                NamespacePollResult.Status status = error.isEmpty()
                        ? NamespacePollResult.Status.OK : NamespacePollResult.Status.FAILED;
                result = new NamespacePollResult(ns, status, stats.sockets - before, System.nanoTime() - t0, errno, error);
                if (status == NamespacePollResult.Status.FAILED) {
                    failures.incrementAndGet();
                    failureLog.warn("poll of namespace {} failed: {}", ns, error);
                }
            }
            try {
                handler.end(result);
            } catch (RuntimeException e) {
                failureLog.warn("namespace dump handler failed after {}: {}", ns, String.valueOf(e));
            }
            return result;
        }
    }

    private static long wallClockNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
