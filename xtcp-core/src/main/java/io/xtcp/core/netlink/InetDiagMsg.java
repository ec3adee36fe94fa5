package io.xtcp.core.netlink;


/**
 * Flyweight over {@code struct inet_diag_msg} ({@code linux/inet_diag.h}). Ports and addresses
 * in the embedded {@code inet_diag_sockid} are network byte order; everything else is host order.
 *
 * <pre>
 * struct inet_diag_msg {
 *     __u8  idiag_family;            // 0
 *     __u8  idiag_state;             // 1
 *     __u8  idiag_timer;             // 2
 *     __u8  idiag_retrans;           // 3
 *     struct inet_diag_sockid {
 *         __be16 idiag_sport;        // 4
 *         __be16 idiag_dport;        // 6
 *         __be32 idiag_src[4];       // 8
 *         __be32 idiag_dst[4];       // 24
 *         __u32  idiag_if;           // 40
 *         __u32  idiag_cookie[2];    // 44
 *     } id;
 *     __u32 idiag_expires;           // 52
 *     __u32 idiag_rqueue;            // 56
 *     __u32 idiag_wqueue;            // 60
 *     __u32 idiag_uid;               // 64
 *     __u32 idiag_inode;             // 68
 * };                                 // 72
 * </pre>
 */
public final class InetDiagMsg {
    public static final int FAMILY_OFFSET = 0;
    public static final int STATE_OFFSET = 1;
    public static final int TIMER_OFFSET = 2;
    public static final int RETRANS_OFFSET = 3;
    public static final int SPORT_OFFSET = 4;
    public static final int DPORT_OFFSET = 6;
    public static final int SRC_OFFSET = 8;
    public static final int DST_OFFSET = 24;
    public static final int IF_OFFSET = 40;
    public static final int COOKIE_OFFSET = 44;
    public static final int EXPIRES_OFFSET = 52;
    public static final int RQUEUE_OFFSET = 56;
    public static final int WQUEUE_OFFSET = 60;
    public static final int UID_OFFSET = 64;
    public static final int INODE_OFFSET = 68;
    public static final int SIZE = 72;

    private byte[] buf;
    private int base;

    public InetDiagMsg wrap(byte[] buf, int offset) {
        this.buf = buf;
        this.base = offset;
        return this;
    }

    public byte[] array() {
        return buf;
    }

    public int offset() {
        return base;
    }

    public int family() {
        return NativeBytes.u8(buf, base + FAMILY_OFFSET);
    }

    public int state() {
        return NativeBytes.u8(buf, base + STATE_OFFSET);
    }

    public int timer() {
        return NativeBytes.u8(buf, base + TIMER_OFFSET);
    }

    public int retrans() {
        return NativeBytes.u8(buf, base + RETRANS_OFFSET);
    }

    public int sourcePort() {
        return NativeBytes.u16be(buf, base + SPORT_OFFSET);
    }

    public int destinationPort() {
        return NativeBytes.u16be(buf, base + DPORT_OFFSET);
    }

    /** Absolute offset of the 16-byte source address; an IPv4 address is its first 4 bytes. */
    public int sourceAddressOffset() {
        return base + SRC_OFFSET;
    }

    public int destinationAddressOffset() {
        return base + DST_OFFSET;
    }

    /** 4 for AF_INET, 16 otherwise. */
    public int addressLength() {
        return family() == 2 ? 4 : 16;
    }

    public long interfaceIndex() {
        return NativeBytes.u32(buf, base + IF_OFFSET);
    }

    /** The socket cookie as ss prints it ({@code sk:}): cookie[1] &lt;&lt; 32 | cookie[0]. */
    public long cookie() {
        long lo = NativeBytes.u32(buf, base + COOKIE_OFFSET);
        long hi = NativeBytes.u32(buf, base + COOKIE_OFFSET + 4);
        return hi << 32 | lo;
    }

    public long expires() {
        return NativeBytes.u32(buf, base + EXPIRES_OFFSET);
    }

    public long rqueue() {
        return NativeBytes.u32(buf, base + RQUEUE_OFFSET);
    }

    public long wqueue() {
        return NativeBytes.u32(buf, base + WQUEUE_OFFSET);
    }

    public long uid() {
        return NativeBytes.u32(buf, base + UID_OFFSET);
    }

    public long inode() {
        return NativeBytes.u32(buf, base + INODE_OFFSET);
    }
}
