package io.xtcp.daemon.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /}: the live dashboard, one self-contained HTML page (inline CSS and JS, no other
 * origin) that polls /api/status, /api/summary, /api/namespaces and /api/sockets every second.
 * It holds no data itself, so it is served without the token; with a token configured, open it as
 * {@code /#token=...} (the fragment never leaves the browser) and it sends the token on its fetches,
 * and on /stream (its "follow a port" panel) as the subprotocol {@code bearer.<base64url>}.
 */
final class DashboardPage {
    static final String RESOURCE = "dashboard.html";
    /** Inline script and style only; fetches to this origin only; no framing. */
    static final String CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; "
            + "img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
    private static final byte[] PAGE = load();

    private DashboardPage() {}

    static HttpReply reply() {
        return new HttpReply(200, "text/html; charset=utf-8", PAGE, java.util.Map.of()).header("Content-Security-Policy", CSP)
                .header("Referrer-Policy", "no-referrer");
    }

    private static byte[] load() {
        try (InputStream in = DashboardPage.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
