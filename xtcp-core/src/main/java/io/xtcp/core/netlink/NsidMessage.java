package io.xtcp.core.netlink;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The rtnetlink messages that ask for and carry a network namespace id ({@code linux/rtnetlink.h},
 * {@code linux/net_namespace.h}): the {@code RTM_GETNSID} request naming a namespace by an open
 * fd, and its answer, {@code RTM_NEWNSID} with {@code NETNSA_NSID} or {@code NLMSG_ERROR}. Pure
 * bytes, no syscalls: {@code linux/NsidLookup} sends and receives them.
 *
 * <pre>
 * struct rtgenmsg { unsigned char rtgen_family; };          // 1 byte, padded to 4
 * struct nlattr   { __u16 nla_len; __u16 nla_type; };       // 4 bytes, then the payload
 *
 * request (28 bytes):
 *   0  struct nlmsghdr   nlmsg_len 28, RTM_GETNSID, NLM_F_REQUEST, seq, pid 0
 *  16  struct rtgenmsg   AF_UNSPEC, 3 bytes pad
 *  20  struct nlattr     nla_len 8, NETNSA_FD
 *  24  __u32             the namespace fd
 *
 * reply:
 *   0  struct nlmsghdr   RTM_NEWNSID (or NLMSG_ERROR: then a __s32 -errno at 16, 0 meaning an ack)
 *  16  struct rtgenmsg   + pad
 *  20  struct nlattr ... NETNSA_NSID: __s32 nsid (NETNSA_NSID_NOT_ASSIGNED = -1), others skipped
 * </pre>
 */
public final class NsidMessage {
    public static final int RTM_NEWNSID = 88;
    public static final int RTM_GETNSID = 90;
    public static final int NETNSA_NSID = 1;
    public static final int NETNSA_FD = 3;
    public static final int NETNSA_NSID_NOT_ASSIGNED = -1;

    /** {@code struct rtgenmsg} right after the netlink header: one byte, padded to the netlink alignment. */
    public static final int RTGENMSG_OFFSET = Netlink.NLMSG_HDRLEN;
    public static final int RTGENMSG_LEN = Netlink.align(1);
    /** The first attribute, after the padded rtgenmsg. */
    public static final int ATTRS_OFFSET = RTGENMSG_OFFSET + RTGENMSG_LEN;
    /** {@code struct nlattr}: nla_len at 0, nla_type at 2, payload at 4. */
    public static final int NLA_HDRLEN = 4;
    public static final int NLA_LEN_OFFSET = 0;
    public static final int NLA_TYPE_OFFSET = 2;
    /** The type bits of nla_type (the top two are NLA_F_NESTED and NLA_F_NET_BYTEORDER). */
    public static final int NLA_TYPE_MASK = 0x3FFF;
    /** The request: header, rtgenmsg, one NETNSA_FD attribute holding a u32. */
    public static final int REQUEST_LEN = ATTRS_OFFSET + NLA_HDRLEN + 4;
    /** Where an NLMSG_ERROR's {@code int error} is: right after the header. */
    public static final int ERROR_OFFSET = Netlink.NLMSG_HDRLEN;

    private NsidMessage() {}

    /** Writes the request for {@code nsFd} into {@code buf} at 0 and sets its limit; host byte order. */
    public static void writeRequest(ByteBuffer buf, int seq, int nsFd) {
        buf.clear();
        for (int i = 0; i < REQUEST_LEN; i++) {
            buf.put(i, (byte) 0);
        }
        NlMsgHdr.write(buf, 0, REQUEST_LEN, RTM_GETNSID, Netlink.NLM_F_REQUEST, seq);
        buf.put(RTGENMSG_OFFSET, (byte) 0); // rtgen_family = AF_UNSPEC
        buf.putShort(ATTRS_OFFSET + NLA_LEN_OFFSET, (short) (NLA_HDRLEN + 4));
        buf.putShort(ATTRS_OFFSET + NLA_TYPE_OFFSET, (short) NETNSA_FD);
        buf.putInt(ATTRS_OFFSET + NLA_HDRLEN, nsFd);
        buf.limit(REQUEST_LEN);
    }

    /** The answer to one request: an nsid ({@link #NETNSA_NSID_NOT_ASSIGNED} = none) or a positive errno. */
    public record Reply(int nsid, int errno) {}

    /**
     * Finds the answer to request {@code seq} among the messages in {@code rx[0, end)}: null when
     * there is none (messages of other requests). An NLMSG_ERROR with error 0 (an ack) and an
     * RTM_NEWNSID without {@code NETNSA_NSID} count as not assigned.
     *
     * @throws IOException when a message or attribute length is malformed, naming it
     */
    public static Reply parseReply(byte[] rx, int end, NlMsgHdr hdr, int seq) throws IOException {
        int off = 0;
        while (off + Netlink.NLMSG_HDRLEN <= end) {
            hdr.wrap(rx, off);
            int len = hdr.length();
            if (len < Netlink.NLMSG_HDRLEN || len > end - off) {
                throw new IOException("malformed netlink message: length " + len + " at " + off + " of " + end);
            }
            if (hdr.seq() == seq) {
                if (hdr.type() == Netlink.NLMSG_ERROR) {
                    if (len < ERROR_OFFSET + 4) {
                        throw new IOException("truncated NLMSG_ERROR");
                    }
                    int error = NativeBytes.i32(rx, off + ERROR_OFFSET);
                    return error == 0 ? new Reply(NETNSA_NSID_NOT_ASSIGNED, 0) : new Reply(0, -error);
                }
                if (hdr.type() == RTM_NEWNSID) {
                    return new Reply(nsidAttribute(rx, off + ATTRS_OFFSET, off + len), 0);
                }
            }
            off += Netlink.align(len);
        }
        return null;
    }

    /** NETNSA_NSID among the attributes in {@code rx[from, end)}; not assigned when absent. */
    static int nsidAttribute(byte[] rx, int from, int end) throws IOException {
        int a = from;
        while (a + NLA_HDRLEN <= end) {
            int alen = NativeBytes.u16(rx, a + NLA_LEN_OFFSET);
            int type = NativeBytes.u16(rx, a + NLA_TYPE_OFFSET) & NLA_TYPE_MASK;
            if (alen < NLA_HDRLEN || alen > end - a) {
                throw new IOException("malformed netlink attribute: length " + alen + " at " + a);
            }
            if (type == NETNSA_NSID) {
                if (alen < NLA_HDRLEN + 4) {
                    throw new IOException("truncated NETNSA_NSID");
                }
                return NativeBytes.i32(rx, a + NLA_HDRLEN);
            }
            a += Netlink.align(alen);
        }
        return NETNSA_NSID_NOT_ASSIGNED;
    }
}
