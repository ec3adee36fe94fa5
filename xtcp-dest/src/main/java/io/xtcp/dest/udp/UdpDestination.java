package io.xtcp.dest.udp;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.xtcp.dest.Delivery;
import io.xtcp.dest.Destination;
import io.xtcp.dest.DestinationClosedException;
import io.xtcp.dest.RejectedBatchException;
import io.xtcp.dest.SinkStats;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each batch as one datagram on a connected UDP socket, through Netty's native epoll
 * transport (NIO when epoll is unavailable or asked for). A batch larger than
 * {@code maxDatagramBytes} is refused with {@link RejectedBatchException} ({@code too-large}) and
 * counted as {@code oversize}; writes complete asynchronously and their failures (such as
 * {@code PortUnreachableException} when nobody listens) are counted by exception class.
 *
 * <p>Delivery: a peer's ICMP port-unreachable comes back after the write, as an error on the
 * socket (Netty reports it through the pipeline, or the next write fails with it). So a written
 * datagram is confirmed at the second confirm tick after its write (a tick every
 * {@value #CONFIRM_TICK_MILLIS} ms: 100 to 200 ms after it) if nothing was refused meanwhile; a
 * refusal fails every datagram written and not yet confirmed,
 * under {@code unreachable} (they all went to a port nobody listens on). The sink is failing from
 * the first refusal until a datagram is confirmed.
 *
 * <p>At most {@code maxInFlight} datagrams wait in Netty's outbound buffer: {@code send} waits up
 * to {@code sendTimeout} for room, then fails. Each is copied into one of as many reused direct
 * buffers ({@link DatagramBuffers}). Owns one event loop thread and the channel.
 */
public final class UdpDestination implements Destination {
    private static final Logger LOG = LoggerFactory.getLogger(UdpDestination.class);

    /** The largest UDP payload over IPv4. */
    public static final int MAX_UDP_PAYLOAD = 65507;

    /** Which Netty transport to use. */
    public enum Transport { AUTO, EPOLL, NIO }

    private final String uri;
    private final int maxDatagramBytes;
    private final int maxInFlight;
    private final long sendTimeoutNanos;
    private final Semaphore inFlight;
    private final SinkStats stats = new SinkStats();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final EventLoopGroup group;
    private final Channel channel;
    private final DatagramBuffers buffers;
    private final String transport;
    /** Datagrams written before the last tick, and since it, not confirmed yet; their bytes. Event loop only. */
    private ArrayDeque<Delivery> older = new ArrayDeque<>();
    private ArrayDeque<Delivery> newer = new ArrayDeque<>();
    private long olderBytes;
    private long newerBytes;

    /** A written datagram is confirmed at the second tick after its write if nothing was refused meanwhile. */
    static final long CONFIRM_TICK_MILLIS = 100;

    public UdpDestination(String uri, InetSocketAddress remote, Transport transport, int maxDatagramBytes, int maxInFlight,
            Duration sendTimeout, int sendBufferBytes) throws IOException {
        if (maxDatagramBytes < 1 || maxDatagramBytes > MAX_UDP_PAYLOAD) {
            throw new IllegalArgumentException(uri + ": max.datagram.bytes must be 1.." + MAX_UDP_PAYLOAD);
        }
        if (maxInFlight < 1) {
            throw new IllegalArgumentException(uri + ": max.inflight must be at least 1");
        }
        if (remote.isUnresolved()) {
            throw new java.net.UnknownHostException(uri + ": cannot resolve " + remote.getHostString());
        }
        this.uri = uri;
        this.maxDatagramBytes = maxDatagramBytes;
        this.maxInFlight = maxInFlight;
        this.sendTimeoutNanos = sendTimeout.toNanos();
        this.inFlight = new Semaphore(maxInFlight);

        boolean epoll = transport == Transport.EPOLL || (transport == Transport.AUTO && Epoll.isAvailable());
        if (transport == Transport.EPOLL) {
            Epoll.ensureAvailability();
        }
        if (transport == Transport.AUTO && !epoll) {
            LOG.info("udp sink {}: native epoll unavailable ({}), using NIO", uri, String.valueOf(Epoll.unavailabilityCause()));
        }
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.transport = epoll ? "epoll" : "nio";
        this.group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("xtcp-udp", true), io);
        Bootstrap b = new Bootstrap()
                .group(group)
                .channel(epoll ? EpollDatagramChannel.class : NioDatagramChannel.class)
                .option(ChannelOption.AUTO_READ, false)
                .handler(new ErrorCounter());
        if (sendBufferBytes > 0) {
            b.option(ChannelOption.SO_SNDBUF, sendBufferBytes);
        }
        ChannelFuture cf = b.connect(remote);
        if (!cf.awaitUninterruptibly(10, TimeUnit.SECONDS) || !cf.isSuccess()) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
            throw new IOException(uri + ": cannot open a UDP socket to " + remote, cf.cause());
        }
        this.channel = cf.channel();
        this.buffers = new DatagramBuffers(channel.alloc(), maxDatagramBytes, maxInFlight);
        channel.eventLoop().scheduleWithFixedDelay(this::tick, CONFIRM_TICK_MILLIS, CONFIRM_TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** {@code epoll} or {@code nio}. */
    public String transport() {
        return transport;
    }

    public int maxDatagramBytes() {
        return maxDatagramBytes;
    }

    @Override
    public long maxBatchBytes() {
        return maxDatagramBytes;
    }

    /** The local address the socket is bound to. */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    @Override
    public void send(ByteBuffer batch) throws IOException {
        send(batch, Delivery.NONE);
    }

    @Override
    public void send(ByteBuffer batch, Delivery delivery) throws IOException {
        if (closed.get()) {
            throw new DestinationClosedException(uri);
        }
        int n = batch.remaining();
        if (n > maxDatagramBytes) {
            stats.error("oversize");
            throw new RejectedBatchException(RejectedBatchException.TOO_LARGE, uri + ": batch of " + n + " bytes exceeds max.datagram.bytes=" + maxDatagramBytes);
        }
        try {
            if (!inFlight.tryAcquire(sendTimeoutNanos, TimeUnit.NANOSECONDS)) {
                stats.error("timeout");
                throw new IOException(uri + ": " + maxInFlight + " datagrams still unsent after "
                        + Duration.ofNanos(sendTimeoutNanos));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(uri + ": interrupted waiting for room");
        }
        ByteBuf buf;
        try {
            buf = buffers.copyOf(batch);
        } catch (RuntimeException e) {
            inFlight.release();
            stats.error(e);
            throw new IOException(uri + ": cannot buffer datagram", e);
        }
        // Retained: Netty releases one reference once the datagram is out, the pool keeps the other.
        // The buffer goes back before the permit, so a sender holding a permit always finds one.
        channel.writeAndFlush(buf.retain()).addListener(f -> {
            buffers.give(buf);
            inFlight.release();
            written(f.isSuccess() ? null : f.cause(), n, delivery);
        });
    }

    /** A write completed (event loop): holds the datagram for confirmation, or fails it. */
    private void written(Throwable failure, int bytes, Delivery delivery) {
        if (failure == null) {
            newer.addLast(delivery);
            newerBytes += bytes;
            return;
        }
        stats.error(failure);
        if (failure instanceof PortUnreachableException) {
            refused(failure);
            stats.error("unreachable");
            delivery.failed("unreachable", failure);
        } else {
            delivery.failed("undelivered", failure);
        }
    }

    /** The peer refused: every datagram not yet confirmed went to a closed port. Event loop. */
    private void refused(Throwable cause) {
        for (ArrayDeque<Delivery> q : List.of(older, newer)) {
            for (Delivery d; (d = q.pollFirst()) != null; ) {
                stats.error("unreachable");
                d.failed("unreachable", cause);
            }
        }
        olderBytes = 0;
        newerBytes = 0;
    }

    /** Confirms what was written before the previous tick with no refusal since. Event loop. */
    private void tick() {
        if (!older.isEmpty()) {
            stats.sent(older.size(), olderBytes);
            for (Delivery d; (d = older.pollFirst()) != null; ) {
                d.delivered();
            }
        }
        ArrayDeque<Delivery> empty = older;
        older = newer;
        olderBytes = newerBytes;
        newer = empty;
        newerBytes = 0;
    }

    /** Datagram buffers made so far (at most {@code max.inflight}), for tests. */
    int buffersMade() {
        return buffers.made();
    }

    @Override
    public SinkStats stats() {
        return stats;
    }

    @Override
    public String uri() {
        return uri;
    }

    /** Waits for queued datagrams (up to the send timeout), then closes the socket and stops the event loop. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long deadline = System.nanoTime() + sendTimeoutNanos;
        while (inFlight.availablePermits() < maxInFlight && System.nanoTime() < deadline) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        // What is written and not refused by now is confirmed: two ticks, after a last look at the socket.
        channel.eventLoop().schedule(() -> {
            tick();
            tick();
        }, CONFIRM_TICK_MILLIS, TimeUnit.MILLISECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        buffers.close(); // after the event loop: every write's listener has handed its buffer back
    }

    /** Counts errors the socket reports outside a write; the channel stays open. */
    private final class ErrorCounter extends ChannelInboundHandlerAdapter {
        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            stats.error(cause);
            if (cause instanceof PortUnreachableException) {
                refused(cause);
            }
        }
    }
}
