package io.xtcp.dest;

/** A destination option ({@code --dest-opt KEY=VALUE}) that is unknown, malformed or out of its range. */
public final class DestinationOptionException extends IllegalArgumentException {
    public DestinationOptionException(String message) {
        super(message);
    }
}
