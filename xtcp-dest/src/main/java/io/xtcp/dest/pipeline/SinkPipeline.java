package io.xtcp.dest.pipeline;

import io.xtcp.core.log.RateLimitedLog;
import io.xtcp.core.record.Envelope;
import io.xtcp.dest.Destination;
import io.xtcp.dest.RejectedBatchException;
import io.xtcp.dest.SinkRefusedException;
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
 *
 * <p>Delivery is what the transport confirms ({@link io.xtcp.dest.Delivery}): a batch the sink took
 * is unconfirmed until then, and dropped under the sink's reason if it is lost after all. Failures
 * are classified: a {@link RejectedBatchException} drops the batch and the next goes at once; a
 * {@link SinkRefusedException} marks the sink BROKEN and is retried at the longest backoff; any
 * other IOException is retried with backoff. {@link #health} says which.
 *
 * <p>The sender thread is restarted once if it dies of an unexpected exception (the batch it
 * held is kept and sent by the new thread); if it dies again the sink is DEAD and offers are
 * refused ({@code sink-dead}). Only the sender, or {@link #close()} once the sender has left, settles
 * what is held, so nothing is counted twice.
 *
 * <p>Why one class of about 600 lines: the offer side (queue limits, the wait for room, the
 * overflow policy, the switch to the spool), the sender's loop (take, marshal, send, retry with
 * backoff, settle) and the close protocol (deadline, flush, then spool or count what is left)
 * read and write the same state under one lock: the queue and its bytes, whether the spool is
 * being replayed, the batch in flight and where it came from, {@code stalled}, {@code closing}
 * and {@code finished}. Each rule (never out of order, each record counted once, DEAD only once
 * what was held is counted, close never racing a send) is an invariant over all of them, and is
 * checked here in one place. What holds no part of that state lives beside it: the books on
 * batches the sink took and their confirmations ({@link DeliveryLedger}, {@link BatchDelivery}),
 * the sender thread across its restart ({@link SenderThread}), the health rules
 * ({@link DeliveryHealth}), the spool ({@link Spool}) and the reused arrays ({@link BatchPool}).
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
    private final RateLimitedLog batchLog;
    private final DeliveryHealth health = new DeliveryHealth();
    private final DeliveryLedger ledger;
    /** The sender thread; replaced once if it dies. */
    private final SenderThread sender;
    /** The sender died twice: offers are refused. */
    private volatile boolean dead;
    /** Why the sender died for good; health says DEAD with it once {@link #finish} has counted what was held. Guarded by lock. */
    private String deathReason;
    private final AtomicBoolean finished = new AtomicBoolean();
    private final AtomicBoolean destinationClosed = new AtomicBoolean();
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
        this.batchLog = new RateLimitedLog(LOG, logNanos, TimeUnit.NANOSECONDS);
        this.spool = config.overflow() == OverflowPolicy.SPOOL
                ? new Spool(config.spoolDir(), config.spoolMaxBytes(), config.spoolSegmentBytes(), stats) : null;
        this.spoolActive = spool != null && !spool.isEmpty();
        this.ledger = new DeliveryLedger(destination.uri(), stats, health, dropLog);
        this.sender = new SenderThread("xtcp-sink-" + destination.uri().replaceAll("[^A-Za-z0-9.:-]", "_"), this::run);
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
            if (dead) {
                return refuse(b, "sink-dead");
            }
            health.waiting(!holding(), System.currentTimeMillis());
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
     * The sink's delivery now ({@code nowMillis}: Unix milliseconds, the clock the pipeline stamps
     * its events with): see {@link SinkHealth} and {@link DeliveryHealth} for the rules.
     */
    public SinkHealth health(long nowMillis) {
        boolean holding;
        lock.lock();
        try {
            holding = holding();
        } finally {
            lock.unlock();
        }
        return health.at(nowMillis, holding, config.staleAfter().toMillis());
    }

    /** Times the sender thread was started again after dying (0 or 1). */
    public long senderRestarts() {
        return stats.senderRestarts();
    }

    /** Holds data to send: queued, spooled, in flight, or taken by the sink and unconfirmed. Lock held. */
    private boolean holding() {
        return !queue.isEmpty() || inFlight != null || spoolActive || stats.unconfirmedRecords() > 0;
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
            if (!sender.await(TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + 1000)) {
                LOG.warn("sink {}: sender still busy after the close timeout; closing the sink under it", destination.uri());
                closeDestination(); // unblocks a send stuck on the transport
                sender.interrupt();
                sender.await(5000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (sender.isAlive()) {
            // What it holds is settled by the sender itself when send() returns, never twice.
            LOG.error("sink {}: the sender has not left send() after the sink was closed; leaving it", destination.uri());
            return;
        }
        finish("closed"); // the sender has left: normally it already did this, and this does nothing
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
        boolean restarted = false;
        try {
            while (take()) {
                deliver();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (VirtualMachineError e) {
            die("sender thread died: " + e, e);
            throw e; // for the process's fatal handling
        } catch (RuntimeException | Error e) {
            restarted = restartOrDie(e);
        } finally {
            if (!restarted) {
                finish(dead ? "sink-dead" : "closed");
                announceDeath(); // after finish: DEAD is seen only once what the sender held is counted
            }
        }
    }

    /** The sender died of {@code e}: starts it again the first time (it keeps the batch in flight); true if it did. */
    private boolean restartOrDie(Throwable e) {
        lock.lock();
        try {
            if (!closing && stats.senderRestarts() == 0) {
                stats.senderRestarts.increment();
                LOG.error("sink {}: sender thread died; starting it again once", destination.uri(), e);
                sender.start();
                return true;
            }
        } finally {
            lock.unlock();
        }
        die("sender thread died twice: " + e, e);
        return false;
    }

    /** Refuses offers from now on; {@link #announceDeath()} makes health say DEAD once what was held is settled. */
    private void die(String reason, Throwable e) {
        lock.lock();
        try {
            dead = true;
            deathReason = reason;
            room.signalAll();
        } finally {
            lock.unlock();
        }
        LOG.error("sink {}: {}; nothing more will be delivered", destination.uri(), reason, e);
    }

    private void announceDeath() {
        lock.lock();
        try {
            if (deathReason != null) {
                health.dead(deathReason, System.currentTimeMillis());
            }
        } finally {
            lock.unlock();
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
                    if (inFlight != null) {
                        return true; // kept from a sender that died holding it
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
            rejected(b, RejectedBatchException.MALFORMED, "cannot marshal it: " + e);
            return;
        }
        long backoff = config.retryMin().toNanos();
        while (true) {
            BatchDelivery d = ledger.open(b.records, out.remaining());
            boolean taken = false;
            try {
                destination.send(out.duplicate(), d);
                taken = true;
            } catch (RejectedBatchException e) {
                rejected(b, e.reason(), e.getMessage());
                return;
            } catch (IOException | RuntimeException e) {
                stats.sendFailures.increment();
                health.failed(e, System.currentTimeMillis());
                if (e instanceof SinkRefusedException) {
                    backoff = config.retryMax().toNanos(); // someone must change the sink's permissions first
                }
                failLog.warn("sink {}: send failed ({} failures so far), retrying in {} ms: {}", destination.uri(),
                        stats.sendFailures(), TimeUnit.NANOSECONDS.toMillis(backoff), e.toString());
            } finally {
                if (!taken) {
                    d.cancel(stats);
                }
            }
            if (taken) {
                done(b, null);
                return;
            }
            if (!pause(backoff)) {
                return;
            }
            backoff = Math.min(backoff * 2, config.retryMax().toNanos());
        }
    }

    /** Drops the in-flight batch, which the sink can never send, and lets the next go at once. */
    private void rejected(Batch b, String reason, String why) {
        batchLog.warn("sink {}: dropped a batch of {} records ({}): {}", destination.uri(), b.records, reason, why);
        done(b, reason);
    }

    /** Settles the in-flight batch: handed over (reason null) or dropped; acknowledges it in the spool. */
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

    /** Once: spools or counts (under {@code reason}) what is still held, then closes the spool and the destination. */
    private void finish(String reason) {
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
                        drop(b, reason);
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
        closeDestination();
    }

    /** Closes the destination (idempotent): what it still holds is confirmed or failed through its deliveries. */
    private void closeDestination() {
        if (!destinationClosed.compareAndSet(false, true)) {
            return;
        }
        try {
            destination.close();
        } catch (Exception e) {
            LOG.warn("sink {}: closing: {}", destination.uri(), e.toString());
        }
    }
}
