package io.xtcp.core.netlink;


/**
 * Flyweight over {@code struct inet_diag_msg} ({@code linux/inet_diag.h}). Ports and addresses
 * in the embedded {@code inet_diag_sockid} are network byte order; everything else is host order.
 * {@link #toString()} decodes it for debuggers and test messages.
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

    /**
     * The message decoded, ports in host order and addresses as text: {@code InetDiagMsg{
     * idiag_family{2(AF_INET)}, idiag_state{1(ESTABLISHED)}, ..., id{ idiag_sport{22}, ... },
     * ..., idiag_inode{12345} }}. For debuggers and test messages; never on the poll path.
     */
    @Override
    public String toString() {
        if (buf == null) {
            return "InetDiagMsg{ unwrapped }";
        }
        if (base < 0 || base + SIZE > buf.length) {
            return "InetDiagMsg{ truncated: " + Math.max(0, buf.length - base) + " of " + SIZE + " bytes }";
        }
        int family = family();
        return "InetDiagMsg{ idiag_family{" + family + (family == 2 ? "(AF_INET)" : family == 10 ? "(AF_INET6)" : "")
                + "}, idiag_state{" + state() + "(" + TcpState.name(state()) + ")"
                + "}, idiag_timer{" + timer()
                + "}, idiag_retrans{" + retrans()
                + "}, id{ idiag_sport{" + sourcePort()
                + "}, idiag_dport{" + destinationPort()
                + "}, idiag_src{" + address(SRC_OFFSET)
                + "}, idiag_dst{" + address(DST_OFFSET)
                + "}, idiag_if{" + interfaceIndex()
                + "}, idiag_cookie{" + Long.toUnsignedString(cookie())
                + "} }, idiag_expires{" + expires()
                + "}, idiag_rqueue{" + rqueue()
                + "}, idiag_wqueue{" + wqueue()
                + "}, idiag_uid{" + uid()
                + "}, idiag_inode{" + inode() + "} }";
    }

    /** An address field as text (IPv6 uncompressed, as Inet6Address writes it); the raw hex for an unknown family. */
    private String address(int fieldOffset) {
        int family = family();
        int n = family == 2 ? 4 : 16;
        byte[] a = java.util.Arrays.copyOfRange(buf, base + fieldOffset, base + fieldOffset + n);
        if (family != 2 && family != 10) {
            return java.util.HexFormat.of().formatHex(a);
        }
        try {
            return n == 4 ? java.net.InetAddress.getByAddress(a).getHostAddress()
                    : java.net.Inet6Address.getByAddress(null, a, -1).getHostAddress(); // a mapped IPv4 stays IPv6
        } catch (java.net.UnknownHostException impossible) { // only for a wrong length
            throw new AssertionError(impossible);
        }
    }
}
