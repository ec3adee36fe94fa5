package io.xtcp.dest.pipeline;

import io.xtcp.core.log.RateLimitedLog;
import io.xtcp.core.record.Envelope;
import io.xtcp.dest.Destination;
import io.xtcp.dest.RejectedBatchException;
import io.xtcp.dest.marshal.Marshaller;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Between the pollers and a {@link Destination}: a bounded queue (by batches and bytes) and one
 * sender thread that marshals each batch and sends it, retrying a failed send with exponential
 * backoff so batches leave in the order they came.
 *
 * <p>When the queue is full, {@link #offer} first waits for the sender to take a batch, up to
 * {@link PipelineConfig#maxOfferWait} (zero: not at all; never under {@code spool}): a sink that
 * is only slower than a poll's burst (a cold JIT, a producer fetching metadata) slows the poller
 * down instead of losing records. A wait that runs out marks the sink stalled, and until the
 * sender takes a batch again offers do not wait: a dead sink costs the poller one wait, not one
 * per batch. Then the {@link OverflowPolicy} decides: drop the oldest queued batches, drop the
 * new one, or spool. Under {@code spool} the
 * batch is appended to the on-disk {@link Spool} (a write(2) to the page cache, no fsync), and so is
 * every batch after it until the sender has replayed the spool: memory first (older), then the
 * spool, then memory again, never out of order. Every record that does not reach the sink is
 * counted in {@link PipelineStats} under a reason, with a rate-limited log line.
 *
 * <p>The pipeline owns the destination: {@link #close()} stops taking batches, lets the sender
 * flush what is held until the close timeout, spools (under {@code spool}) or counts as dropped
 * what is left, then closes the spool and the destination. Memory held is at most the queue limits
 * plus the one batch in flight (a batch's array may be up to a third
 * larger than the batch, see {@link BatchPool}), and the few arrays the pool keeps for reuse.
 */
public final class SinkPipeline implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SinkPipeline.class);
    /** Arrays of sent batches kept for reuse: enough for the few in flight while the sink keeps up. */
    static final int POOLED_BATCHES = 4;

    private final Destination destination;
    private final Marshaller marshaller;
    private final PipelineConfig config;
    private final PipelineStats stats = new PipelineStats();
    private final Spool spool;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Signalled when the sender takes a batch from the queue: room for a waiting offer. */
    private final Condition room = lock.newCondition();
    private final ArrayDeque<Batch> queue = new ArrayDeque<>();
    private final BatchPool pool = new BatchPool(POOLED_BATCHES);
    private final RateLimitedLog dropLog;
    private final RateLimitedLog failLog;
    private final Thread sender;
    private final AtomicBoolean finished = new AtomicBoolean();
    private long queuedBytes;
    private boolean spoolActive;
    /** An offer waited maxOfferWait in vain; cleared when the sender takes a batch. Guarded by lock. */
    private boolean stalled;
    private boolean closing;
    private long deadline;
    /** The batch the sender holds; from memory unless {@link #inFlightFromSpool}. Guarded by lock. */
    private Batch inFlight;
    private boolean inFlightFromSpool;

    /**
     * Starts the sender. Under {@code spool}, opens the spool directory and replays what a previous
     * run left there before anything new.
     */
    public SinkPipeline(Destination destination, Marshaller marshaller, PipelineConfig config) throws IOException {
        this.destination = destination;
        this.marshaller = marshaller;
        this.config = config;
        long logNanos = config.logInterval().toNanos();
        this.dropLog = new RateLimitedLog(LOG, logNanos, TimeUnit.NANOSECONDS);
        this.failLog = new RateLimitedLog(LOG, logNanos, TimeUnit.NANOSECONDS);
        this.spool = config.overflow() == OverflowPolicy.SPOOL
                ? new Spool(config.spoolDir(), config.spoolMaxBytes(), config.spoolSegmentBytes(), stats) : null;
        this.spoolActive = spool != null && !spool.isEmpty();
        this.sender = new Thread(this::run, "xtcp-sink-" + destination.uri().replaceAll("[^A-Za-z0-9.:-]", "_"));
        sender.setDaemon(true);
        sender.start();
    }

    /** Offers one envelope from {@code EnvelopeBuilder}'s consumer; copies its framed bytes. */
    public boolean offer(Envelope envelope) {
        return offer(envelope.framed(), envelope.rows());
    }

    /**
     * Offers one protobufList batch (varint length + Envelope) holding {@code records} rows. Copies
     * the bytes (from position to limit; the buffer is not changed). Waits for room in a full
     * queue up to {@link PipelineConfig#maxOfferWait}, unless the sink is stalled.
     *
     * @return true when queued or spooled, false when this batch was dropped (counted)
     */
    public boolean offer(ByteBuffer framedEnvelope, int records) {
        Batch b = pool.copyOf(framedEnvelope, records);
        stats.offeredBatches.increment();
        stats.offeredRecords.add(records);
        lock.lock();
        try {
            if (closing) {
                return refuse(b, "closed");
            }
            if (spool != null && (spoolActive || !fits(b))) {
                return spool(b);
            }
            if (!fits(b) && !stalled && config.maxOfferWait().toNanos() > 0) {
                awaitRoom(b);
                if (closing) {
                    return refuse(b, "closed");
                }
            }
            if (!fits(b)) {
                if (config.overflow() == OverflowPolicy.DROP_NEWEST) {
                    return refuse(b, "overflow");
                }
                while (!queue.isEmpty() && !fits(b)) {
                    Batch old = queue.pollFirst();
                    queuedBytes -= old.size();
                    drop(old, "overflow");
                    pool.release(old);
                }
                if (!fits(b)) {
                    publish();
                    return refuse(b, "overflow");
                }
            }
            queue.addLast(b);
            queuedBytes += b.size();
            publish();
            changed.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    public PipelineStats stats() {
        return stats;
    }

    public Destination destination() {
        return destination;
    }

    public PipelineConfig config() {
        return config;
    }

    /**
     * The sink's delivery now ({@code nowMillis}: Unix milliseconds). Provisional: tells only
     * whether the sender thread is alive; the failure classes and staleness come next.
     */
    public SinkHealth health(long nowMillis) {
        if (!sender.isAlive() && !finished.get()) {
            return new SinkHealth(SinkHealth.State.DEAD, "the sender thread died", 0, nowMillis);
        }
        return new SinkHealth(SinkHealth.State.DELIVERING, "", 0, 0);
    }

    /**
     * Flushes what is held within the close timeout, spools or counts what is left, closes the
     * spool and the destination. Idempotent.
     */
    @Override
    public void close() {
        long timeoutNanos = config.closeTimeout().toNanos();
        lock.lock();
        try {
            if (closing) {
                return;
            }
            closing = true;
            deadline = System.nanoTime() + timeoutNanos;
            changed.signalAll();
            room.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            sender.join(TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + 1000);
            if (sender.isAlive()) {
                LOG.warn("sink {}: sender still busy after the close timeout; interrupting it", destination.uri());
                sender.interrupt();
                sender.join(2000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        finish();
    }

    // ---- offer side (lock held) ----

    /** Drops the offered batch (counted under {@code reason}) and frees its array; false, for offer. */
    private boolean refuse(Batch b, String reason) {
        drop(b, reason);
        pool.release(b);
        return false;
    }

    /** Waits until {@code b} fits, the pipeline closes or maxOfferWait passes (then: stalled). */
    private void awaitRoom(Batch b) {
        long start = System.nanoTime();
        long left = config.maxOfferWait().toNanos();
        stats.offerWaits.increment();
        try {
            while (!fits(b) && !closing) {
                if (left <= 0) {
                    stalled = true;
                    failLog.warn("sink {}: no batch taken for {} ms with the queue full; not waiting for it again until it takes one",
                            destination.uri(), config.maxOfferWait().toMillis());
                    return;
                }
                left = room.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the caller is stopping: the policy applies at once
        } finally {
            stats.offerWaitNanos.add(System.nanoTime() - start);
        }
    }

    private boolean fits(Batch b) {
        return queue.size() < config.maxQueueBatches() && queuedBytes + b.size() <= config.maxQueueBytes();
    }

    private boolean spool(Batch b) {
        try {
            if (!spool.append(b)) {
                drop(b, "spool-full");
                return false;
            }
        } catch (IOException e) {
            drop(b, "spool-error");
            failLog.warn("sink {}: cannot write the spool {}: {}", destination.uri(), config.spoolDir(), e.toString());
            return false;
        } finally {
            pool.release(b); // on disk or dropped: the array is free either way
        }
        spoolActive = true;
        stats.spooledBatches.increment();
        stats.spooledRecords.add(b.records);
        changed.signal();
        return true;
    }

    private void drop(Batch b, String reason) {
        stats.dropped(reason, b.records);
        dropLog.warn("sink {}: dropped {} records so far ({}); queue {}/{} batches, {}/{} bytes", destination.uri(),
                stats.droppedRecords(), stats.droppedRecordsByReason(), queue.size(), config.maxQueueBatches(),
                queuedBytes, config.maxQueueBytes());
    }

    private void publish() {
        stats.queuedBatches = queue.size();
        stats.queuedBytes = queuedBytes;
    }

    // ---- sender side ----

    private void run() {
        try {
            while (take()) {
                deliver();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            LOG.error("sink {}: sender failed", destination.uri(), e);
        } finally {
            finish();
        }
    }

    /** Sets {@link #inFlight} to the next batch; false when closing and nothing is left or the deadline passed. */
    private boolean take() throws InterruptedException {
        while (true) {
            lock.lockInterruptibly();
            try {
                while (true) {
                    if (finished.get() || (closing && System.nanoTime() - deadline >= 0)) {
                        return false;
                    }
                    Batch b = queue.pollFirst();
                    if (b != null) {
                        queuedBytes -= b.size();
                        publish();
                        stalled = false;
                        room.signalAll();
                        inFlight = b;
                        inFlightFromSpool = false;
                        return true;
                    }
                    if (spoolActive) {
                        break;
                    }
                    if (closing) {
                        return false;
                    }
                    changed.await();
                }
            } finally {
                lock.unlock();
            }
            Batch s = spool.peek();
            lock.lockInterruptibly();
            try {
                if (s != null) {
                    inFlight = s;
                    inFlightFromSpool = true;
                    return true;
                }
                if (spool.isEmpty()) {
                    spoolActive = false;
                }
            } finally {
                lock.unlock();
            }
        }
    }

    private void deliver() throws InterruptedException {
        Batch b = inFlight;
        ByteBuffer out;
        try {
            out = marshaller.marshal(b.bytes());
        } catch (RuntimeException e) {
            LOG.warn("sink {}: cannot marshal a batch of {} records: {}", destination.uri(), b.records, e.toString());
            done(b, "malformed");
            return;
        }
        long backoff = config.retryMin().toNanos();
        while (true) {
            try {
                destination.send(out.duplicate());
                stats.sentBatches.increment();
                stats.sentRecords.add(b.records);
                stats.sentBytes.add(out.remaining());
                done(b, null);
                return;
            } catch (RejectedBatchException e) {
                done(b, "rejected");
                return;
            } catch (IOException | RuntimeException e) {
                stats.sendFailures.increment();
                failLog.warn("sink {}: send failed ({} failures so far), retrying in {} ms: {}", destination.uri(),
                        stats.sendFailures(), TimeUnit.NANOSECONDS.toMillis(backoff), e.toString());
            }
            if (!pause(backoff)) {
                return;
            }
            backoff = Math.min(backoff * 2, config.retryMax().toNanos());
        }
    }

    /** Settles the in-flight batch: sent (reason null) or dropped; acknowledges it in the spool. */
    private void done(Batch b, String reason) {
        lock.lock();
        try {
            if (finished.get()) {
                return;
            }
            if (reason != null) {
                drop(b, reason);
            }
            if (inFlightFromSpool) {
                spool.ack();
                stats.replayedBatches.increment();
                stats.replayedRecords.add(b.records);
                if (spool.isEmpty()) {
                    spoolActive = false;
                }
            } else {
                pool.release(b); // the destination read it during send() and kept no reference (Destination's contract)
            }
            inFlight = null;
            inFlightFromSpool = false;
        } finally {
            lock.unlock();
        }
    }

    /** Waits before a retry; false when the close deadline passed (the batch stays in flight for {@link #finish()}). */
    private boolean pause(long nanos) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            long end = System.nanoTime() + nanos;
            while (true) {
                long now = System.nanoTime();
                if (closing && now - deadline >= 0) {
                    return false;
                }
                long left = end - now;
                if (left <= 0) {
                    return true;
                }
                if (closing) {
                    left = Math.min(left, deadline - now);
                }
                changed.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Once: spools or counts what is still held, then closes the spool and the destination. */
    private void finish() {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        lock.lock();
        try {
            List<Batch> left = new ArrayList<>();
            if (inFlight != null && !inFlightFromSpool) {
                left.add(inFlight);
            }
            left.addAll(queue);
            queue.clear();
            queuedBytes = 0;
            inFlight = null;
            publish();
            if (!left.isEmpty()) {
                boolean saved = false;
                if (spool != null) {
                    try {
                        saved = spool.prepend(left);
                    } catch (IOException e) {
                        LOG.warn("sink {}: cannot spool {} batches at close: {}", destination.uri(), left.size(), e.toString());
                    }
                }
                for (Batch b : left) {
                    if (saved) {
                        stats.spooledBatches.increment();
                        stats.spooledRecords.add(b.records);
                    } else {
                        drop(b, "closed");
                    }
                }
                LOG.warn("sink {}: {} batches unsent at close were {}", destination.uri(), left.size(),
                        saved ? "spooled for the next run" : "dropped");
            }
        } finally {
            lock.unlock();
        }
        if (spool != null) {
            try {
                spool.close();
            } catch (IOException e) {
                LOG.warn("sink {}: closing the spool: {}", destination.uri(), e.toString());
            }
        }
        try {
            destination.close();
        } catch (Exception e) {
            LOG.warn("sink {}: closing: {}", destination.uri(), e.toString());
        }
    }
}
