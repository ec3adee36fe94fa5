package io.xtcp.core.netlink;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Index of the {@code struct rtattr} list that follows one {@code inet_diag_msg}: for each known
 * attribute type, the absolute offset and length of its payload. Re-filled per message; no
 * allocation.
 *
 * <pre>
 * struct rtattr { unsigned short rta_len; unsigned short rta_type; };  // 4 bytes, then payload
 * </pre>
 *
 * A zero, short or overlong {@code rta_len} ends the walk and is counted as malformed; the
 * attributes read before it stay usable.
 */
public final class DiagAttributes {
    public static final int RTA_HDRLEN = 4;
    private static final int NLA_TYPE_MASK = 0x3FFF;

    private final int[] offsets = new int[InetDiagAttr.MAX];
    private final int[] lengths = new int[InetDiagAttr.MAX];
    private ByteBuffer buf;
    private int unknown;
    private boolean malformed;

    /** Indexes the attributes in [start, end) of {@code buf}. */
    public DiagAttributes index(ByteBuffer buf, int start, int end) {
        this.buf = buf;
        Arrays.fill(offsets, -1);
        unknown = 0;
        malformed = false;
        int pos = start;
        while (pos + RTA_HDRLEN <= end) {
            int len = Short.toUnsignedInt(buf.getShort(pos));
            int type = Short.toUnsignedInt(buf.getShort(pos + 2)) & NLA_TYPE_MASK;
            if (len < RTA_HDRLEN || pos + len > end) {
                malformed = true;
                break;
            }
            if (type < InetDiagAttr.MAX) {
                offsets[type] = pos + RTA_HDRLEN;
                lengths[type] = len - RTA_HDRLEN;
            } else {
                unknown++;
            }
            pos += Netlink.align(len);
        }
        return this;
    }

    public ByteBuffer buffer() {
        return buf;
    }

    public boolean has(int type) {
        return offsets[type] >= 0;
    }

    /** Absolute payload offset, or -1 when absent. */
    public int offset(int type) {
        return offsets[type];
    }

    public int length(int type) {
        return offsets[type] >= 0 ? lengths[type] : 0;
    }

    /** Attributes of a type this build does not know, in the last indexed message. */
    public int unknownCount() {
        return unknown;
    }

    /** Whether the last walk stopped at a bad rta_len. */
    public boolean malformed() {
        return malformed;
    }
}
