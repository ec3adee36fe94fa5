package io.xtcp.daemon.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.timeout.IdleStateEvent;
import io.xtcp.daemon.http.QueryParams.BadRequest;
import io.xtcp.daemon.metrics.XtcpMetrics;
import io.xtcp.daemon.snapshot.PollFeed;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one connection's HTTP requests: rejects what the decoder could not read (400, 414,
 * 431), checks access, routes, and upgrades /stream to a WebSocket. Every reply is counted by
 * route (the endpoint pattern, never the raw path) and status.
 *
 * <p>About 400 lines as one class because Netty gives each connection one handler: the checks,
 * the routing and the replies share that connection's pending-reply count and keep-alive state.
 */
final class RequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(RequestHandler.class);

    private final HttpSideServer server;
    private final XtcpMetrics metrics;
    private final RequestGate gate;
    private final ApiRoutes api;
    private final Map<String, DebugEndpoint> debug;
    private final ExecutorService debugExecutor;
    private final HttpSettings settings;
    /**
     * Replies outstanding on this connection (/debug/*, /api/sockets waiting for a recorded poll);
     * while any is, the idle timeout waits (a profile takes minutes).
     */
    private int pending;

    RequestHandler(HttpSideServer server, HttpSettings settings, XtcpMetrics metrics, RequestGate gate, ApiRoutes api,
            Map<String, DebugEndpoint> debug, ExecutorService debugExecutor) {
        this.server = server;
        this.settings = settings;
        this.metrics = metrics;
        this.gate = gate;
        this.api = api;
        this.debug = debug;
        this.debugExecutor = debugExecutor;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (!req.decoderResult().isSuccess()) {
            Throwable cause = req.decoderResult().cause();
            int status = cause instanceof TooLongHttpHeaderException ? 431 : cause instanceof TooLongHttpLineException ? 414 : 400;
            reply(ctx, req, "malformed", HttpReply.error(status, "malformed request: " + describe(cause)), true);
            return;
        }
        if (!req.protocolVersion().equals(HttpVersion.HTTP_1_1) && !req.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
            reply(ctx, req, "malformed", HttpReply.error(505, "HTTP/1.0 and HTTP/1.1 only"), true);
            return;
        }
        String path;
        QueryParams query;
        try {
            QueryStringDecoder d = new QueryStringDecoder(req.uri(), java.nio.charset.StandardCharsets.UTF_8, true, 64);
            path = d.path();
            if (path.equals(settings.metricsPath())) {
                path = "/metrics";
            }
            query = QueryParams.of(d);
        } catch (IllegalArgumentException e) {
            reply(ctx, req, "malformed", HttpReply.error(400, "malformed request target"), true);
            return;
        }
        String route = route(path);
        if (route == null) {
            reply(ctx, req, "unknown", HttpReply.error(404, "no such endpoint; GET /api lists them"), false);
            return;
        }
        if (settings.metricsOnly() && !AccessPolicy.isProbe(path)) {
            reply(ctx, req, "unknown", HttpReply.error(404, "this listener (--metrics-listen) serves /metrics, /healthz and /readyz only"),
                    false);
            return;
        }
        HttpReply refused = gate.refusal(req, path, route);
        if (refused != null) {
            reply(ctx, req, route, refused, false);
            return;
        }
        HttpMethod want = route.equals("/api/poll") ? HttpMethod.POST : HttpMethod.GET;
        if (!req.method().equals(want)) {
            reply(ctx, req, route, HttpReply.error(405, "use " + want + " for " + route).header("Allow", want.name()), false);
            return;
        }
        try {
            dispatch(ctx, req, path, route, query);
        } catch (BadRequest e) {
            reply(ctx, req, route, HttpReply.error(400, e.getMessage()), false);
        } catch (RuntimeException e) {
            LOG.warn("{} {} failed: {}", req.method(), route, e.toString());
            reply(ctx, req, route, HttpReply.error(500, "internal error"), false);
        }
    }

    private void dispatch(ChannelHandlerContext ctx, FullHttpRequest req, String path, String route, QueryParams q) {
        switch (route) {
            case "/metrics":
                metrics(ctx, req, q);
                return;
            case "/healthz":
                q.allow(java.util.Set.of());
                io.xtcp.daemon.run.Verdict l = server.daemon().liveness();
                reply(ctx, req, route, l.ok() ? HttpReply.text(200, "ok\n") : HttpReply.text(503, "not live: " + l.reason() + "\n"),
                        false);
                return;
            case "/readyz": {
                q.allow(java.util.Set.of());
                io.xtcp.daemon.run.Verdict r = server.daemon().readiness();
                reply(ctx, req, route, r.ok() ? HttpReply.text(200, "ready\n") : HttpReply.text(503, "not ready: " + r.reason() + "\n"),
                        false);
                return;
            }
            case "/api/poll":
                reply(ctx, req, route, api.poll(q), false);
                return;
            case "/api/sockets":
                sockets(ctx, req, q);
                return;
            case "/stream":
                upgrade(ctx, req, q);
                return;
            case "/debug/*":
                debug(ctx, req, path, q);
                return;
            case "/":
                q.allow(java.util.Set.of());
                reply(ctx, req, route, DashboardPage.reply(), false);
                return;
            default:
                HttpReply r = api.get(path, q);
                reply(ctx, req, route, r != null ? r : HttpReply.error(404, "no such endpoint; GET /api lists them"), false);
        }
    }

    /** The endpoint pattern of a path, or null. */
    static String route(String path) {
        switch (path) {
            case "/metrics":
            case "/healthz":
            case "/readyz":
            case "/api/status":
            case "/api/namespaces":
            case "/api/sockets":
            case "/api/summary":
            case "/api/poll":
            case "/stream":
            case "/":
                return path;
            case "/api":
            case "/api/":
                return "/api";
            default:
                return path.equals("/debug") || path.startsWith("/debug/") ? "/debug/*" : null;
        }
    }

    private void metrics(ChannelHandlerContext ctx, FullHttpRequest req, QueryParams q) {
        q.allow(java.util.Set.of());
        ByteBuf buf = ctx.alloc().buffer(64 * 1024);
        String type;
        try (ByteBufOutputStream out = new ByteBufOutputStream(buf)) {
            type = metrics.scrape(req.headers().get(HttpHeaderNames.ACCEPT), out);
        } catch (Exception e) {
            buf.release();
            throw new IllegalStateException("scrape failed", e);
        }
        FullHttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, buf);
        resp.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
        send(ctx, req, "/metrics", resp, false);
    }

    private void upgrade(ChannelHandlerContext ctx, FullHttpRequest req, QueryParams q) {
        q.allow(java.util.Set.of());
        if (!req.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)) {
            reply(ctx, req, "/stream", HttpReply.error(400, "/stream is a WebSocket: send Upgrade: websocket"), false);
            return;
        }
        WebSocketDecoderConfig config = WebSocketDecoderConfig.newBuilder().maxFramePayloadLength(settings.maxFrameBytes())
                .allowMaskMismatch(false).allowExtensions(false).closeOnProtocolViolation(true).build();
        String location = "ws://" + req.headers().get(HttpHeaderNames.HOST, "localhost") + "/stream";
        WebSocketServerHandshaker hs = new WebSocketServerHandshakerFactory(location, AccessPolicy.SUBPROTOCOL, config).newHandshaker(req);
        if (hs == null) {
            metrics.http().request("/stream", 426);
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel()).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        StreamClient client = new StreamClient(server.hub(), hs, metrics);
        ctx.pipeline().addLast("stream", client);
        ChannelFuture f = hs.handshake(ctx.channel(), req);
        f.addListener(done -> {
            if (done.isSuccess()) {
                metrics.http().request("/stream", 101);
                ctx.pipeline().remove(this);
            } else {
                metrics.http().request("/stream", 400);
                ctx.close();
            }
        });
    }

    private void debug(ChannelHandlerContext ctx, FullHttpRequest req, String path, QueryParams q) {
        DebugEndpoint endpoint = debug.get(path);
        if (endpoint == null) {
            reply(ctx, req, "/debug/*", HttpReply.error(404, "no such debug endpoint; registered: " + new java.util.TreeSet<>(debug.keySet())),
                    false);
            return;
        }
        Map<String, java.util.List<String>> params = new QueryStringDecoder(req.uri()).parameters();
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        HttpVersion version = req.protocolVersion();
        pending++;
        try {
            // A client that goes away stops its endpoint at once (a 300 s profile frees the profiler).
            java.util.concurrent.Future<?> run = debugExecutor.submit(() -> {
                HttpReply r;
                try {
                    DebugEndpoint.Reply d = endpoint.handle(params);
                    r = new HttpReply(d.status(), d.contentType(), d.body(), Map.of());
                } catch (BadRequest e) {
                    r = HttpReply.error(400, e.getMessage());
                } catch (Exception e) {
                    LOG.warn("{} failed: {}", path, e.toString());
                    r = HttpReply.error(500, "debug endpoint failed: " + e.getMessage());
                }
                HttpReply done = r;
                ctx.executor().execute(() -> {
                    pending--;
                    write(ctx, keepAlive, version, "/debug/*", toResponse(done));
                });
            });
            // (cancelling one that has answered does nothing)
            ctx.channel().closeFuture().addListener(f -> run.cancel(true));
        } catch (RejectedExecutionException e) {
            pending--;
            reply(ctx, req, "/debug/*", HttpReply.error(503, "debug endpoints are busy or shutting down"), true);
        }
    }

    /**
     * Answers from the latest poll if it kept records; otherwise asks for records and answers
     * once the next recorded poll is published, or with what there is after the feed's wait.
     */
    private void sockets(ChannelHandlerContext ctx, FullHttpRequest req, QueryParams q) {
        ApiRoutes.SocketsQuery query = api.socketsQuery(q);
        PollFeed feed = api.feed();
        feed.want();
        if (feed.latest().recorded()) {
            reply(ctx, req, "/api/sockets", api.sockets(query), false);
            return;
        }
        pending++;
        RecordedReply r = new RecordedReply(ctx, HttpUtil.isKeepAlive(req), req.protocolVersion(), query);
        r.timeout = ctx.executor().schedule(r::timedOut, feed.recordWait().toNanos(), TimeUnit.NANOSECONDS);
        feed.whenRecorded(r);
    }

    /** An /api/sockets reply waiting for a recorded poll: runs once, at the publish or at the time-out. */
    private final class RecordedReply implements Runnable {
        private final ChannelHandlerContext ctx;
        private final boolean keepAlive;
        private final HttpVersion version;
        private final ApiRoutes.SocketsQuery query;
        private final AtomicBoolean done = new AtomicBoolean();
        private volatile ScheduledFuture<?> timeout;

        RecordedReply(ChannelHandlerContext ctx, boolean keepAlive, HttpVersion version, ApiRoutes.SocketsQuery query) {
            this.ctx = ctx;
            this.keepAlive = keepAlive;
            this.version = version;
            this.query = query;
        }

        /** A recorded poll was published (on the poller's thread). */
        @Override
        public void run() {
            if (done.compareAndSet(false, true)) {
                ScheduledFuture<?> t = timeout;
                if (t != null) {
                    t.cancel(false);
                }
                try {
                    ctx.executor().execute(this::answer);
                } catch (RejectedExecutionException e) { // the server is shutting down
                    LOG.debug("/api/sockets reply dropped: {}", e.toString());
                }
            }
        }

        /** No recorded poll in time (on the event loop): the latest, unrecorded, says so. */
        void timedOut() {
            api.feed().cancel(this);
            if (done.compareAndSet(false, true)) {
                answer();
            }
        }

        private void answer() {
            pending--;
            HttpReply r;
            try {
                r = api.sockets(query);
            } catch (RuntimeException e) {
                LOG.warn("/api/sockets failed: {}", e.toString());
                r = HttpReply.error(500, "internal error");
            }
            write(ctx, keepAlive, version, "/api/sockets", toResponse(r));
        }
    }

    private static String describe(Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            return cause.getMessage();
        }
        return cause == null ? "unreadable" : cause.getClass().getSimpleName();
    }

    private void reply(ChannelHandlerContext ctx, FullHttpRequest req, String route, HttpReply r, boolean close) {
        send(ctx, req, route, toResponse(r), close);
    }

    private static FullHttpResponse toResponse(HttpReply r) {
        FullHttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(r.status()),
                Unpooled.wrappedBuffer(r.body()));
        resp.headers().set(HttpHeaderNames.CONTENT_TYPE, r.contentType());
        r.headers().forEach((k, v) -> resp.headers().set(k, v));
        return resp;
    }

    private void send(ChannelHandlerContext ctx, FullHttpRequest req, String route, FullHttpResponse resp, boolean close) {
        boolean keepAlive = !close && req.decoderResult().isSuccess() && HttpUtil.isKeepAlive(req);
        write(ctx, keepAlive, req.protocolVersion(), route, resp);
    }

    private void write(ChannelHandlerContext ctx, boolean keepAlive, HttpVersion version, String route, FullHttpResponse resp) {
        metrics.http().request(route, resp.status().code());
        resp.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, resp.content().readableBytes());
        resp.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        resp.headers().set("X-Content-Type-Options", "nosniff");
        if (keepAlive) {
            if (version.equals(HttpVersion.HTTP_1_0)) {
                resp.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            }
            ctx.writeAndFlush(resp);
        } else {
            resp.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(resp).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            if (pending > 0) {
                return;
            }
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("side-server connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    /** An aggregator that answers 413 and closes when a body is over the limit. */
    static HttpObjectAggregator aggregator(int maxBody) {
        return new HttpObjectAggregator(maxBody, true);
    }
}
