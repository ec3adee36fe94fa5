package io.xtcp.daemon.http;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Whether a WebSocket upgrade or a state-changing request may come from the page that sent it.
 * Browsers send {@code Origin} on every WebSocket handshake and every cross-origin POST; a request
 * whose {@code Origin} is neither the server's own ({@code http://} + the {@code Host} it was
 * reached at, already checked by {@link HostCheck}) nor one of {@code --http-allow-origin} is
 * refused, {@code Origin: null} (sandboxed frames, files) too. Without {@code Origin} the caller is
 * not a browser page (curl, a collector) and passes: the token, where one is needed, decides.
 */
final class OriginCheck {
    private final Set<String> allowed = new HashSet<>();

    OriginCheck(List<String> allowOrigins) {
        for (String o : allowOrigins) {
            allowed.add(normalize(o));
        }
    }

    /** Null when allowed; else why not, for a 403 body. */
    String problem(String origin, String host) {
        if (origin == null) {
            return null;
        }
        String o = normalize(origin);
        if (allowed.contains(o)) {
            return null;
        }
        if (host != null && !host.isEmpty() && o.equals("http://" + host.strip().toLowerCase(Locale.ROOT))) {
            return null;
        }
        String shown = origin.length() > 64 ? origin.substring(0, 64) + "..." : origin;
        return "Origin '" + shown + "' is not this server's origin or an allowed one (--http-allow-origin)";
    }

    private static String normalize(String o) {
        String s = o.strip().toLowerCase(Locale.ROOT);
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
