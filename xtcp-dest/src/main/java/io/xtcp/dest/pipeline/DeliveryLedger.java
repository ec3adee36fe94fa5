package io.xtcp.dest.pipeline;

import io.xtcp.core.log.RateLimitedLog;

/**
 * The pipeline's books on the batches its destination took: each is counted unconfirmed from
 * before {@code send} ({@link #open}) until the transport's word settles it once, as sent
 * ({@link #confirmed}) or dropped under the sink's reason ({@link #lost}); a {@code send} that
 * throws takes it off the books ({@link BatchDelivery#cancel}). What is confirmed or lost is also
 * the health's news ({@link DeliveryHealth}).
 *
 * <p>Called on the sender thread and on the transport's callback threads (an event loop, the
 * producer's I/O thread); it takes no pipeline lock, only counters and the health's own lock.
 */
final class DeliveryLedger {
    private final String uri;
    private final PipelineStats stats;
    private final DeliveryHealth health;
    /** The pipeline's drop log: one rate limit for every line about dropped records. */
    private final RateLimitedLog dropLog;

    DeliveryLedger(String uri, PipelineStats stats, DeliveryHealth health, RateLimitedLog dropLog) {
        this.uri = uri;
        this.stats = stats;
        this.health = health;
        this.dropLog = dropLog;
    }

    /** A batch of {@code records} marshalled to {@code bytes}, about to be sent: unconfirmed from now. */
    BatchDelivery open(int records, int bytes) {
        return new BatchDelivery(this, stats, records, bytes);
    }

    /** The transport confirmed a batch (any thread). */
    void confirmed(BatchDelivery d) {
        stats.sentBatches.increment();
        stats.sentRecords.add(d.records);
        stats.sentBytes.add(d.bytes);
        stats.unconfirmedBatches.decrement();
        stats.unconfirmedRecords.add(-d.records);
        long now = System.currentTimeMillis();
        stats.lastSuccessMillis = now;
        health.confirmed(now);
    }

    /** A batch the sink took was lost after all (any thread). */
    void lost(BatchDelivery d, String reason, Throwable cause) {
        stats.dropped(reason, d.records);
        stats.unconfirmedBatches.decrement();
        stats.unconfirmedRecords.add(-d.records);
        health.failed(cause, System.currentTimeMillis());
        dropLog.warn("sink {}: a batch of {} records the sink took was lost ({}): {}; {} records dropped so far ({})",
                uri, d.records, reason, cause.toString(), stats.droppedRecords(), stats.droppedRecordsByReason());
    }
}
