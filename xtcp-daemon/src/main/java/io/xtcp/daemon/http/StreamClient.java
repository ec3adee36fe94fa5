package io.xtcp.daemon.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.timeout.IdleStateEvent;
import io.xtcp.core.record.DecodedRecord;
import io.xtcp.daemon.metrics.XtcpMetrics;
import io.xtcp.daemon.snapshot.PollSnapshot;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One /stream WebSocket client, confined to its channel's event loop. After it subscribes, each
 * poll's matching records go out as {@code {"type":"records",...}} frames of about 64 KiB, written
 * only while the channel is writable (the outbound buffer is bounded by the write-buffer high
 * water mark). One more poll may wait behind the one being sent; a client two polls behind is too
 * slow: it is disconnected and counted, and the poller never waits for it.
 */
final class StreamClient extends SimpleChannelInboundHandler<WebSocketFrame> {
    /** Aim for frames of about this many characters. */
    static final int FRAME_TARGET = 60_000;
    private static final Set<String> MESSAGE_KEYS = Set.of("type", "filter");
    private static final Set<String> FILTER_KEYS = Set.of("netns", "states", "ports");

    private final StreamHub hub;
    private final WebSocketServerHandshaker handshaker;
    private final XtcpMetrics metrics;
    private final DecodedRecord scratch = new DecodedRecord();
    private final StringBuilder one = new StringBuilder(1024);
    private Channel channel;
    private SocketFilter filter;
    private PollSnapshot pending;
    private PollSnapshot queued;
    private int cursor;
    private long matched;
    private boolean closing;

    StreamClient(StreamHub hub, WebSocketServerHandshaker handshaker, XtcpMetrics metrics) {
        super(false);
        this.hub = hub;
        this.handshaker = handshaker;
        this.metrics = metrics;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        hub.add(this);
        metrics.http().streamClientConnected();
        channel.closeFuture().addListener(f -> {
            hub.remove(this);
            metrics.http().streamClientGone();
            releaseHeld(); // close listeners run on the channel's event loop
        });
    }

    Channel channel() {
        return channel;
    }

    /** A new poll, on the event loop; the client owns one reference to it, released once sent or dropped. */
    void offer(PollSnapshot snapshot) {
        if (filter == null || closing || !channel.isActive()) {
            snapshot.release();
            return;
        }
        if (pending == null) {
            start(snapshot);
            pump();
        } else if (queued == null) {
            queued = snapshot;
        } else {
            closing = true;
            snapshot.release();
            releaseHeld();
            hub.dropped(this);
            channel.close();
        }
    }

    /** Gives back the snapshots being sent and waiting (on the event loop). */
    private void releaseHeld() {
        if (pending != null) {
            pending.release();
        }
        if (queued != null) {
            queued.release();
        }
        pending = queued = null;
    }

    private void start(PollSnapshot snapshot) {
        pending = snapshot;
        cursor = 0;
        matched = 0;
    }

    private void pump() {
        while (pending != null && channel.isWritable() && !closing) {
            StringBuilder sb = new StringBuilder(FRAME_TARGET + 2048);
            JsonWriter w = new JsonWriter(sb).beginObject().field("type", "records").field("poll", pending.seq())
                    .field("time", pending.timeMillis() == 0 ? null : java.time.Instant.ofEpochMilli(pending.timeMillis()).toString());
            w.name("records").beginArray();
            while (cursor < pending.size() && sb.length() < FRAME_TARGET) {
                int i = cursor++;
                if (pending.matches(i, filter)) {
                    one.setLength(0);
                    pending.appendJson(i, scratch, one);
                    w.raw(one);
                    matched++;
                }
            }
            w.endArray();
            boolean last = cursor >= pending.size();
            w.field("last", last);
            if (last) {
                w.field("matched", matched).field("total", pending.total()).field("truncated", pending.truncated());
                pending.release();
                pending = null;
            }
            w.endObject();
            channel.writeAndFlush(new TextWebSocketFrame(sb.toString()));
            metrics.http().streamMessageSent();
            if (pending == null && queued != null) {
                start(queued);
                queued = null;
            }
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            pump();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        try {
            if (frame instanceof CloseWebSocketFrame) {
                closing = true;
                handshaker.close(ctx.channel(), (CloseWebSocketFrame) frame.retain());
            } else if (frame instanceof PingWebSocketFrame) {
                ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
            } else if (frame instanceof PongWebSocketFrame) {
                return;
            } else if (frame instanceof TextWebSocketFrame && frame.isFinalFragment()) {
                onMessage(((TextWebSocketFrame) frame).text());
            } else if (frame instanceof BinaryWebSocketFrame) {
                refuse(WebSocketCloseStatus.INVALID_MESSAGE_TYPE, "binary frames are not accepted; send JSON text");
            } else {
                refuse(WebSocketCloseStatus.INVALID_MESSAGE_TYPE, "fragmented messages are not accepted");
            }
        } finally {
            frame.release();
        }
    }

    private void onMessage(String text) {
        Object msg;
        try {
            msg = JsonReader.parse(text);
        } catch (JsonReader.JsonException e) {
            refuse(WebSocketCloseStatus.INVALID_PAYLOAD_DATA, e.getMessage());
            return;
        }
        SocketFilter f;
        try {
            f = subscription(msg);
        } catch (IllegalArgumentException e) {
            refuse(WebSocketCloseStatus.POLICY_VIOLATION, e.getMessage());
            return;
        }
        filter = f;
        JsonWriter w = new JsonWriter().beginObject().field("type", "subscribed");
        w.name("filter");
        f.describe(w);
        channel.writeAndFlush(new TextWebSocketFrame(w.endObject().toString()));
        PollSnapshot latest = hub.acquire();
        if (latest.seq() > 0 && latest.recorded() && pending == null) {
            offer(latest);
        } else {
            latest.release();
        }
    }

    @SuppressWarnings("unchecked")
    static SocketFilter subscription(Object msg) {
        if (!(msg instanceof Map)) {
            throw new IllegalArgumentException("expected an object {\"type\":\"subscribe\",\"filter\":{...}}");
        }
        Map<String, Object> m = (Map<String, Object>) msg;
        for (String k : m.keySet()) {
            if (!MESSAGE_KEYS.contains(k)) {
                throw new IllegalArgumentException("unknown member '" + QueryParams.clip(k) + "'");
            }
        }
        if (!"subscribe".equals(m.get("type"))) {
            throw new IllegalArgumentException("type must be \"subscribe\"");
        }
        Object fo = m.get("filter");
        if (fo == null) {
            return SocketFilter.ALL;
        }
        if (!(fo instanceof Map)) {
            throw new IllegalArgumentException("filter must be an object");
        }
        Map<String, Object> fm = (Map<String, Object>) fo;
        for (String k : fm.keySet()) {
            if (!FILTER_KEYS.contains(k)) {
                throw new IllegalArgumentException("unknown filter member '" + QueryParams.clip(k) + "'; known: netns, states, ports");
            }
        }
        return SocketFilter.of(list(fm, "netns"), list(fm, "states"), list(fm, "ports"));
    }

    private static List<?> list(Map<String, Object> m, String key) {
        Object o = m.get(key);
        if (o == null) {
            return List.of();
        }
        if (!(o instanceof List)) {
            throw new IllegalArgumentException(key + " must be an array");
        }
        return (List<?>) o;
    }

    private void refuse(WebSocketCloseStatus status, String why) {
        if (closing) {
            return;
        }
        closing = true;
        releaseHeld();
        String msg = new JsonWriter().beginObject().field("type", "error").field("message", why).endObject().toString();
        channel.writeAndFlush(new TextWebSocketFrame(msg));
        channel.writeAndFlush(new CloseWebSocketFrame(status)).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            ctx.writeAndFlush(new PingWebSocketFrame());
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
