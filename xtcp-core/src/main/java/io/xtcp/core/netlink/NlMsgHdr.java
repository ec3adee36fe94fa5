package io.xtcp.core.netlink;

import java.nio.ByteBuffer;

/**
 * Flyweight over {@code struct nlmsghdr} ({@code linux/netlink.h}), host byte order;
 * {@link #toString()} decodes it for debuggers and test messages.
 *
 * <pre>
 * struct nlmsghdr {
 *     __u32 nlmsg_len;    // 0: length including this header
 *     __u16 nlmsg_type;   // 4
 *     __u16 nlmsg_flags;  // 6
 *     __u32 nlmsg_seq;    // 8
 *     __u32 nlmsg_pid;    // 12
 * };
 * </pre>
 */
public final class NlMsgHdr {
    public static final int LEN_OFFSET = 0;
    public static final int TYPE_OFFSET = 4;
    public static final int FLAGS_OFFSET = 6;
    public static final int SEQ_OFFSET = 8;
    public static final int PID_OFFSET = 12;
    public static final int SIZE = 16;

    private byte[] buf;
    private int base;

    public NlMsgHdr wrap(byte[] buf, int offset) {
        this.buf = buf;
        this.base = offset;
        return this;
    }

    public int offset() {
        return base;
    }

    /** nlmsg_len as an unsigned value clipped to int range (a corrupt huge length stays positive). */
    public int length() {
        long v = NativeBytes.u32(buf, base + LEN_OFFSET);
        return v > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) v;
    }

    public int type() {
        return NativeBytes.u16(buf, base + TYPE_OFFSET);
    }

    public int flags() {
        return NativeBytes.u16(buf, base + FLAGS_OFFSET);
    }

    public int seq() {
        return NativeBytes.i32(buf, base + SEQ_OFFSET);
    }

    public int pid() {
        return NativeBytes.i32(buf, base + PID_OFFSET);
    }

    public int payloadOffset() {
        return base + SIZE;
    }

    /**
     * The header decoded: {@code NlMsgHdr{ nlmsg_len{72}, nlmsg_type{20(SOCK_DIAG_BY_FAMILY)},
     * nlmsg_flags{0x2(NLM_F_MULTI)}, nlmsg_seq{1}, nlmsg_pid{4242} }}. For debuggers and test
     * messages; never on the poll path.
     */
    @Override
    public String toString() {
        if (buf == null) {
            return "NlMsgHdr{ unwrapped }";
        }
        if (base < 0 || base + SIZE > buf.length) {
            return "NlMsgHdr{ truncated: " + Math.max(0, buf.length - base) + " of " + SIZE + " bytes }";
        }
        return "NlMsgHdr{ nlmsg_len{" + Integer.toUnsignedString(NativeBytes.i32(buf, base + LEN_OFFSET))
                + "}, nlmsg_type{" + type() + typeName(type())
                + "}, nlmsg_flags{0x" + Integer.toHexString(flags()) + flagNames(flags())
                + "}, nlmsg_seq{" + Integer.toUnsignedString(seq())
                + "}, nlmsg_pid{" + Integer.toUnsignedString(pid()) + "} }";
    }

    private static String typeName(int type) {
        switch (type) {
            case Netlink.NLMSG_NOOP:
                return "(NLMSG_NOOP)";
            case Netlink.NLMSG_ERROR:
                return "(NLMSG_ERROR)";
            case Netlink.NLMSG_DONE:
                return "(NLMSG_DONE)";
            case Netlink.NLMSG_OVERRUN:
                return "(NLMSG_OVERRUN)";
            case Netlink.TCPDIAG_GETSOCK:
                return "(TCPDIAG_GETSOCK)";
            case Netlink.SOCK_DIAG_BY_FAMILY:
                return "(SOCK_DIAG_BY_FAMILY)";
            case NsidMessage.RTM_NEWNSID:
                return "(RTM_NEWNSID)";
            case NsidMessage.RTM_GETNSID:
                return "(RTM_GETNSID)";
            default:
                return "";
        }
    }

    /** The flag names of requests and dump replies (0x100 and 0x200 read as a GET's ROOT and MATCH). */
    private static String flagNames(int flags) {
        String[] names = {"NLM_F_REQUEST", "NLM_F_MULTI", "NLM_F_ACK", "NLM_F_ECHO", "NLM_F_DUMP_INTR", "NLM_F_DUMP_FILTERED",
            null, null, "NLM_F_ROOT", "NLM_F_MATCH"};
        StringBuilder s = new StringBuilder();
        for (int bit = 0; bit < names.length; bit++) {
            if ((flags & 1 << bit) != 0 && names[bit] != null) {
                s.append(s.length() == 0 ? "(" : "|").append(names[bit]);
            }
        }
        return s.length() == 0 ? "" : s.append(')').toString();
    }

    /** Writes a header; used to build requests. */
    public static void write(ByteBuffer buf, int offset, int len, int type, int flags, int seq) {
        buf.putInt(offset + LEN_OFFSET, len);
        buf.putShort(offset + TYPE_OFFSET, (short) type);
        buf.putShort(offset + FLAGS_OFFSET, (short) flags);
        buf.putInt(offset + SEQ_OFFSET, seq);
        buf.putInt(offset + PID_OFFSET, 0);
    }
}
