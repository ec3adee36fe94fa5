package io.xtcp.dest.pipeline;

/**
 * What a {@link SinkPipeline} says of its destination's delivery, for readiness, the watchdog
 * and metrics. Times are Unix milliseconds; 0 means never.
 *
 * @param state             see {@link State}
 * @param reason            why it is not delivering, for a person ({@code "no space left on device"}); empty when delivering
 * @param lastSuccessMillis when the transport last confirmed a batch (file write returned, datagram written and not refused,
 *                          Kafka record acknowledged)
 * @param failingSinceMillis when the failure behind {@code reason} began; 0 when delivering
 */
public record SinkHealth(State state, String reason, long lastSuccessMillis, long failingSinceMillis) {
    /** The states, from good to worst. */
    public enum State {
        /** Delivered within staleAfter, or nothing to send. */
        DELIVERING,
        /**
         * Has data to send (queued, spooled, in flight or unacknowledged) and no confirmed delivery for
         * staleAfter: a retriable failure that lasts (broker away, disk full, port unreachable). Heals
         * on the next confirmed delivery.
         */
        STALE,
        /** The sink refused for good (authorization, unknown topic): retried slowly, heals only if a send succeeds. */
        BROKEN,
        /** The sender thread died again after its one restart: nothing will be delivered by this process. */
        DEAD
    }

    public boolean delivering() {
        return state == State.DELIVERING;
    }
}
