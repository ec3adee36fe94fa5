package io.xtcp.daemon.http;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;

/**
 * Everything a request must pass before it is routed, in order: {@code Host} (421, DNS rebinding;
 * not for /metrics, /healthz and /readyz, which scrapers and probes reach by service names and
 * which hold no connection), {@code Origin} on WebSocket upgrades and on every method but GET and
 * HEAD (403, cross-site pages), then the token (401, or 403 off loopback without one). A token
 * sent as a /stream subprotocol is taken out of the request once checked (400 when it was offered
 * without {@code xtcp.v1}), so nothing after this ever holds it.
 */
final class RequestGate {
    private final HostCheck host;
    private final OriginCheck origin;
    private final AccessPolicy access;

    RequestGate(HostCheck host, OriginCheck origin, AccessPolicy access) {
        this.host = host;
        this.origin = origin;
        this.access = access;
    }

    /** The refusal for {@code req} to {@code path} (its endpoint {@code route}), or null when it may go on. */
    HttpReply refusal(FullHttpRequest req, String path, String route) {
        String hostHeader = req.headers().get(HttpHeaderNames.HOST);
        if (!AccessPolicy.isProbe(path)) {
            String why = host.problem(hostHeader);
            if (why != null) {
                return HttpReply.error(421, why);
            }
        }
        boolean upgrade = req.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
        if (upgrade || !(req.method().equals(HttpMethod.GET) || req.method().equals(HttpMethod.HEAD))) {
            String why = origin.problem(req.headers().get(HttpHeaderNames.ORIGIN), hostHeader);
            if (why != null) {
                return HttpReply.error(403, why);
            }
        }
        switch (access.check(path, req.headers().get(HttpHeaderNames.AUTHORIZATION),
                upgrade ? req.headers().get(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL) : null)) {
            case UNAUTHORIZED:
                return HttpReply.error(401, "a valid bearer token is required (Authorization: Bearer ...; on /stream also the "
                        + "subprotocol bearer.BASE64URL)").header("WWW-Authenticate", "Bearer realm=\"xtcp\"");
            case FORBIDDEN:
                return HttpReply.error(403, route + " is refused: the side server listens on a non-loopback address "
                        + "and no --http-token-file is configured");
            default:
                break;
        }
        String offered = upgrade ? req.headers().get(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL) : null;
        if (offered != null) { // the token has been checked: the handshake (which may log what it cannot select) never sees it
            String rest = AccessPolicy.withoutToken(offered);
            if (rest == null) {
                return HttpReply.error(400, "offer the subprotocol " + AccessPolicy.SUBPROTOCOL + " beside bearer.*");
            }
            req.headers().set(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL, rest);
        }
        return null;
    }
}
