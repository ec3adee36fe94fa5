package io.xtcp.dest;

import java.io.IOException;

/**
 * A batch the sink can never send (larger than a datagram or the producer's request limit, or
 * bytes the sink cannot serialize). The caller counts its records as dropped under
 * {@link #reason()} and goes on with the next batch instead of retrying.
 */
public final class RejectedBatchException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Drop reason for a batch too large for the sink. */
    public static final String TOO_LARGE = "too-large";
    /** Drop reason for a batch the sink or marshaller cannot read or serialize. */
    public static final String MALFORMED = "malformed";

    private final String reason;

    public RejectedBatchException(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public RejectedBatchException(String reason, String message) {
        this(reason, message, null);
    }

    /** The drop reason its records are counted under: {@link #TOO_LARGE} or {@link #MALFORMED}. */
    public String reason() {
        return reason;
    }
}
