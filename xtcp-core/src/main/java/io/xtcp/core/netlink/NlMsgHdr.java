package io.xtcp.core.netlink;

import java.nio.ByteBuffer;

/**
 * Flyweight over {@code struct nlmsghdr} ({@code linux/netlink.h}), host byte order.
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

    /** Writes a header; used to build requests. */
    public static void write(ByteBuffer buf, int offset, int len, int type, int flags, int seq) {
        buf.putInt(offset + LEN_OFFSET, len);
        buf.putShort(offset + TYPE_OFFSET, (short) type);
        buf.putShort(offset + FLAGS_OFFSET, (short) flags);
        buf.putInt(offset + SEQ_OFFSET, seq);
        buf.putInt(offset + PID_OFFSET, 0);
    }
}
