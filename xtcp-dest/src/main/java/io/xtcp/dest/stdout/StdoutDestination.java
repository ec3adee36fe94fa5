package io.xtcp.dest.stdout;

import io.xtcp.dest.AbstractDestination;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * Writes each batch to an output stream it does not own (stdout): one write per batch, flushed,
 * with the stream header (a CSV header line) first. {@link #close()} flushes and leaves the stream
 * open; the process owns fd 1.
 */
public final class StdoutDestination extends AbstractDestination {
    private final OutputStream out;
    private byte[] scratch = new byte[0];

    public StdoutDestination(String uri, OutputStream out, byte[] header) throws IOException {
        super(uri);
        this.out = out;
        if (header.length > 0) {
            out.write(header);
            out.flush();
        }
    }

    @Override
    public synchronized void send(ByteBuffer batch) throws IOException {
        ensureOpen();
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
            stats().error(e);
            throw e;
        }
        stats().sent(n);
    }

    /** Waits for a send in progress, then flushes; the stream stays open. */
    @Override
    protected synchronized void onClose() throws IOException {
        out.flush();
    }
}
