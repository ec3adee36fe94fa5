package io.xtcp.core.netlink;

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
    /** The walk that last saw each type: entries of older walks read as absent, so nothing is cleared. */
    private final int[] seenIn = new int[InetDiagAttr.MAX];
    private int walk;
    private byte[] buf;
    private int unknown;
    private boolean malformed;

    /** Indexes the attributes in [start, end) of {@code buf}. */
    public DiagAttributes index(byte[] buf, int start, int end) {
        this.buf = buf;
        int w = ++walk;
        if (w == 0) { // wrapped after 2^32 messages: clear once so no stale entry matches
            Arrays.fill(seenIn, 0);
            w = walk = 1;
        }
        unknown = 0;
        malformed = false;
        int pos = start;
        while (pos + RTA_HDRLEN <= end) {
            int len = NativeBytes.u16(buf, pos);
            int type = NativeBytes.u16(buf, pos + 2) & NLA_TYPE_MASK;
            if (len < RTA_HDRLEN || pos + len > end) {
                malformed = true;
                break;
            }
            if (type < InetDiagAttr.MAX) {
                offsets[type] = pos + RTA_HDRLEN;
                lengths[type] = len - RTA_HDRLEN;
                seenIn[type] = w;
            } else {
                unknown++;
            }
            pos += Netlink.align(len);
        }
        return this;
    }

    public byte[] array() {
        return buf;
    }

    public boolean has(int type) {
        return seenIn[type] == walk;
    }

    /** Absolute payload offset, or -1 when absent. */
    public int offset(int type) {
        return seenIn[type] == walk ? offsets[type] : -1;
    }

    public int length(int type) {
        return seenIn[type] == walk ? lengths[type] : 0;
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
