package io.xtcp.core.testing;

import io.xtcp.core.pcap.PcapFile;
import io.xtcp.core.pcap.PcapReplayChannel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Netlink wire bytes for tests, host byte order: the reply datagrams of a real capture, a
 * datagram's messages, an inet_diag reply's attributes, and builders for the messages a test needs.
 */
public final class NetlinkBytes {
    public static final int NLMSG_HDRLEN = 16;
    public static final int INET_DIAG_MSG_SIZE = 72;

    /** One {@code struct rtattr} of a reply: type, offset of its header in the message, rta_len. */
    public record Attr(int type, int offset, int length) {}

    private NetlinkBytes() {}

    /** The reply datagrams of a capture (sock_diag only, requests left out), in order. */
    public static List<byte[]> replyDatagrams(Path pcap) throws IOException {
        PcapReplayChannel ch = new PcapReplayChannel(PcapFile.open(pcap));
        ByteBuffer rx = ByteBuffer.allocate(1 << 16);
        List<byte[]> out = new ArrayList<>();
        int n;
        while ((n = ch.receive(rx)) >= 0) {
            byte[] d = new byte[n];
            rx.get(0, d);
            out.add(d);
        }
        return out;
    }

    public static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.nativeOrder());
    }

    /** The messages of a well-formed datagram, each with its alignment padding cut off. */
    public static List<byte[]> messages(byte[] datagram) {
        ByteBuffer b = le(datagram);
        List<byte[]> out = new ArrayList<>();
        for (int pos = 0; pos + NLMSG_HDRLEN <= datagram.length; ) {
            int len = b.getInt(pos);
            if (len < NLMSG_HDRLEN || len > datagram.length - pos) {
                throw new IllegalArgumentException("not a well-formed datagram at " + pos);
            }
            out.add(Arrays.copyOfRange(datagram, pos, pos + len));
            pos += align(len);
        }
        return out;
    }

    /** Offsets of each message in a well-formed datagram. */
    public static List<Integer> messageOffsets(byte[] datagram) {
        ByteBuffer b = le(datagram);
        List<Integer> out = new ArrayList<>();
        for (int pos = 0; pos + NLMSG_HDRLEN <= datagram.length; pos += align(b.getInt(pos))) {
            out.add(pos);
        }
        return out;
    }

    /** The attributes of one inet_diag reply message (offsets relative to the message). */
    public static List<Attr> attributes(byte[] message) {
        ByteBuffer b = le(message);
        List<Attr> out = new ArrayList<>();
        int end = b.getInt(0);
        for (int pos = NLMSG_HDRLEN + INET_DIAG_MSG_SIZE; pos + 4 <= end; ) {
            int len = Short.toUnsignedInt(b.getShort(pos));
            out.add(new Attr(Short.toUnsignedInt(b.getShort(pos + 2)), pos, len));
            pos += align(len);
        }
        return out;
    }

    /** Concatenates messages into one datagram, each padded to 4 bytes. */
    public static byte[] datagram(byte[]... messages) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] m : messages) {
            out.write(m, 0, m.length);
            out.write(new byte[align(m.length) - m.length], 0, align(m.length) - m.length);
        }
        return out.toByteArray();
    }

    /** One message: a header with nlmsg_len covering {@code payload}, then the payload. */
    public static byte[] message(int type, int flags, int seq, byte[] payload) {
        byte[] m = new byte[NLMSG_HDRLEN + payload.length];
        ByteBuffer b = le(m);
        b.putInt(0, m.length);
        b.putShort(4, (short) type);
        b.putShort(6, (short) flags);
        b.putInt(8, seq);
        System.arraycopy(payload, 0, m, NLMSG_HDRLEN, payload.length);
        return m;
    }

    /** NLMSG_DONE (type 3) carrying {@code error} as its int payload. */
    public static byte[] done(int seq, int error) {
        return message(3, 2, seq, le(new byte[4]).putInt(0, error).array());
    }

    /** NLMSG_ERROR (type 2): the negative errno, then the header of the offending request. */
    public static byte[] error(int seq, int error) {
        byte[] payload = new byte[4 + NLMSG_HDRLEN];
        ByteBuffer b = le(payload);
        b.putInt(0, error);
        b.putInt(4, 72);
        b.putShort(8, (short) 20);
        b.putShort(10, (short) 0x301);
        b.putInt(12, seq);
        return message(2, 0x100, seq, payload);
    }

    /**
     * Rebuilds an inet_diag reply with the payload of attribute {@code type} cut to {@code keep}
     * bytes (rta_len = 4 + keep, padded), every other attribute unchanged, nlmsg_len fixed.
     */
    public static byte[] withAttributeTruncated(byte[] message, int type, int keep) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(message, 0, NLMSG_HDRLEN + INET_DIAG_MSG_SIZE);
        for (Attr a : attributes(message)) {
            int len = a.type() == type ? 4 + keep : a.length();
            byte[] attr = Arrays.copyOfRange(message, a.offset(), a.offset() + len);
            le(attr).putShort(0, (short) len);
            out.write(attr, 0, attr.length);
            out.write(new byte[align(len) - len], 0, align(len) - len);
        }
        byte[] m = out.toByteArray();
        le(m).putInt(0, m.length);
        return m;
    }

    public static int align(int len) {
        return (len + 3) & ~3;
    }
}
