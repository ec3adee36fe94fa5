package io.xtcp.daemon.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A deadline for the whole request, however its bytes trickle: the idle timeout restarts on every
 * byte, so a client sending one byte every few seconds would hold its connection forever. The
 * clock starts when the connection opens and, on a kept-alive connection, at the first byte of each
 * next request; it stops when the request (head and body) has been read. Past it the client is
 * answered 408 and the connection closed. It sits before the HTTP decoder (it sees bytes arrive);
 * its {@link #marker() marker} sits after the aggregator (it sees whole requests and the replies).
 * A WebSocket upgrade removes both: frames have their own limits.
 *
 * <p>While a connection is not being served (its request still arriving, or kept alive between
 * requests) it is in {@code idle}, oldest first: when the server is full, the oldest of those is
 * {@linkplain #evict() closed} to admit a new connection, so connections that send nothing useful
 * cannot keep /healthz out. {@code idle} is touched on the server's one event-loop thread only.
 */
final class RequestDeadline extends ChannelInboundHandlerAdapter {
    private enum State { READING, READ, BETWEEN }

    private final long timeoutNanos;
    private final Consumer<ChannelHandlerContext> onTimeout;
    private final java.util.Set<RequestDeadline> idle;
    private ChannelHandlerContext ctx;
    private State state = State.READING;
    private ScheduledFuture<?> timer;

    /** @param onTimeout counts the refusal (before the 408 is written) */
    /** @param idle the server's connections not being served, in the order they became so (a LinkedHashSet) */
    RequestDeadline(java.time.Duration timeout, Consumer<ChannelHandlerContext> onTimeout, java.util.Set<RequestDeadline> idle) {
        this.timeoutNanos = timeout.toNanos();
        this.onTimeout = onTimeout;
        this.idle = idle;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        idle.add(this);
        arm();
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (state == State.BETWEEN && msg instanceof ByteBuf b && b.isReadable()) {
            state = State.READING;
            arm();
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        idle.remove(this);
        cancel();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        idle.remove(this);
        cancel();
    }

    private void arm() {
        cancel();
        timer = ctx.executor().schedule(this::expired, timeoutNanos, TimeUnit.NANOSECONDS);
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void expired() {
        timer = null;
        if (state != State.READING || !ctx.channel().isActive()) {
            return;
        }
        onTimeout.accept(ctx);
        refuse();
    }

    /** Closes this connection to make room: a request still arriving is answered 408 first, an idle kept-alive one just closed. */
    void evict() {
        idle.remove(this);
        cancel();
        if (state == State.READING) {
            refuse();
        } else {
            ctx.close();
        }
    }

    private void refuse() {
        byte[] body = "request not received in time\n".getBytes(StandardCharsets.US_ASCII);
        String head = "HTTP/1.1 408 Request Timeout\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n";
        ctx.writeAndFlush(Unpooled.wrappedBuffer(head.getBytes(StandardCharsets.US_ASCII), body)).addListener(ChannelFutureListener.CLOSE);
    }

    /** The request has been read: the clock stops until the reply is sent. */
    private void requestRead() {
        cancel();
        idle.remove(this);
        state = State.READ;
    }

    /** A reply was sent: the clock starts again at the next byte. */
    private void replied() {
        if (state == State.READ) {
            state = State.BETWEEN;
            idle.add(this);
        }
    }

    /** The handler that tells this one when a request was read and a reply sent; one per connection. */
    ChannelDuplexHandler marker() {
        return new ChannelDuplexHandler() {
            @Override
            public void channelRead(ChannelHandlerContext c, Object msg) throws Exception {
                if (msg instanceof FullHttpRequest) {
                    requestRead();
                }
                super.channelRead(c, msg);
            }

            @Override
            public void write(ChannelHandlerContext c, Object msg, ChannelPromise promise) throws Exception {
                if (msg instanceof HttpResponse r && r.status().code() == 101) {
                    c.pipeline().remove(RequestDeadline.this);
                    c.pipeline().remove(this);
                } else if (msg instanceof LastHttpContent) {
                    replied();
                }
                super.write(c, msg, promise);
            }
        };
    }
}
