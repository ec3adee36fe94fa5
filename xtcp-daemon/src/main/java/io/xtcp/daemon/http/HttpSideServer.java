package io.xtcp.daemon.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.xtcp.daemon.metrics.XtcpMetrics;
import io.xtcp.daemon.snapshot.PollFeed;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side server: /metrics, /healthz, /readyz, /api/*, the /stream WebSocket and /debug/*,
 * on one event-loop thread (epoll, or NIO where epoll is missing). Limits: header and body size,
 * WebSocket frame size, idle timeout, a deadline for each request, open connections in all and per
 * client address; every request passes the {@link RequestGate} (Host, Origin, token) first. With
 * {@link HttpSettings#metricsOnly()} it serves /metrics, /healthz and /readyz only
 * (--metrics-listen). Start it before entering any namespace (its threads must be born in the
 * daemon's own); close it after the poller.
 */
public final class HttpSideServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpSideServer.class);
    /** Outbound bytes a connection may hold before it counts as not writable (the /stream bound). */
    static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(32 * 1024, 128 * 1024);
    /** Threads running /debug/* endpoints; more requests queue (8), then 503. */
    static final int DEBUG_THREADS = 4;

    private final HttpSettings settings;
    private final XtcpMetrics metrics;
    private final DaemonView daemon;
    private final PollFeed feed;
    private final AccessPolicy access;
    private final StreamHub hub;
    private final Map<String, DebugEndpoint> debug = new ConcurrentHashMap<>();
    private final ConnectionLimits limits;
    /** Connections not being served, oldest first; on the event-loop thread only (see RequestDeadline). */
    private final java.util.Set<RequestDeadline> unserved = new java.util.LinkedHashSet<>();
    private EventLoopGroup group;
    private ChannelGroup channels;
    private ExecutorService debugExecutor;
    private Channel server;
    private String transport;
    private boolean closed;

    public HttpSideServer(HttpSettings settings, XtcpMetrics metrics, DaemonView daemon, PollFeed feed) {
        this.settings = settings;
        this.metrics = metrics;
        this.daemon = daemon;
        this.feed = feed;
        boolean loopback = settings.address().getAddress().isLoopbackAddress();
        this.access = new AccessPolicy(settings.token(), settings.authAll(), loopback);
        this.hub = new StreamHub(feed, metrics);
        this.limits = new ConnectionLimits(settings.maxConnections(), settings.maxConnectionsPerIp());
    }

    /** Registers a /debug/ endpoint (e.g. "/debug/profile"); before {@link #start()}. */
    public HttpSideServer debug(String path, DebugEndpoint endpoint) {
        if (!path.startsWith("/debug/")) {
            throw new IllegalArgumentException("debug endpoints live under /debug/, got " + path);
        }
        debug.put(path, endpoint);
        return this;
    }

    /** Binds the address; throws when it cannot (address in use, permission). */
    public synchronized HttpSideServer start() throws InterruptedException {
        IoHandlerFactory io;
        Class<? extends ServerChannel> channelClass;
        if (Epoll.isAvailable()) {
            io = EpollIoHandler.newFactory();
            channelClass = EpollServerSocketChannel.class;
            transport = "epoll";
        } else {
            io = NioIoHandler.newFactory();
            channelClass = NioServerSocketChannel.class;
            transport = "nio";
            LOG.debug("epoll unavailable ({}); the side server uses NIO", Epoll.unavailabilityCause().toString());
        }
        group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("xtcp-http", true), io);
        channels = new DefaultChannelGroup("xtcp-http", group.next());
        // Several threads: a /debug/profile holds one for its whole duration, and a second one must
        // still be answered at once (409) and /debug/threads still work meanwhile.
        ThreadPoolExecutor ex = new ThreadPoolExecutor(DEBUG_THREADS, DEBUG_THREADS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(8),
                new DefaultThreadFactory("xtcp-http-debug", true));
        ex.allowCoreThreadTimeOut(true);
        debugExecutor = ex;
        ApiRoutes api = new ApiRoutes(daemon, feed, access, new PollGate(daemon::triggerPoll, settings.pollMinGap(), System::nanoTime));
        RequestGate gate = new RequestGate(new HostCheck(settings.address().getAddress(), settings.allowHosts()),
                new OriginCheck(settings.allowOrigins()), access);
        ServerBootstrap b = new ServerBootstrap().group(group).channel(channelClass)
                .option(ChannelOption.SO_BACKLOG, 128)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        InetAddress from = ch.remoteAddress() == null ? null : ch.remoteAddress().getAddress();
                        ConnectionLimits.Admission admission = limits.open(from);
                        ch.closeFuture().addListener(f -> limits.release(from));
                        channels.add(ch);
                        ChannelPipeline p = ch.pipeline();
                        if (admission == ConnectionLimits.Admission.TOO_MANY) {
                            if (unserved.isEmpty()) {
                                p.addLast(new Refusal("connection_limit", 503, "Service Unavailable", "too many connections"));
                                return;
                            }
                            // full, but some connection is only trickling a request or idling between requests: it makes room
                            RequestDeadline oldest = unserved.iterator().next();
                            metrics.http().request("connection_evicted", 408);
                            oldest.evict();
                        }
                        if (admission == ConnectionLimits.Admission.TOO_MANY_FROM_ADDRESS) {
                            p.addLast(new Refusal("connection_limit_per_ip", 429, "Too Many Requests", "too many connections from "
                                    + from.getHostAddress() + " (--http-max-connections-per-ip " + settings.maxConnectionsPerIp() + ")"));
                            return;
                        }
                        long idle = settings.idleTimeout().toMillis();
                        RequestDeadline deadline = new RequestDeadline(settings.headerTimeout(), c -> metrics.http().request("request_timeout", 408), unserved);
                        p.addLast("deadline", deadline);
                        p.addLast("idle", new IdleStateHandler(0, 0, idle, TimeUnit.MILLISECONDS));
                        p.addLast("codec", new HttpServerCodec(new HttpDecoderConfig().setMaxInitialLineLength(4096)
                                .setMaxHeaderSize(settings.maxHeaderBytes()).setMaxChunkSize(8192)));
                        p.addLast("aggregator", RequestHandler.aggregator(settings.maxBodyBytes()));
                        p.addLast("deadline-marker", deadline.marker());
                        p.addLast("handler", new RequestHandler(HttpSideServer.this, settings, metrics, gate, api, debug, debugExecutor));
                    }
                });
        try {
            server = b.bind(settings.address()).sync().channel();
        } catch (Exception e) {
            shutdown();
            throw e;
        }
        if (!settings.metricsOnly()) {
            feed.listen(hub);
        }
        if (!settings.metricsOnly()) {
            LOG.info("http side server listening on {} ({})", describe(port()), transport);
        }
        if (settings.metricsOnly()) {
            LOG.info("metrics listener on {} ({}): /metrics, /healthz, /readyz only", describe(port()), transport);
        } else if (!settings.address().getAddress().isLoopbackAddress() && !access.hasToken()) {
            LOG.warn("http side server listens on non-loopback {} without --http-token-file: /api/*, /stream and /debug/* "
                    + "are refused (403); only /, /metrics, /healthz and /readyz answer", describe(port()));
        }
        return this;
    }

    private String describe(int port) {
        InetSocketAddress a = settings.address();
        String host = a.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** The bound port (useful with port 0). */
    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** epoll or nio. */
    public String transport() {
        return transport;
    }

    DaemonView daemon() {
        return daemon;
    }

    StreamHub hub() {
        return hub;
    }

    int openConnections() {
        return limits.open();
    }

    int openConnectionsFrom(InetAddress client) {
        return limits.openFrom(client);
    }

    /** Stops accepting, closes every connection and the event loop. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        feed.unlisten(hub);
        shutdown();
    }

    private void shutdown() {
        if (server != null) {
            server.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        if (channels != null) {
            channels.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        if (debugExecutor != null) {
            debugExecutor.shutdownNow();
        }
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        }
    }

    /** Answers a connection over a limit (503 in all, 429 from one address) and closes it, without reading the request. */
    private final class Refusal extends ChannelInboundHandlerAdapter {
        private final String route;
        private final int status;
        private final String phrase;
        private final String text;

        Refusal(String route, int status, String phrase, String text) {
            this.route = route;
            this.status = status;
            this.phrase = phrase;
            this.text = text;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            metrics.http().request(route, status);
            byte[] body = (text + "\n").getBytes(StandardCharsets.US_ASCII);
            String head = "HTTP/1.1 " + status + " " + phrase + "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: " + body.length
                    + "\r\nRetry-After: 1\r\nConnection: close\r\n\r\n";
            ctx.writeAndFlush(Unpooled.wrappedBuffer(head.getBytes(StandardCharsets.US_ASCII), body))
                    .addListener(ChannelFutureListener.CLOSE);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            io.netty.util.ReferenceCountUtil.release(msg);
        }
    }
}
