package io.xtcp.dest;

import java.io.IOException;

/** Thrown by {@link Destination#send} after {@link Destination#close()}. */
public final class DestinationClosedException extends IOException {
    private static final long serialVersionUID = 1L;

    public DestinationClosedException(String uri) {
        super("destination " + uri + " is closed");
    }
}
