package io.xtcp.daemon.http;

import io.xtcp.daemon.config.HttpConfig;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * What the side server needs to start: where to listen, the token and its scope, and the request
 * limits. Header and body limits are fixed: no endpoint takes a body bigger than a subscription.
 */
public record HttpSettings(InetSocketAddress address, String token, boolean authAll, int maxConnections, Duration idleTimeout,
        int maxHeaderBytes, int maxBodyBytes, int maxFrameBytes) {
    public static final int MAX_HEADER_BYTES = 8 * 1024;
    public static final int MAX_BODY_BYTES = 16 * 1024;
    public static final int MAX_FRAME_BYTES = 64 * 1024;

    /** From the validated configuration (reads the token file). */
    public static HttpSettings from(HttpConfig c) {
        return new HttpSettings(c.address(), c.readToken(), c.auth().equals("all"), c.maxConnections(), c.idleTimeout(),
                MAX_HEADER_BYTES, MAX_BODY_BYTES, MAX_FRAME_BYTES);
    }

    /** Loopback, no token, default limits: for tests. */
    public static HttpSettings loopback(int port) {
        return new HttpSettings(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port), null, false, 64,
                Duration.ofSeconds(60), MAX_HEADER_BYTES, MAX_BODY_BYTES, MAX_FRAME_BYTES);
    }

    public HttpSettings withToken(String t, boolean all) {
        return new HttpSettings(address, t, all, maxConnections, idleTimeout, maxHeaderBytes, maxBodyBytes, maxFrameBytes);
    }

    public HttpSettings withAddress(InetSocketAddress a) {
        return new HttpSettings(a, token, authAll, maxConnections, idleTimeout, maxHeaderBytes, maxBodyBytes, maxFrameBytes);
    }

    public HttpSettings withLimits(int connections, Duration idle) {
        return new HttpSettings(address, token, authAll, connections, idle, maxHeaderBytes, maxBodyBytes, maxFrameBytes);
    }

    @Override
    public String toString() {
        return "HttpSettings[address=" + address + ", token=" + (token == null ? "none" : "******") + ", authAll=" + authAll
                + ", maxConnections=" + maxConnections + ", idleTimeout=" + idleTimeout + "]";
    }
}
