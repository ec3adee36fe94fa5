package io.xtcp.dest;

import java.io.IOException;

/**
 * A batch the sink can never send, such as one larger than a datagram may be. The caller counts
 * its records as dropped instead of retrying.
 */
public final class RejectedBatchException extends IOException {
    private static final long serialVersionUID = 1L;

    public RejectedBatchException(String message) {
        super(message);
    }
}
