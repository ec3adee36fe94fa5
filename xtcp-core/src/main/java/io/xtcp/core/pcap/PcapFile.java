package io.xtcp.core.pcap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

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
 * A record whose length runs past the end of the file ends the capture and is counted in
 * {@link #truncatedRecords()}; it is never read past.
 */
public final class PcapFile {
    public static final int LINKTYPE_NETLINK = 253;
    public static final int GLOBAL_HEADER = 24;
    public static final int RECORD_HEADER = 16;
    public static final int NLMON_HEADER = 16;
    /** Offset of the netlink protocol (big-endian u16) in the nlmon header. */
    public static final int NLMON_PROTOCOL_OFFSET = 14;

    private final String name;
    private final ByteBuffer data;
    private int pos = GLOBAL_HEADER;
    private int truncated;
    private int packets;
    private int protocol = -1;

    private PcapFile(String name, ByteBuffer data) {
        this.name = name;
        this.data = data;
    }

    public static PcapFile open(Path path) throws IOException {
        return of(path.toString(), Files.readAllBytes(path));
    }

    /** Parses a capture held in memory; throws {@link PcapFormatException} for a bad global header. */
    public static PcapFile of(String name, byte[] bytes) throws PcapFormatException {
        if (bytes.length < GLOBAL_HEADER) {
            throw new PcapFormatException(name + ": not a pcap file (" + bytes.length + " bytes, the header alone is 24)");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int magic = b.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        if (magic == 0xa1b2c3d4 || magic == 0xa1b23c4d) {
            b.order(ByteOrder.LITTLE_ENDIAN);
        } else if (Integer.reverseBytes(magic) == 0xa1b2c3d4 || Integer.reverseBytes(magic) == 0xa1b23c4d) {
            b.order(ByteOrder.BIG_ENDIAN);
        } else if (magic == 0x0A0D0D0A) {
            throw new PcapFormatException(name + ": pcapng is not supported; convert with `editcap -F pcap`");
        } else {
            throw new PcapFormatException(name + ": not a pcap file (magic 0x" + Integer.toHexString(magic) + ")");
        }
        int link = b.getInt(20) & 0x0FFFFFFF;
        if (link != LINKTYPE_NETLINK) {
            throw new PcapFormatException(name + ": link type " + link + " is not netlink (253); capture on an nlmon interface");
        }
        return new PcapFile(name, b);
    }

    public String name() {
        return name;
    }

    /**
     * Copies the next packet's netlink datagram into {@code dst} (from 0, limit set) and returns
     * its length, or -1 at the end of the capture.
     */
    public int next(ByteBuffer dst) {
        while (pos + RECORD_HEADER <= data.limit()) {
            long incl = Integer.toUnsignedLong(data.getInt(pos + 8));
            int start = pos + RECORD_HEADER;
            if (incl > data.limit() - start) {
                truncated++;
                pos = data.limit();
                return -1;
            }
            pos = start + (int) incl;
            packets++;
            int len = (int) incl - NLMON_HEADER;
            if (len <= 0) {
                continue;
            }
            if (len > dst.capacity()) {
                truncated++;
                continue;
            }
            int proto = start + NLMON_PROTOCOL_OFFSET;
            protocol = (data.get(proto) & 0xFF) << 8 | (data.get(proto + 1) & 0xFF);
            dst.clear();
            dst.put(0, data, start + NLMON_HEADER, len);
            dst.limit(len);
            return len;
        }
        if (pos < data.limit()) {
            truncated++;
            pos = data.limit();
        }
        return -1;
    }

    /** The netlink protocol of the packet last returned by {@link #next}, from its nlmon header. */
    public int protocol() {
        return protocol;
    }

    /** Records cut short by the end of the file, or larger than the receive buffer. */
    public int truncatedRecords() {
        return truncated;
    }

    public int packets() {
        return packets;
    }
}
