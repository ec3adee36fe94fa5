package io.xtcp.dest;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Where marshalled batches go. {@link #send} takes one batch: for protobufList one varint
 * length-prefixed Envelope, for the text formats a chunk of whole lines. The buffer is read from
 * its position to its limit and only during the call; a sink that keeps the bytes copies them.
 *
 * <p>Every implementation is safe for concurrent {@code send} from several threads, owns what it
 * opens (sockets, files, producers, event loops) and closes it in an idempotent {@link #close()}.
 * {@code send} after {@code close} throws {@link DestinationClosedException}.
 */
public interface Destination extends AutoCloseable {
    /**
     * Sends one batch.
     *
     * @throws RejectedBatchException when this batch can never be sent (too large for a datagram):
     *     retrying it is pointless
     * @throws DestinationClosedException after {@link #close()}
     * @throws IOException when the sink failed; the same batch may be retried later
     */
    void send(ByteBuffer batch) throws IOException;

    /**
     * Sends one batch and reports what the transport made of it to {@code delivery}, exactly once,
     * if this returns. A sink whose transport confirms later (a Kafka acknowledgement, a datagram
     * that may still be refused) overrides this; the default confirms once {@link #send(ByteBuffer)}
     * returns, which is the truth for a sink that writes synchronously.
     *
     * @throws RejectedBatchException this batch can never be sent; {@code delivery} is not called
     * @throws SinkRefusedException the sink refuses every batch for now (authorization); may be retried
     * @throws IOException the batch was not taken; the same batch may be retried later
     */
    default void send(ByteBuffer batch, Delivery delivery) throws IOException {
        send(batch);
        delivery.delivered();
    }

    /** Counters of this sink: batches, bytes, errors by kind. */
    SinkStats stats();

    /**
     * The largest batch this sink can ever send (a datagram's payload for UDP); the daemon sizes
     * its envelopes below it. Unlimited by default.
     */
    default long maxBatchBytes() {
        return Long.MAX_VALUE;
    }

    /** The URI it was opened with, for logs and metrics tags. */
    String uri();

    /** Flushes what the sink holds and releases what it owns. Idempotent. */
    @Override
    void close() throws IOException;
}
