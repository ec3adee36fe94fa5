package io.xtcp.daemon.http;

import io.xtcp.daemon.config.HttpConfig;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * What the side server needs to start: where to listen, the token and its scope, who may call it
 * (origins and host names besides its own), and the request limits. Header and body limits are
 * fixed: no endpoint takes a body bigger than a subscription. {@code metricsOnly}: a listener that
 * serves /metrics, /healthz and /readyz and nothing else (--metrics-listen). {@code metricsPath}:
 * where the Prometheus text is also served (--metrics-path; /metrics always answers).
 */
public record HttpSettings(InetSocketAddress address, String token, boolean authAll, int maxConnections, Duration idleTimeout,
        int maxHeaderBytes, int maxBodyBytes, int maxFrameBytes, List<String> allowOrigins, List<String> allowHosts,
        Duration headerTimeout, int maxConnectionsPerIp, Duration pollMinGap, boolean metricsOnly, String metricsPath) {
    public static final int MAX_HEADER_BYTES = 8 * 1024;
    public static final int MAX_BODY_BYTES = 16 * 1024;
    public static final int MAX_FRAME_BYTES = 64 * 1024;

    public HttpSettings {
        allowOrigins = List.copyOf(allowOrigins);
        allowHosts = List.copyOf(allowHosts);
    }

    /** From the validated configuration (reads the token file). */
    public static HttpSettings from(HttpConfig c) {
        return new HttpSettings(c.address(), c.readToken(), c.auth() == io.xtcp.daemon.config.HttpAuth.ALL, c.maxConnections(), c.idleTimeout(),
                MAX_HEADER_BYTES, MAX_BODY_BYTES, MAX_FRAME_BYTES, c.allowOrigins(), c.allowHosts(), c.headerTimeout(),
                c.maxConnectionsPerIp(), c.pollMinGap(), false, c.metricsPath());
    }

    /** The --metrics-listen listener of {@code c}: its address, the same limits, /metrics, /healthz and /readyz only. */
    public static HttpSettings metricsFrom(HttpConfig c) {
        return new HttpSettings(c.metricsAddress(), null, false, c.maxConnections(), c.idleTimeout(), MAX_HEADER_BYTES, MAX_BODY_BYTES,
                MAX_FRAME_BYTES, List.of(), c.allowHosts(), c.headerTimeout(), c.maxConnectionsPerIp(), c.pollMinGap(), true, c.metricsPath());
    }

    /** Loopback, no token, default limits: for tests. */
    public static HttpSettings loopback(int port) {
        return new HttpSettings(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port), null, false, 64,
                Duration.ofSeconds(60), MAX_HEADER_BYTES, MAX_BODY_BYTES, MAX_FRAME_BYTES, List.of(), List.of(),
                HttpConfig.DEFAULT_HEADER_TIMEOUT, HttpConfig.DEFAULT_MAX_CONNECTIONS_PER_IP, Duration.ZERO, false, HttpConfig.DEFAULT_METRICS_PATH);
    }

    public HttpSettings withToken(String t, boolean all) {
        return new HttpSettings(address, t, all, maxConnections, idleTimeout, maxHeaderBytes, maxBodyBytes, maxFrameBytes, allowOrigins,
                allowHosts, headerTimeout, maxConnectionsPerIp, pollMinGap, metricsOnly, metricsPath);
    }

    public HttpSettings withAddress(InetSocketAddress a) {
        return new HttpSettings(a, token, authAll, maxConnections, idleTimeout, maxHeaderBytes, maxBodyBytes, maxFrameBytes, allowOrigins,
                allowHosts, headerTimeout, maxConnectionsPerIp, pollMinGap, metricsOnly, metricsPath);
    }

    public HttpSettings withLimits(int connections, Duration idle) {
        return new HttpSettings(address, token, authAll, connections, idle, maxHeaderBytes, maxBodyBytes, maxFrameBytes, allowOrigins,
                allowHosts, headerTimeout, maxConnectionsPerIp, pollMinGap, metricsOnly, metricsPath);
    }

    /** The request deadline and the per-address connection cap. */
    public HttpSettings withGuards(Duration header, int perIp) {
        return new HttpSettings(address, token, authAll, maxConnections, idleTimeout, maxHeaderBytes, maxBodyBytes, maxFrameBytes, allowOrigins,
                allowHosts, header, perIp, pollMinGap, metricsOnly, metricsPath);
    }

    public HttpSettings withAllowed(List<String> origins, List<String> hosts) {
        return new HttpSettings(address, token, authAll, maxConnections, idleTimeout, maxHeaderBytes, maxBodyBytes, maxFrameBytes, origins,
                hosts, headerTimeout, maxConnectionsPerIp, pollMinGap, metricsOnly, metricsPath);
    }

    public HttpSettings withPollMinGap(Duration gap) {
        return new HttpSettings(address, token, authAll, maxConnections, idleTimeout, maxHeaderBytes, maxBodyBytes, maxFrameBytes, allowOrigins,
                allowHosts, headerTimeout, maxConnectionsPerIp, gap, metricsOnly, metricsPath);
    }

    public HttpSettings withMetricsOnly(boolean only) {
        return new HttpSettings(address, token, authAll, maxConnections, idleTimeout, maxHeaderBytes, maxBodyBytes, maxFrameBytes, allowOrigins,
                allowHosts, headerTimeout, maxConnectionsPerIp, pollMinGap, only, metricsPath);
    }

    @Override
    public String toString() {
        return "HttpSettings[address=" + address + ", token=" + (token == null ? "none" : "******") + ", authAll=" + authAll
                + ", maxConnections=" + maxConnections + ", idleTimeout=" + idleTimeout + ", allowOrigins=" + allowOrigins
                + ", allowHosts=" + allowHosts + ", headerTimeout=" + headerTimeout + ", maxConnectionsPerIp=" + maxConnectionsPerIp
                + ", pollMinGap=" + pollMinGap + ", metricsOnly=" + metricsOnly + "]";
    }

    public HttpSettings withMetricsPath(String path) {
        return new HttpSettings(address, token, authAll, maxConnections, idleTimeout, maxHeaderBytes, maxBodyBytes, maxFrameBytes, allowOrigins,
                allowHosts, headerTimeout, maxConnectionsPerIp, pollMinGap, metricsOnly, path);
    }
}
