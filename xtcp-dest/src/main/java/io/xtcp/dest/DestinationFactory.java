package io.xtcp.dest;

import java.io.IOException;

/**
 * Opens destinations of one URI scheme. Implementations are listed in
 * {@code META-INF/services/io.xtcp.dest.DestinationFactory} and found with {@link java.util.ServiceLoader}.
 */
public interface DestinationFactory {
    /** The URI scheme, lower case: {@code udp}, {@code kafka}, {@code file}, ... */
    String scheme();

    /** Opens a destination. Invalid options are an {@link IllegalArgumentException}. */
    Destination open(DestinationSpec spec) throws IOException;

    /**
     * Checks the URI and every option against its range without opening anything (no socket, no
     * file, no name lookup), so a bad destination is refused before the daemon starts. A bad
     * option is a {@link DestinationOptionException}, a bad URI an {@link IllegalArgumentException}.
     */
    default void check(DestinationSpec spec) {}
}
