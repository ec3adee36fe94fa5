package io.xtcp.daemon.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Who may call what. /metrics, /healthz, /readyz and the dashboard page / (static; it reads
 * /api/* like any client, sending the token it is given in its URL fragment) are always open. /api/poll, /stream and
 * /debug/* ("guarded") need the bearer token; with {@code authAll} every other /api path does too.
 * Without a token the guarded paths are open on a loopback address and refused (403) on any other.
 * The token is compared in constant time (as SHA-256 digests, so its length leaks nothing) and
 * never logged.
 */
final class AccessPolicy {
    enum Decision { ALLOW, UNAUTHORIZED, FORBIDDEN }

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

    static boolean isGuarded(String path) {
        return path.equals("/api/poll") || path.equals("/stream") || path.equals("/debug") || path.startsWith("/debug/");
    }

    /** What an endpoint needs, for the /api listing: none, token. */
    String requirement(String path) {
        if (isPublic(path) || !(isGuarded(path) || authAll)) {
            return "none";
        }
        return tokenDigest == null && !loopback ? "refused (no token configured on a non-loopback address)" : "token";
    }

    Decision check(String path, String authorization) {
        if (isPublic(path) || !(isGuarded(path) || authAll)) {
            return Decision.ALLOW;
        }
        if (tokenDigest == null) {
            return loopback ? Decision.ALLOW : Decision.FORBIDDEN;
        }
        if (authorization == null || authorization.length() < 7
                || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Decision.UNAUTHORIZED;
        }
        byte[] given = sha256(authorization.substring(7).strip());
        return MessageDigest.isEqual(given, tokenDigest) ? Decision.ALLOW : Decision.UNAUTHORIZED;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
