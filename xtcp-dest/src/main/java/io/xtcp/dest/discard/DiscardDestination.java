package io.xtcp.dest.discard;

import io.xtcp.dest.AbstractDestination;
import java.io.IOException;
import java.nio.ByteBuffer;

/** {@code null:} counts batches and bytes, then discards them. For benchmarks and dry runs. */
public final class DiscardDestination extends AbstractDestination {
    public DiscardDestination(String uri) {
        super(uri);
    }

    @Override
    public void send(ByteBuffer batch) throws IOException {
        ensureOpen();
        stats().sent(batch.remaining());
    }

    /** Holds nothing. */
    @Override
    protected void onClose() {}
}
