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
import io.netty.channel.unix.Socket;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.xtcp.core.linux.Errno;
import io.xtcp.dest.AbstractDestination;
import io.xtcp.dest.Delivery;
import io.xtcp.dest.RejectedBatchException;
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
 * socket ({@code sk_err = ECONNREFUSED}: the kernel keeps one pending error, not one per
 * datagram). Netty reports it when it next sees the socket's EPOLLERR, or the next write fails
 * with it; under load either can come after the datagram would have been confirmed. So the sink
 * asks the kernel itself: a written datagram is confirmed at the second confirm tick after its
 * write (a tick every {@value #CONFIRM_TICK_MILLIS} ms: 100 to 200 ms after it), and each tick
 * first reads and clears the socket's pending error ({@code getsockopt(SO_ERROR)}) on the epoll
 * transport. A refusal, however it is seen, fails every datagram written and not yet confirmed
 * under {@code unreachable} (they all went to a port nobody listens on: the kernel does not say
 * which one was refused); another pending error fails them as {@code undelivered}, counted under
 * its errno name. The sink is failing from the first refusal until a datagram is confirmed. NIO
 * has no access to the socket's fd: there, a refusal counts only once Netty or the next write
 * reports it, and a datagram confirmed before that is lost without a count.
 *
 * <p>What no rule can see: a refusal that comes back later than the confirmation (a peer more
 * than 100 ms away, or the host's network softirqs held off that long), a datagram lost without
 * an ICMP (the peer's or a router's ICMP rate limit, a firewall that drops, a receiver whose
 * buffer is full). Confirmation on UDP means "not refused within 100 to 200 ms", not "received".
 *
 * <p>At most {@code maxInFlight} datagrams wait in Netty's outbound buffer: {@code send} waits up
 * to {@code sendTimeout} for room, then fails. Each is copied into one of as many reused direct
 * buffers ({@link DatagramBuffers}). Owns one event loop thread and the channel.
 */
public final class UdpDestination extends AbstractDestination {
    private static final Logger LOG = LoggerFactory.getLogger(UdpDestination.class);

    /** The largest UDP payload over IPv4. */
    public static final int MAX_UDP_PAYLOAD = 65507;

    /** Which Netty transport to use. */
    public enum Transport { AUTO, EPOLL, NIO }

    private final int maxDatagramBytes;
    private final int maxInFlight;
    private final long sendTimeoutNanos;
    private final Semaphore inFlight;
    private final EventLoopGroup group;
    private final Channel channel;
    private final DatagramBuffers buffers;
    private final String transport;
    /** The socket under the epoll channel, to read its pending error; null on NIO. */
    private final Socket socket;
    /** Datagrams written before the last tick, and since it, not confirmed yet; their bytes. Event loop only. */
    private ArrayDeque<Delivery> older = new ArrayDeque<>();
    private ArrayDeque<Delivery> newer = new ArrayDeque<>();
    private long olderBytes;
    private long newerBytes;

    /** A written datagram is confirmed at the second tick after its write if nothing was refused meanwhile. */
    static final long CONFIRM_TICK_MILLIS = 100;

    public UdpDestination(String uri, InetSocketAddress remote, Transport transport, int maxDatagramBytes, int maxInFlight,
            Duration sendTimeout, int sendBufferBytes) throws IOException {
        super(uri);
        if (maxDatagramBytes < 1 || maxDatagramBytes > MAX_UDP_PAYLOAD) {
            throw new IllegalArgumentException(uri + ": max.datagram.bytes must be 1.." + MAX_UDP_PAYLOAD);
        }
        if (maxInFlight < 1) {
            throw new IllegalArgumentException(uri + ": max.inflight must be at least 1");
        }
        if (remote.isUnresolved()) {
            throw new java.net.UnknownHostException(uri + ": cannot resolve " + remote.getHostString());
        }
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
        this.socket = channel instanceof EpollDatagramChannel e ? (Socket) e.fd() : null;
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
        ensureOpen();
        int n = batch.remaining();
        if (n > maxDatagramBytes) {
            stats().error("oversize");
            throw new RejectedBatchException(RejectedBatchException.TOO_LARGE, uri() + ": batch of " + n + " bytes exceeds max.datagram.bytes=" + maxDatagramBytes);
        }
        try {
            if (!inFlight.tryAcquire(sendTimeoutNanos, TimeUnit.NANOSECONDS)) {
                stats().error("timeout");
                throw new IOException(uri() + ": " + maxInFlight + " datagrams still unsent after "
                        + Duration.ofNanos(sendTimeoutNanos));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(uri() + ": interrupted waiting for room");
        }
        ByteBuf buf;
        try {
            buf = buffers.copyOf(batch);
        } catch (RuntimeException e) {
            inFlight.release();
            stats().error(e);
            throw new IOException(uri() + ": cannot buffer datagram", e);
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
        stats().error(failure);
        if (failure instanceof PortUnreachableException) {
            refused(failure);
            stats().error("unreachable");
            delivery.failed("unreachable", failure);
        } else {
            delivery.failed("undelivered", failure);
        }
    }

    /**
     * The peer refused: every datagram not yet confirmed went to a closed port. With none
     * unconfirmed, the refused datagram was confirmed already (its refusal came late): counted
     * as {@code refused-after-confirmation}, so that loss is not silent. Event loop.
     */
    private void refused(Throwable cause) {
        if (older.isEmpty() && newer.isEmpty()) {
            stats().error("refused-after-confirmation");
            return;
        }
        failUnconfirmed("unreachable", cause);
    }

    /** Fails every datagram written and not yet confirmed under {@code reason}. Event loop. */
    private void failUnconfirmed(String reason, Throwable cause) {
        for (ArrayDeque<Delivery> q : List.of(older, newer)) {
            for (Delivery d; (d = q.pollFirst()) != null; ) {
                stats().error(reason);
                d.failed(reason, cause);
            }
        }
        olderBytes = 0;
        newerBytes = 0;
    }

    /**
     * Confirms what was written before the previous tick, unless the socket holds a refusal the
     * event loop has not reported yet. Event loop.
     */
    private void tick() {
        pendingError();
        if (!older.isEmpty()) {
            stats().sent(older.size(), olderBytes);
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

    /**
     * Reads and clears the socket's pending error (epoll only; event loop). ECONNREFUSED fails
     * every unconfirmed datagram as unreachable; another error fails them as undelivered.
     */
    private void pendingError() {
        if (socket == null || !socket.isOpen()) {
            return;
        }
        int err;
        try {
            err = socket.getSoError();
        } catch (IOException e) {
            stats().error(e);
            return; // the socket is going away; close() confirms what is left as before
        }
        if (err == 0) {
            return;
        }
        if (err == Errno.ECONNREFUSED) {
            PortUnreachableException cause = new PortUnreachableException(uri() + ": " + Errno.describe(err) + " pending on the socket");
            stats().error(cause);
            refused(cause);
            return;
        }
        stats().error(Errno.name(err));
        failUnconfirmed("undelivered", new IOException(uri() + ": " + Errno.describe(err) + " pending on the socket"));
    }

    /** Datagram buffers made so far (at most {@code max.inflight}), for tests. */
    int buffersMade() {
        return buffers.made();
    }

    /** Waits for queued datagrams (up to the send timeout), then closes the socket and stops the event loop. */
    @Override
    protected void onClose() {
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
            stats().error(cause);
            if (cause instanceof PortUnreachableException) {
                refused(cause);
            }
        }
    }
}
