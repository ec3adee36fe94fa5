package io.xtcp.dest.udp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real UDP socket on 127.0.0.1 that keeps every datagram it receives, on its own thread. Public
 * for the tests module (through this module's test-jar).
 */
public final class UdpReceiver implements AutoCloseable {
    private final DatagramChannel ch;
    private final Thread thread;
    private final List<byte[]> datagrams = new ArrayList<>();

    public UdpReceiver() throws IOException {
        this(0);
    }

    /** Bound to 127.0.0.1:{@code port} (0: any free port), e.g. a port a sender was sending to while it was closed. */
    public UdpReceiver(int port) throws IOException {
        ch = DatagramChannel.open();
        ch.setOption(StandardSocketOptions.SO_RCVBUF, 8 << 20);
        ch.bind(new InetSocketAddress("127.0.0.1", port));
        thread = new Thread(this::run, "udp-receiver");
        thread.start();
    }

    public int port() throws IOException {
        return ((InetSocketAddress) ch.getLocalAddress()).getPort();
    }

    private void run() {
        ByteBuffer buf = ByteBuffer.allocate(65536);
        try {
            while (true) {
                buf.clear();
                ch.receive(buf);
                buf.flip();
                byte[] d = new byte[buf.remaining()];
                buf.get(d);
                synchronized (datagrams) {
                    datagrams.add(d);
                    datagrams.notifyAll();
                }
            }
        } catch (IOException closed) {
            // socket closed
        }
    }

    /** Waits until {@code expected} datagrams arrived or the timeout passed; returns those received so far. */
    public List<byte[]> await(int expected, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        synchronized (datagrams) {
            while (datagrams.size() < expected) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                datagrams.wait(Math.max(1, left / 1_000_000));
            }
            return new ArrayList<>(datagrams);
        }
    }

    @Override
    public void close() throws Exception {
        ch.close();
        thread.join(5000);
    }
}
