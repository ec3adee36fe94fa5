package io.xtcp.dest.pipeline;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of a {@link SinkPipeline}, in batches and records. Every record offered ends up in
 * exactly one of: sent (the transport confirmed it), dropped (by reason), or still held (queued,
 * spooled, in flight, or handed to the sink and not yet confirmed: {@link #unconfirmedRecords()}).
 *
 * <p>Drop reasons: {@code overflow} (queue full under drop-oldest/drop-newest), {@code spool-full},
 * {@code spool-error} (the spool could not be written), {@code too-large} (the sink can never send
 * it: larger than a datagram or the producer's max.request.size), {@code malformed} (not a
 * protobufList batch, or the sink cannot serialize it), {@code unreachable} (a datagram refused by
 * the peer's port), {@code undelivered} (Kafka gave up after its own retries), {@code refused} (the
 * sink refused it for good, e.g. not authorized), {@code sink-dead} (offered after the sender died
 * twice), {@code closed} (offered after close, or still held at the close deadline and not spooled).
 */
public final class PipelineStats {
    final LongAdder offeredBatches = new LongAdder();
    final LongAdder offeredRecords = new LongAdder();
    final LongAdder sentBatches = new LongAdder();
    final LongAdder sentRecords = new LongAdder();
    final LongAdder sentBytes = new LongAdder();
    final LongAdder sendFailures = new LongAdder();
    final LongAdder spooledBatches = new LongAdder();
    final LongAdder spooledRecords = new LongAdder();
    final LongAdder replayedBatches = new LongAdder();
    final LongAdder replayedRecords = new LongAdder();
    final LongAdder spoolCorruptions = new LongAdder();
    final LongAdder spoolCorruptBytes = new LongAdder();
    final LongAdder offerWaits = new LongAdder();
    final LongAdder offerWaitNanos = new LongAdder();
    final LongAdder unconfirmedBatches = new LongAdder();
    final LongAdder unconfirmedRecords = new LongAdder();
    final LongAdder senderRestarts = new LongAdder();
    volatile long lastSuccessMillis;
    private final ConcurrentHashMap<String, LongAdder> droppedRecords = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongAdder> droppedBatches = new ConcurrentHashMap<>();
    volatile int queuedBatches;
    volatile long queuedBytes;
    volatile long spoolBytes;
    volatile long spoolBatches;

    void dropped(String reason, int records) {
        droppedRecords.computeIfAbsent(reason, k -> new LongAdder()).add(records);
        droppedBatches.computeIfAbsent(reason, k -> new LongAdder()).increment();
    }

    void spoolCorrupt(long bytes) {
        spoolCorruptions.increment();
        spoolCorruptBytes.add(bytes);
    }

    public long offeredBatches() {
        return offeredBatches.sum();
    }

    public long offeredRecords() {
        return offeredRecords.sum();
    }

    /** Batches the transport confirmed (see {@link io.xtcp.dest.Delivery#delivered()}). */
    public long sentBatches() {
        return sentBatches.sum();
    }

    public long sentRecords() {
        return sentRecords.sum();
    }

    /** Marshalled bytes of the confirmed batches. */
    public long sentBytes() {
        return sentBytes.sum();
    }

    /** Offers that found the queue full and waited for room (see PipelineConfig#maxOfferWait). */
    public long offerWaits() {
        return offerWaits.sum();
    }

    /** Time those offers spent waiting, in nanoseconds. */
    public long offerWaitNanos() {
        return offerWaitNanos.sum();
    }

    /** Send attempts that failed and were retried. */
    public long sendFailures() {
        return sendFailures.sum();
    }

    public long droppedRecords() {
        long n = 0;
        for (LongAdder a : droppedRecords.values()) {
            n += a.sum();
        }
        return n;
    }

    public long droppedRecords(String reason) {
        LongAdder a = droppedRecords.get(reason);
        return a == null ? 0 : a.sum();
    }

    public Map<String, Long> droppedRecordsByReason() {
        Map<String, Long> m = new TreeMap<>();
        droppedRecords.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    public Map<String, Long> droppedBatchesByReason() {
        Map<String, Long> m = new TreeMap<>();
        droppedBatches.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    /** Batches written to the spool. */
    public long spooledBatches() {
        return spooledBatches.sum();
    }

    public long spooledRecords() {
        return spooledRecords.sum();
    }

    /** Batches read back from the spool and sent. */
    public long replayedBatches() {
        return replayedBatches.sum();
    }

    public long replayedRecords() {
        return replayedRecords.sum();
    }

    /** Corrupt spool regions found (a bad tail at recovery, a bad entry on read). */
    public long spoolCorruptions() {
        return spoolCorruptions.sum();
    }

    public long spoolCorruptBytes() {
        return spoolCorruptBytes.sum();
    }

    /** Gauge: batches handed to the sink whose delivery is not confirmed or failed yet. */
    public long unconfirmedBatches() {
        return unconfirmedBatches.sum();
    }

    /** Gauge: records of those batches. */
    public long unconfirmedRecords() {
        return unconfirmedRecords.sum();
    }

    /** Times the sender thread died from an unexpected exception and was started again (at most 1). */
    public long senderRestarts() {
        return senderRestarts.sum();
    }

    /** When the transport last confirmed a batch, Unix milliseconds; 0 never. */
    public long lastSuccessMillis() {
        return lastSuccessMillis;
    }

    /** Gauge: batches in the in-memory queue. */
    public int queuedBatches() {
        return queuedBatches;
    }

    /** Gauge: bytes in the in-memory queue. */
    public long queuedBytes() {
        return queuedBytes;
    }

    /** Gauge: bytes waiting in the spool (entries with their headers). */
    public long spoolBytes() {
        return spoolBytes;
    }

    /** Gauge: batches waiting in the spool. */
    public long spoolBatches() {
        return spoolBatches;
    }

    @Override
    public String toString() {
        return "offered=" + offeredRecords() + " sent=" + sentRecords() + " dropped=" + droppedRecordsByReason()
                + " queued=" + queuedBatches + "/" + queuedBytes + "B spool=" + spoolBatches + "/" + spoolBytes + "B"
                + " unconfirmed=" + unconfirmedRecords() + " failures=" + sendFailures() + " spoolCorrupt=" + spoolCorruptions();
    }
}
