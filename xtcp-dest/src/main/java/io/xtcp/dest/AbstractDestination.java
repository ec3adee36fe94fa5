package io.xtcp.dest;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What every sink holds the same way: the URI it was opened with, its {@link SinkStats}, and the
 * closed flag that makes {@link #close()} idempotent and {@code send} after it fail with
 * {@link DestinationClosedException}. A sink extends this, calls {@link #ensureOpen()} first in its
 * {@code send} and releases what it owns in {@link #onClose()}, which runs once, on the first
 * {@code close()}.
 *
 * <p>The flag is set before {@link #onClose()} runs, so a {@code send} that starts while the sink is
 * closing is refused. A sink that must not close under a {@code send} in progress synchronizes both
 * (its {@code send} and its {@code onClose}) on itself, as the file and stdout sinks do: the
 * {@code send} checks the flag under the lock, and {@code onClose} waits for it.
 */
public abstract class AbstractDestination implements Destination {
    private final String uri;
    private final SinkStats stats = new SinkStats();
    private final AtomicBoolean closed = new AtomicBoolean();

    protected AbstractDestination(String uri) {
        this.uri = uri;
    }

    @Override
    public final SinkStats stats() {
        return stats;
    }

    @Override
    public final String uri() {
        return uri;
    }

    /** Whether {@link #close()} was called. */
    protected final boolean isClosed() {
        return closed.get();
    }

    /** Throws {@link DestinationClosedException} (naming the URI) once {@link #close()} was called. */
    protected final void ensureOpen() throws DestinationClosedException {
        if (closed.get()) {
            throw new DestinationClosedException(uri);
        }
    }

    /** Marks the sink closed and, the first time only, runs {@link #onClose()}. */
    @Override
    public final void close() throws IOException {
        if (closed.compareAndSet(false, true)) {
            onClose();
        }
    }

    /** Flushes what the sink holds and releases what it owns; called once, after the flag is set. */
    protected abstract void onClose() throws IOException;
}
