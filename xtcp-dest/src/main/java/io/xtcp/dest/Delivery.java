package io.xtcp.dest;

/**
 * What became of one batch a {@link Destination} took: the transport's word, given exactly once,
 * on any thread, possibly before {@code send} returns. Not given when {@code send} throws: then the
 * batch was not taken.
 */
public interface Delivery {
    /** Ignores the outcome: for callers that only need the batch handed over. */
    Delivery NONE = new Delivery() {
        @Override
        public void delivered() {
        }

        @Override
        public void failed(String dropReason, Throwable cause) {
        }
    };

    /** The transport confirmed the batch: file write returned, datagram not refused, record acknowledged. */
    void delivered();

    /**
     * The batch was taken and then lost: {@code dropReason} is the label its records are counted
     * under ({@code unreachable}, {@code too-large}, {@code undelivered}); {@code cause} says why, a
     * {@link SinkRefusedException} when the sink refuses every batch.
     */
    void failed(String dropReason, Throwable cause);
}
