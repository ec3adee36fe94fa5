package io.xtcp.core.testing;

import io.xtcp.core.netlink.NetlinkChannel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A {@link NetlinkChannel} over datagrams held in memory. Each {@link #receive} hands out the next
 * datagram unchanged, or -1 when none is left. In {@link #answering} mode it acts like the kernel:
 * every complete message header of a datagram gets the sequence number of the last request sent.
 */
public final class MemoryChannel implements NetlinkChannel {
    private final Deque<byte[]> datagrams;
    private final List<byte[]> sent = new ArrayList<>();
    private final boolean answer;
    private int lastSeq;
    private int closes;

    private MemoryChannel(List<byte[]> datagrams, boolean answer) {
        this.datagrams = new ArrayDeque<>(datagrams);
        this.answer = answer;
    }

    /** Replays the datagrams byte for byte. */
    public static MemoryChannel of(List<byte[]> datagrams) {
        return new MemoryChannel(datagrams, false);
    }

    /** Replays the datagrams stamped with the sequence number of the last request. */
    public static MemoryChannel answering(List<byte[]> datagrams) {
        return new MemoryChannel(datagrams, true);
    }

    @Override
    public void send(ByteBuffer request) {
        byte[] copy = new byte[request.remaining()];
        request.duplicate().get(copy);
        sent.add(copy);
        lastSeq = ByteBuffer.wrap(copy).order(ByteOrder.nativeOrder()).getInt(8);
    }

    @Override
    public int receive(ByteBuffer rx) {
        byte[] d = datagrams.poll();
        if (d == null) {
            return -1;
        }
        rx.clear();
        rx.put(0, d, 0, d.length);
        rx.limit(d.length);
        if (answer) {
            ByteBuffer b = rx.duplicate().order(ByteOrder.nativeOrder());
            for (int pos = 0; pos + 16 <= d.length; ) {
                int len = b.getInt(pos);
                if (len < 16 || len > d.length - pos) {
                    break;
                }
                b.putInt(pos + 8, lastSeq);
                pos += (len + 3) & ~3;
            }
        }
        return d.length;
    }

    /** The requests sent so far, as bytes. */
    public List<byte[]> sent() {
        return sent;
    }

    public int remaining() {
        return datagrams.size();
    }

    public int closes() {
        return closes;
    }

    @Override
    public void close() {
        closes++;
    }
}
