package io.xtcp.core.netlink;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The seam between the parser and the kernel: a live netlink socket and a capture replay both
 * implement it, so everything above runs in tests without root.
 */
public interface NetlinkChannel extends AutoCloseable {
    /** Sends one request: the bytes between 0 and the buffer's limit. */
    void send(ByteBuffer request) throws IOException;

    /**
     * Receives one datagram into {@code rx} from offset 0 and sets its limit to the length read.
     * Returns the length, or -1 when a replay has no more datagrams.
     */
    int receive(ByteBuffer rx) throws IOException;

    /** Idempotent. */
    @Override
    void close();
}
