package io.xtcp.core.pcap;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A classic pcap capture of an {@code nlmon} interface (link type 253, LINKTYPE_NETLINK). Each
 * packet is a 16-byte cooked header followed by one netlink datagram.
 *
 * <pre>
 * global header (24 B): magic a1b2c3d4 (or a1b23c4d for ns), version 2.4, thiszone, sigfigs,
 *                       snaplen, network (link type)
 * record header (16 B): ts_sec, ts_usec, incl_len, orig_len
 * nlmon header  (16 B): pkttype, ARPHRD, address length, address[8], protocol  (network order)
 * </pre>
 *
 * An nlmon interface sees every netlink protocol: {@link #protocol()} says which one the packet
 * last returned belongs to (NETLINK_SOCK_DIAG is 4, rtnetlink is 0).
 *
 * <p>A file is read as a stream through a window of {@link #WINDOW} bytes (more only for a record
 * that is larger and still fits the caller's receive buffer), so a capture of any size takes the
 * same memory. A record whose length runs past the end of the file ends the capture and is
 * counted in {@link #cutRecords()}; a record larger than the receive buffer is skipped and counted
 * in {@link #oversizedRecords()}; neither is ever read past.
 */
public final class PcapFile implements Closeable {
    public static final int LINKTYPE_NETLINK = 253;
    public static final int GLOBAL_HEADER = 24;
    public static final int RECORD_HEADER = 16;
    public static final int NLMON_HEADER = 16;
    /** Offset of the netlink protocol (big-endian u16) in the nlmon header. */
    public static final int NLMON_PROTOCOL_OFFSET = 14;
    /** Bytes of a file read at a time. */
    public static final int WINDOW = 256 * 1024;

    private final String name;
    /** Where more bytes come from; null when all of the capture is in {@link #window}. */
    private final ReadableByteChannel in;
    /** Unread bytes of the capture between position and limit. */
    private ByteBuffer window;
    private boolean endOfInput;
    private boolean ended;
    private int cut;
    private int oversized;
    private int packets;
    private int protocol = -1;

    private PcapFile(String name, ReadableByteChannel in, ByteBuffer window, boolean endOfInput) {
        this.name = name;
        this.in = in;
        this.window = window;
        this.endOfInput = endOfInput;
    }

    /** Opens a capture to stream it; throws {@link PcapFormatException} for a bad global header. Close it after. */
    public static PcapFile open(Path path) throws IOException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
        try {
            ByteBuffer header = ByteBuffer.allocate(GLOBAL_HEADER);
            while (header.hasRemaining() && ch.read(header) >= 0) {
                // until the header is in or the file ends
            }
            ByteOrder order = checkHeader(path.toString(), header.flip(), ch.size());
            ByteBuffer window = ByteBuffer.allocate(WINDOW).order(order);
            window.limit(0);
            return new PcapFile(path.toString(), ch, window, false);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Parses a capture held in memory; throws {@link PcapFormatException} for a bad global header. */
    public static PcapFile of(String name, byte[] bytes) throws PcapFormatException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        b.order(checkHeader(name, b, bytes.length));
        b.position(Math.min(GLOBAL_HEADER, bytes.length));
        return new PcapFile(name, null, b, true);
    }

    /** The byte order of a capture whose first bytes are {@code header} (at 0); the file is {@code size} bytes. */
    private static ByteOrder checkHeader(String name, ByteBuffer header, long size) throws PcapFormatException {
        if (size < GLOBAL_HEADER || header.limit() < GLOBAL_HEADER) {
            throw new PcapFormatException(name + ": not a pcap file (" + size + " bytes, the header alone is 24)");
        }
        int magic = header.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        ByteOrder order;
        if (magic == 0xa1b2c3d4 || magic == 0xa1b23c4d) {
            order = ByteOrder.LITTLE_ENDIAN;
        } else if (Integer.reverseBytes(magic) == 0xa1b2c3d4 || Integer.reverseBytes(magic) == 0xa1b23c4d) {
            order = ByteOrder.BIG_ENDIAN;
        } else if (magic == 0x0A0D0D0A) {
            throw new PcapFormatException(name + ": pcapng is not supported; convert with `editcap -F pcap`");
        } else {
            throw new PcapFormatException(name + ": not a pcap file (magic 0x" + Integer.toHexString(magic) + ")");
        }
        int link = header.order(order).getInt(20) & 0x0FFFFFFF;
        if (link != LINKTYPE_NETLINK) {
            throw new PcapFormatException(name + ": link type " + link + " is not netlink (253); capture on an nlmon interface");
        }
        return order;
    }

    public String name() {
        return name;
    }

    /**
     * Copies the next packet's netlink datagram into {@code dst} (from 0, limit set) and returns
     * its length, or -1 at the end of the capture.
     *
     * @throws UncheckedIOException when reading the file fails
     */
    public int next(ByteBuffer dst) {
        while (!ended) {
            if (!fill(RECORD_HEADER)) {
                return end(window.hasRemaining());
            }
            int at = window.position();
            long incl = Integer.toUnsignedLong(window.getInt(at + 8));
            window.position(at + RECORD_HEADER);
            if (incl > (long) dst.capacity() + NLMON_HEADER) {
                if (!skip(incl)) {
                    return end(true);
                }
                packets++;
                oversized++;
                continue;
            }
            if (!fill((int) incl)) {
                return end(true);
            }
            int start = window.position();
            window.position(start + (int) incl);
            packets++;
            int len = (int) incl - NLMON_HEADER;
            if (len <= 0) {
                continue;
            }
            int proto = start + NLMON_PROTOCOL_OFFSET;
            protocol = (window.get(proto) & 0xFF) << 8 | (window.get(proto + 1) & 0xFF);
            dst.clear();
            dst.put(0, window, start + NLMON_HEADER, len);
            dst.limit(len);
            return len;
        }
        return -1;
    }

    private int end(boolean cutShort) {
        if (cutShort) {
            cut++;
        }
        ended = true;
        window.position(window.limit());
        return -1;
    }

    /** Makes {@code n} unread bytes available in the window; false when the capture ends first. */
    private boolean fill(int n) {
        if (window.remaining() >= n) {
            return true;
        }
        if (endOfInput) {
            return false;
        }
        if (window.capacity() < n) {
            ByteBuffer larger = ByteBuffer.allocate(n).order(window.order());
            larger.put(window).flip();
            window = larger;
        }
        window.compact();
        try {
            while (window.position() < n) {
                if (in.read(window) < 0) {
                    endOfInput = true;
                    break;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": reading the capture failed", e);
        } finally {
            window.flip();
        }
        return window.remaining() >= n;
    }

    /** Passes over {@code n} bytes without keeping them; false when the capture ends first. */
    private boolean skip(long n) {
        long left = n;
        while (left > 0) {
            if (!window.hasRemaining() && !fill(1)) {
                return false;
            }
            int step = (int) Math.min(left, window.remaining());
            window.position(window.position() + step);
            left -= step;
        }
        return true;
    }

    /** The netlink protocol of the packet last returned by {@link #next}, from its nlmon header. */
    public int protocol() {
        return protocol;
    }

    /** Records cut short by the end of the file, or larger than the receive buffer. */
    public int truncatedRecords() {
        return cut + oversized;
    }

    /** A record (or record header) cut short by the end of the file: 1 when the capture stops inside one, else 0. */
    public int cutRecords() {
        return cut;
    }

    /** Records skipped because they are larger than the receive buffer. */
    public int oversizedRecords() {
        return oversized;
    }

    public int packets() {
        return packets;
    }

    @Override
    public void close() throws IOException {
        if (in != null) {
            in.close();
        }
    }
}
