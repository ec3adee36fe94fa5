package io.xtcp.dest.stdout;

import io.xtcp.dest.Destination;
import io.xtcp.dest.DestinationClosedException;
import io.xtcp.dest.SinkStats;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * Writes each batch to an output stream it does not own (stdout): one write per batch, flushed,
 * with the stream header (a CSV header line) first. {@link #close()} flushes and leaves the stream
 * open; the process owns fd 1.
 */
public final class StdoutDestination implements Destination {
    private final String uri;
    private final OutputStream out;
    private final SinkStats stats = new SinkStats();
    private byte[] scratch = new byte[0];
    private boolean closed;

    public StdoutDestination(String uri, OutputStream out, byte[] header) throws IOException {
        this.uri = uri;
        this.out = out;
        if (header.length > 0) {
            out.write(header);
            out.flush();
        }
    }

    @Override
    public synchronized void send(ByteBuffer batch) throws IOException {
        if (closed) {
            throw new DestinationClosedException(uri);
        }
        int n = batch.remaining();
        try {
            if (batch.hasArray()) {
                out.write(batch.array(), batch.arrayOffset() + batch.position(), n);
            } else {
                if (scratch.length < n) {
                    scratch = new byte[Math.max(n, 2 * scratch.length)];
                }
                batch.duplicate().get(scratch, 0, n);
                out.write(scratch, 0, n);
            }
            out.flush();
        } catch (IOException e) {
            stats.error(e);
            throw e;
        }
        stats.sent(n);
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
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        out.flush();
    }
}
