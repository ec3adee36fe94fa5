package io.xtcp.dest.discard;

import io.xtcp.dest.Destination;
import io.xtcp.dest.DestinationClosedException;
import io.xtcp.dest.SinkStats;
import java.io.IOException;
import java.nio.ByteBuffer;

/** {@code null:} counts batches and bytes, then discards them. For benchmarks and dry runs. */
public final class DiscardDestination implements Destination {
    private final String uri;
    private final SinkStats stats = new SinkStats();
    private volatile boolean closed;

    public DiscardDestination(String uri) {
        this.uri = uri;
    }

    @Override
    public void send(ByteBuffer batch) throws IOException {
        if (closed) {
            throw new DestinationClosedException(uri);
        }
        stats.sent(batch.remaining());
    }

    @Override
    public SinkStats stats() {
        return stats;
    }

    @Override
    public String uri() {
        return uri;
    }

    @Override
    public void close() {
        closed = true;
    }
}
