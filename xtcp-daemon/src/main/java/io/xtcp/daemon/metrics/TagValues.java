package io.xtcp.daemon.metrics;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps one tag's values bounded: values are cleaned to {@code [A-Za-z0-9_.:/*-]}, at most 64
 * characters, and after {@code max} distinct values every new one becomes {@code other}. A caller
 * passing an unbounded value (an error message, a port) costs one series, not one per value.
 */
final class TagValues {
    static final String OTHER = "other";

    private final int max;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    TagValues(int max) {
        this.max = max;
    }

    String of(String raw) {
        String v = clean(raw);
        if (seen.contains(v)) {
            return v;
        }
        synchronized (this) {
            if (seen.contains(v)) {
                return v;
            }
            if (seen.size() >= max) {
                return OTHER;
            }
            seen.add(v);
            return v;
        }
    }

    static String clean(String raw) {
        if (raw == null || raw.isEmpty()) {
            return "unknown";
        }
        StringBuilder sb = new StringBuilder(Math.min(raw.length(), 64));
        for (int i = 0; i < raw.length() && sb.length() < 64; i++) {
            char c = raw.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == ':' || c == '-' || c == '/' || c == '*') {
                sb.append(c);
            } else if (c >= 'A' && c <= 'Z') {
                sb.append(c);
            } else {
                sb.append('_');
            }
        }
        return sb.toString();
    }
}
