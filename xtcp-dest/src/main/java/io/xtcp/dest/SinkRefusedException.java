package io.xtcp.dest;

import java.io.IOException;

/**
 * The sink refuses every batch until someone changes its configuration or permissions (Kafka
 * authorization or authentication, an invalid topic). The message is for a person:
 * {@code not authorized to write topic t}. Retrying may still succeed once that is fixed.
 */
public final class SinkRefusedException extends IOException {
    private static final long serialVersionUID = 1L;

    public SinkRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
