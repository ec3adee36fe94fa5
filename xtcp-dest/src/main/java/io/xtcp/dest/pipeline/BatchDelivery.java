package io.xtcp.dest.pipeline;

import io.xtcp.dest.Delivery;

/**
 * The pipeline's side of one batch handed to its destination: counted unconfirmed from before
 * {@code send} until the transport's word (or until {@code send} throws), then settled once as
 * sent or dropped. The one object the pipeline makes per send attempt.
 */
final class BatchDelivery implements Delivery {
    private final DeliveryLedger owner;
    final int records;
    final int bytes;
    private boolean settled;

    BatchDelivery(DeliveryLedger owner, PipelineStats stats, int records, int bytes) {
        this.owner = owner;
        this.records = records;
        this.bytes = bytes;
        stats.unconfirmedBatches.increment();
        stats.unconfirmedRecords.add(records);
    }

    private synchronized boolean settle() {
        if (settled) {
            return false;
        }
        settled = true;
        return true;
    }

    @Override
    public void delivered() {
        if (settle()) {
            owner.confirmed(this);
        }
    }

    @Override
    public void failed(String dropReason, Throwable cause) {
        if (settle()) {
            owner.lost(this, dropReason, cause);
        }
    }

    /** {@code send} threw: the batch was not taken and stays with the sender. */
    void cancel(PipelineStats stats) {
        if (settle()) {
            stats.unconfirmedBatches.decrement();
            stats.unconfirmedRecords.add(-records);
        }
    }
}
