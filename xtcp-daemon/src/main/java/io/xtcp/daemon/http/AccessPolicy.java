package io.xtcp.daemon.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Who may call what. /metrics, /healthz, /readyz and the dashboard page / (static; it reads
 * /api/* like any client, sending the token it is given in its URL fragment) are always open.
 * On a loopback address, /api/poll, /stream and /debug/* ("guarded") need the bearer token when
 * one is configured, and with {@code authAll} every other /api path does too. On any other address
 * every endpoint but the open ones needs the token, whatever the mode, and without a token they are
 * refused (403). The token comes in {@code Authorization: Bearer}, or for /stream (browsers cannot
 * set headers on a WebSocket) as the subprotocol {@code bearer.<base64url(token)>} beside
 * {@link #SUBPROTOCOL}; never in a URL. It is compared in constant time (as SHA-256 digests, so its
 * length leaks nothing) and never logged.
 */
final class AccessPolicy {
    enum Decision { ALLOW, UNAUTHORIZED, FORBIDDEN }

    /** The /stream subprotocol the server answers with. */
    static final String SUBPROTOCOL = "xtcp.v1";
    /** The prefix of the subprotocol that carries the token, base64url without padding. */
    static final String BEARER_PROTOCOL = "bearer.";

    private final byte[] tokenDigest;
    private final boolean authAll;
    private final boolean loopback;

    AccessPolicy(String token, boolean authAll, boolean loopback) {
        this.tokenDigest = token == null || token.isEmpty() ? null : sha256(token);
        this.authAll = authAll;
        this.loopback = loopback;
    }

    boolean hasToken() {
        return tokenDigest != null;
    }

    static boolean isPublic(String path) {
        return path.equals("/metrics") || path.equals("/healthz") || path.equals("/readyz") || path.equals("/");
    }

    /** /metrics, /healthz, /readyz: what scrapers and probes call, the only paths of a --metrics-listen listener. */
    static boolean isProbe(String path) {
        return path.equals("/metrics") || path.equals("/healthz") || path.equals("/readyz");
    }

    static boolean isGuarded(String path) {
        return path.equals("/api/poll") || path.equals("/stream") || path.equals("/debug") || path.startsWith("/debug/");
    }

    /** Whether {@code path} needs the token here (when one is configured). */
    private boolean needsToken(String path) {
        return !isPublic(path) && (!loopback || isGuarded(path) || authAll);
    }

    /** What an endpoint needs, for the /api listing: none, token. */
    String requirement(String path) {
        if (!needsToken(path)) {
            return "none";
        }
        return tokenDigest == null && !loopback ? "refused (no token configured on a non-loopback address)" : "token";
    }

    Decision check(String path, String authorization) {
        return check(path, authorization, null);
    }

    /** @param webSocketProtocols the {@code Sec-WebSocket-Protocol} header of a /stream upgrade, or null */
    Decision check(String path, String authorization, String webSocketProtocols) {
        if (!needsToken(path)) {
            return Decision.ALLOW;
        }
        if (tokenDigest == null) {
            return loopback ? Decision.ALLOW : Decision.FORBIDDEN;
        }
        if (authorization != null && authorization.length() >= 7 && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return matches(authorization.substring(7).strip()) ? Decision.ALLOW : Decision.UNAUTHORIZED;
        }
        if (webSocketProtocols != null && path.equals("/stream")) {
            String token = protocolToken(webSocketProtocols);
            if (token != null) {
                return matches(token) ? Decision.ALLOW : Decision.UNAUTHORIZED;
            }
        }
        return Decision.UNAUTHORIZED;
    }

    private boolean matches(String token) {
        return MessageDigest.isEqual(sha256(token), tokenDigest);
    }

    /**
     * A subprotocol list without its {@code bearer.} entries, or null when nothing else is left: what
     * the WebSocket handshake (which may log what it cannot select) gets to see.
     */
    static String withoutToken(String protocols) {
        StringBuilder out = new StringBuilder();
        for (String p : protocols.split(",")) {
            String s = p.strip();
            if (!s.isEmpty() && !s.regionMatches(true, 0, BEARER_PROTOCOL, 0, BEARER_PROTOCOL.length())) {
                out.append(out.length() == 0 ? "" : ", ").append(s);
            }
        }
        return out.length() == 0 ? null : out.toString();
    }

    /** The token in a {@code bearer.<base64url>} entry of a subprotocol list, or null. */
    static String protocolToken(String protocols) {
        for (String p : protocols.split(",")) {
            String s = p.strip();
            if (s.regionMatches(true, 0, BEARER_PROTOCOL, 0, BEARER_PROTOCOL.length())) {
                try {
                    return new String(java.util.Base64.getUrlDecoder().decode(s.substring(BEARER_PROTOCOL.length())), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    return "";
                }
            }
        }
        return null;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
