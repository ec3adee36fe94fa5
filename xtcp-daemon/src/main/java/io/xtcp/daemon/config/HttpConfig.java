package io.xtcp.daemon.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Settings of the HTTP side server ({@code /metrics}, {@code /healthz}, {@code /api}, {@code /stream}).
 *
 * @param listen         {@code host:port}, {@code [v6]:port}, or {@code off}
 * @param tokenFile      file holding the bearer token; null when none
 * @param auth           {@code protected} (token guards /api/poll, /stream, /debug/*) or {@code all}
 *                       (token guards everything but /metrics, /healthz, /readyz)
 * @param maxConnections open connections at most; more are answered 503 and closed
 * @param idleTimeout    a connection with no traffic this long is closed (a WebSocket is pinged)
 * @param snapshotRecords records of the last poll kept for /api/sockets and /stream (0: counts only)
 * @param allowOrigins   origins besides the server's own allowed on WebSocket upgrades and POSTs ({@code scheme://host[:port]})
 * @param allowHosts     names besides the bound address allowed in {@code Host}
 * @param headerTimeout  a request (head and its small body) must have arrived this long after its first byte
 * @param maxConnectionsPerIp open connections from one client address at most
 * @param pollMinGap     at most one extra poll ({@code POST /api/poll}) per this much time
 * @param metricsListen  {@code host:port} of a second listener serving only /metrics, /healthz, /readyz, or {@code off}
 * @param metricsPath    where both listeners also serve the Prometheus text (xtcp2's -promPath); /metrics always answers
 */
public record HttpConfig(String listen, Path tokenFile, HttpAuth auth, int maxConnections, Duration idleTimeout, int snapshotRecords,
        List<String> allowOrigins, List<String> allowHosts, Duration headerTimeout, int maxConnectionsPerIp, Duration pollMinGap,
        String metricsListen, String metricsPath) {
    public static final String OFF = "off";
    public static final String DEFAULT_METRICS_PATH = "/metrics";
    /** Paths --metrics-path may not take: the side server's own endpoints. */
    private static final List<String> RESERVED_PATHS = List.of("/api", "/stream", "/debug", "/healthz", "/readyz");
    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_MAX_CONNECTIONS_PER_IP = 16;
    public static final Duration DEFAULT_POLL_MIN_GAP = Duration.ofSeconds(1);

    /** With the default metrics path. */
    public HttpConfig(String listen, Path tokenFile, HttpAuth auth, int maxConnections, Duration idleTimeout, int snapshotRecords,
            List<String> allowOrigins, List<String> allowHosts, Duration headerTimeout, int maxConnectionsPerIp, Duration pollMinGap,
            String metricsListen) {
        this(listen, tokenFile, auth, maxConnections, idleTimeout, snapshotRecords, allowOrigins, allowHosts, headerTimeout,
                maxConnectionsPerIp, pollMinGap, metricsListen, DEFAULT_METRICS_PATH);
    }

    public HttpConfig {
        metricsPath = metricsPath == null ? DEFAULT_METRICS_PATH : metricsPath;
        allowOrigins = allowOrigins == null ? List.of() : List.copyOf(allowOrigins);
        allowHosts = allowHosts == null ? List.of() : List.copyOf(allowHosts);
    }

    /** With the defaults of the side server's guards (no allow-lists, no metrics listener). */
    public HttpConfig(String listen, Path tokenFile, HttpAuth auth, int maxConnections, Duration idleTimeout, int snapshotRecords) {
        this(listen, tokenFile, auth, maxConnections, idleTimeout, snapshotRecords, List.of(), List.of(), DEFAULT_HEADER_TIMEOUT,
                DEFAULT_MAX_CONNECTIONS_PER_IP, DEFAULT_POLL_MIN_GAP, OFF, DEFAULT_METRICS_PATH);
    }
    /** The most records a snapshot may keep: two sets of ~300 bytes each fit a 128 MiB heap with room. */
    public static final int MAX_SNAPSHOT_RECORDS = 100_000;

    public boolean enabled() {
        return !OFF.equalsIgnoreCase(listen);
    }

    /** Whether the metrics-only listener is on. */
    public boolean metricsEnabled() {
        return metricsListen != null && !OFF.equalsIgnoreCase(metricsListen);
    }

    /** The metrics-only listener's address; only when {@link #metricsEnabled()}. */
    public InetSocketAddress metricsAddress() {
        return parseListen(metricsListen);
    }

    /** The address to bind; only when {@link #enabled()}. Throws IllegalArgumentException when malformed. */
    public InetSocketAddress address() {
        return parseListen(listen);
    }

    /**
     * {@code 127.0.0.1:9088}, {@code [::1]:9088}, {@code localhost:0}, or xtcp2's {@code :9088}: every
     * interface (the wildcard address, which on Linux takes IPv4 and IPv6 alike). A wildcard bind is
     * off loopback, so it follows the same rules as any other: without a token only /, /metrics,
     * /healthz and /readyz answer.
     */
    public static InetSocketAddress parseListen(String s) {
        int colon = s.lastIndexOf(':');
        if (colon == 0 && s.length() > 1 && s.indexOf(':', 1) < 0) {
            return new InetSocketAddress(port(s, s.substring(1)));
        }
        if (colon <= 0 || colon == s.length() - 1) {
            throw new IllegalArgumentException("expected HOST:PORT, :PORT (every interface) or 'off', got '" + SettingText.shown(s) + "'");
        }
        String host = s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException("an IPv6 address needs brackets: [" + host + "]:PORT, got '" + SettingText.shown(s) + "'");
        }
        int port = port(s, s.substring(colon + 1));
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown host '" + SettingText.shown(host) + "'");
        }
    }

    private static int port(String listen, String digits) {
        int port;
        try {
            port = Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port in '" + SettingText.shown(listen) + "'");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range in '" + SettingText.shown(listen) + "'");
        }
        return port;
    }

    /** The most a token file may hold. */
    public static final long MAX_TOKEN_FILE_BYTES = 64 << 10;

    /**
     * Reads the bearer token: the file's content without surrounding whitespace. The file must be
     * a regular file of at most {@link #MAX_TOKEN_FILE_BYTES} ({@link BoundedFile}); otherwise an
     * IllegalArgumentException naming the flag.
     */
    public String readToken() {
        if (tokenFile == null) {
            return null;
        }
        try {
            return BoundedFile.read("--http-token-file " + SettingText.shown(tokenFile.toString()), tokenFile, MAX_TOKEN_FILE_BYTES).strip();
        } catch (io.xtcp.daemon.cli.UsageException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    /** Problems, each naming its flag. */
    public List<String> problems() {
        List<String> p = new java.util.ArrayList<>();
        if (enabled()) {
            try {
                address();
            } catch (IllegalArgumentException e) {
                p.add("--http-listen: " + e.getMessage());
            }
        }
        if (maxConnections < 1 || maxConnections > 10_000) {
            p.add("--http-max-connections must be between 1 and 10000, got " + maxConnections);
        }
        if (snapshotRecords < 0 || snapshotRecords > MAX_SNAPSHOT_RECORDS) {
            p.add("--http-snapshot-records must be between 0 and " + MAX_SNAPSHOT_RECORDS + ", got " + snapshotRecords);
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero() || idleTimeout.compareTo(XtcpConfig.MAX_DURATION) > 0) {
            p.add("--http-idle-timeout must be positive and at most 24h, got " + DurationConverter.format(idleTimeout));
        }
        XtcpConfig.text(p, "--http-listen", listen, SettingText.MAX_NAME + 8);
        if (tokenFile != null) {
            XtcpConfig.text(p, "--http-token-file", tokenFile.toString(), SettingText.MAX_PATH);
        }
        if (metricsEnabled()) {
            try {
                metricsAddress();
            } catch (IllegalArgumentException e) {
                p.add("--metrics-listen: " + e.getMessage());
            }
        }
        String pathProblem = metricsPathProblem(metricsPath);
        if (pathProblem != null) {
            p.add("--metrics-path: " + pathProblem);
        }
        for (String o : allowOrigins) {
            String why = originProblem(o);
            if (why != null) {
                p.add("--http-allow-origin: " + why);
            }
        }
        for (String h : allowHosts) {
            if (h.isEmpty() || h.length() > 253 || !h.matches("[A-Za-z0-9._-]+")) {
                p.add("--http-allow-host: expected a host name (letters, digits, '.', '-', '_'; at most 253), got '" + clip(h) + "'");
            }
        }
        if (headerTimeout.isNegative() || headerTimeout.isZero() || headerTimeout.compareTo(Duration.ofMinutes(10)) > 0) {
            p.add("--http-header-timeout must be positive and at most 10m, got " + DurationConverter.format(headerTimeout));
        }
        if (maxConnectionsPerIp < 1 || maxConnectionsPerIp > 10_000) {
            p.add("--http-max-connections-per-ip must be between 1 and 10000, got " + maxConnectionsPerIp);
        }
        if (pollMinGap.isNegative() || pollMinGap.compareTo(Duration.ofHours(1)) > 0) {
            p.add("--poll-min-gap must be between 0s and 1h, got " + DurationConverter.format(pollMinGap));
        }
        if (tokenFile != null) {
            try {
                String t = readToken();
                if (t.isEmpty()) {
                    p.add("--http-token-file " + SettingText.shown(tokenFile.toString()) + ": the file is empty; write a token of 16 characters or more into it");
                } else if (t.length() < 16) {
                    p.add("--http-token-file " + SettingText.shown(tokenFile.toString()) + ": the token must be at least 16 characters (make one: head -c 32 /dev/urandom | base64 > FILE)");
                } else if (!t.chars().allMatch(ch -> ch > 0x20 && ch < 0x7f)) {
                    p.add("--http-token-file " + SettingText.shown(tokenFile.toString())
                            + ": the token must be printable ASCII without spaces (it travels in an HTTP header)");
                }
            } catch (IllegalArgumentException e) {
                p.add(e.getMessage());
            }
        }
        return p;
    }

    /** Why {@code path} cannot be the metrics path, or null when it can. */
    static String metricsPathProblem(String path) {
        if (!path.matches("/[A-Za-z0-9._~/-]{1,99}") || path.contains("//") || path.contains("/./") || path.contains("/../")) {
            return "expected an absolute path of at most 100 of [A-Za-z0-9._~/-], e.g. /metrics, got '" + clip(SettingText.shown(path)) + "'";
        }
        for (String r : RESERVED_PATHS) {
            if (path.equals(r) || path.startsWith(r + "/")) {
                return path + " is the side server's own " + r + "; choose another path";
            }
        }
        return null;
    }

    /** Why {@code o} is not an origin ({@code http://name}, {@code https://name:8443}), or null when it is one. */
    static String originProblem(String o) {
        if (!o.matches("https?://[A-Za-z0-9._\\-]+(:[0-9]{1,5})?|https?://\\[[0-9A-Fa-f:.]+\\](:[0-9]{1,5})?")) {
            return "expected an origin scheme://host[:port] (http or https, no path), got '" + clip(o) + "'";
        }
        return null;
    }

    private static String clip(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }

    /** For the start-up log: never the token, only where it comes from. */
    public String describe() {
        return "http-listen=" + listen + " http-auth=" + auth.flagName() + " http-token-file=" + (tokenFile == null ? "none" : tokenFile)
                + " http-max-connections=" + maxConnections + " http-idle-timeout=" + DurationConverter.format(idleTimeout) + " http-snapshot-records=" + snapshotRecords
                + " http-allow-origin=" + String.join(",", allowOrigins) + " http-allow-host=" + String.join(",", allowHosts)
                + " http-header-timeout=" + DurationConverter.format(headerTimeout) + " http-max-connections-per-ip=" + maxConnectionsPerIp
                + " poll-min-gap=" + DurationConverter.format(pollMinGap) + " metrics-listen=" + metricsListen + " metrics-path=" + metricsPath;
    }
}
