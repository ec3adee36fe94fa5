package io.xtcp.dest;

import java.net.InetSocketAddress;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A parsed destination URI plus its options. The URI reads {@code scheme:rest}; when {@code rest}
 * starts with {@code //} the part up to the next {@code /} is the authority and the remainder the
 * path ({@code kafka://b1:9092,b2:9092/topic}: authority {@code b1:9092,b2:9092}, path
 * {@code /topic}; {@code file:///var/lib/xtcp/out.pb}: empty authority, path
 * {@code /var/lib/xtcp/out.pb}).
 *
 * <p>Options pass through verbatim: each sink reads the names it knows and, for Kafka, hands the
 * rest to the producer under Kafka's own names.
 *
 * <p>The header is text written once at the start of each stream a sink opens (each file, stdout)
 * — the CSV/TSV header line; message sinks (udp, kafka) never send it.
 */
public final class DestinationSpec {
    private final String uri;
    private final String scheme;
    private final String authority;
    private final String path;
    private final Map<String, String> options;
    private final byte[] header;

    public DestinationSpec(String uri, String scheme, String authority, String path, Map<String, String> options, byte[] header) {
        this.uri = uri;
        this.scheme = scheme;
        this.authority = authority;
        this.path = path;
        this.options = Collections.unmodifiableMap(new LinkedHashMap<>(options == null ? Map.of() : options));
        this.header = header == null ? new byte[0] : header.clone();
    }

    public String uri() {
        return uri;
    }

    public String scheme() {
        return scheme;
    }

    /** Between {@code //} and the next {@code /}; empty when the URI has none. */
    public String authority() {
        return authority;
    }

    /** After the authority (starting with {@code /}), or everything after {@code scheme:}. */
    public String path() {
        return path;
    }

    public Map<String, String> options() {
        return options;
    }

    public byte[] header() {
        return header.clone();
    }

    public String option(String name, String defaultValue) {
        String v = options.get(name);
        return v == null ? defaultValue : v;
    }

    public long longOption(String name, long defaultValue) {
        String v = options.get(name);
        if (v == null) {
            return defaultValue;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new DestinationOptionException(uri + ": option " + name + "=" + Redaction.value(name, v) + " is not a number");
        }
    }

    /** A whole-number option within {@code [min, max]}; outside, or not a number, a DestinationOptionException naming it. */
    public long longOption(String name, long defaultValue, long min, long max) {
        long v = longOption(name, defaultValue);
        if (v < min || v > max) {
            throw new DestinationOptionException(uri + ": option " + name + "=" + v + " is out of range " + min + ".." + max);
        }
        return v;
    }

    /** Refuses any option not in {@code known}. */
    public void onlyOptions(java.util.Set<String> known) {
        for (String k : options.keySet()) {
            if (!known.contains(k)) {
                throw new DestinationOptionException("destination '" + uri + "': unknown option '" + k + "'; known: "
                        + String.join(", ", new java.util.TreeSet<>(known)));
            }
        }
    }

    /** The authority as {@code host:port} or {@code [v6]:port}, unresolved. */
    public InetSocketAddress hostPort() {
        String a = authority;
        int colon = a.lastIndexOf(':');
        if (a.isEmpty() || colon <= 0 || colon == a.length() - 1 || (a.indexOf(':') != colon && !a.startsWith("["))) {
            throw new IllegalArgumentException("destination '" + uri + "': expected " + scheme + "://host:port");
        }
        String host = a.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(a.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("destination '" + uri + "': port must be 1..65535");
        }
        return InetSocketAddress.createUnresolved(host, port);
    }

    @Override
    public String toString() {
        return uri + (options.isEmpty() ? "" : " " + Redaction.options(options));
    }
}
