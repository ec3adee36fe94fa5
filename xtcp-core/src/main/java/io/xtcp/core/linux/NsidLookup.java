package io.xtcp.core.linux;

import io.xtcp.core.netlink.Netlink;
import io.xtcp.core.netlink.NetlinkChannel;
import io.xtcp.core.netlink.NativeBytes;
import io.xtcp.core.netlink.NlMsgHdr;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The nsid the caller's network namespace has assigned to another namespace: rtnetlink
 * {@code RTM_GETNSID} with {@code NETNSA_FD}, answered by {@code RTM_NEWNSID} carrying
 * {@code NETNSA_NSID} ({@code linux/net_namespace.h}). The ids are per observer, so the
 * {@code NETLINK_ROUTE} socket must be {@linkplain #open() opened} in the daemon's own namespace
 * (never on a thread that has entered another); it is reused for every lookup.
 *
 * <p>0 means "none": the kernel's {@code NETNSA_NSID_NOT_ASSIGNED} (-1), and any failure (socket
 * not open, closed, kernel error, timeout, malformed reply). Failures are counted in
 * {@link #errors()} and never thrown. Lookups are serialized; {@link #close()} is idempotent.
 *
 * <pre>
 * request:  nlmsghdr(RTM_GETNSID, NLM_F_REQUEST) | rtgenmsg{AF_UNSPEC} + 3 pad | nlattr(NETNSA_FD, u32 fd)
 * reply:    nlmsghdr(RTM_NEWNSID) | rtgenmsg + pad | nlattr(NETNSA_NSID, s32) ...   or NLMSG_ERROR
 * </pre>
 */
public final class NsidLookup implements AutoCloseable {
    public static final int RTM_NEWNSID = 88;
    public static final int RTM_GETNSID = 90;
    public static final int NETNSA_NSID = 1;
    public static final int NETNSA_FD = 3;
    public static final int NETNSA_NSID_NOT_ASSIGNED = -1;

    static final int NLA_HDRLEN = 4;
    /** {@code struct rtgenmsg} is one byte, padded to the netlink alignment. */
    static final int RTGENMSG_LEN = Netlink.align(1);
    public static final int REQUEST_LEN = Netlink.NLMSG_HDRLEN + RTGENMSG_LEN + NLA_HDRLEN + 4;
    private static final int NLA_TYPE_MASK = 0x3FFF;
    private static final int RECEIVE_TIMEOUT_MS = 1000;
    /** Datagrams read per lookup before giving up on finding the reply (stale ones are skipped). */
    private static final int MAX_DATAGRAMS = 8;

    private final NetlinkChannel channel;
    private final ByteBuffer tx = ByteBuffer.allocateDirect(REQUEST_LEN).order(ByteOrder.nativeOrder());
    private final ByteBuffer rx = ByteBuffer.allocateDirect(8192).order(ByteOrder.nativeOrder());
    private final NlMsgHdr hdr = new NlMsgHdr();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile String lastError;
    private int seq;

    /** Over any channel (tests); {@code null} means the socket could not be opened: every lookup is an error. */
    NsidLookup(NetlinkChannel channel) {
        this.channel = channel;
    }

    /**
     * Opens the rtnetlink socket in the calling thread's network namespace. When that fails the
     * lookup still exists and answers 0, counting each lookup as an error.
     */
    public static NsidLookup open() {
        try {
            return new NsidLookup(NetlinkSocket.openRoute(RECEIVE_TIMEOUT_MS));
        } catch (SyscallException e) {
            NsidLookup l = new NsidLookup(null);
            l.lastError = e.getMessage();
            return l;
        }
    }

    /**
     * The nsid of the namespace at {@code path} (a bind mount or {@code /proc/PID/ns/net}), opened
     * just for the lookup; 0 when none is assigned, when the path now holds another namespace than
     * {@code expectedInode} (unless that is {@link Netns#ANY_INODE}), or on any error.
     */
    public int lookup(String path, long expectedInode) {
        int fd;
        try {
            fd = Syscalls.openReadOnly(path);
        } catch (SyscallException e) {
            return failed(e.getMessage());
        }
        try {
            if (expectedInode != Netns.ANY_INODE && Syscalls.fstatInode(fd, path) != expectedInode) {
                return failed(path + " no longer holds namespace inode " + expectedInode);
            }
            return lookup(fd);
        } catch (SyscallException e) {
            return failed(e.getMessage());
        } finally {
            try {
                Syscalls.close(fd);
            } catch (SyscallException ignored) {
                // released by the kernel anyway
            }
        }
    }

    /** The nsid of the namespace {@code nsFd} is open on; 0 when none is assigned or on any error. */
    public synchronized int lookup(int nsFd) {
        if (channel == null) {
            return failed(lastError == null ? "no rtnetlink socket" : lastError);
        }
        if (closed.get()) {
            return failed("nsid lookup is closed");
        }
        int s = ++seq;
        writeRequest(tx, s, nsFd);
        try {
            channel.send(tx);
            for (int i = 0; i < MAX_DATAGRAMS; i++) {
                if (channel.receive(rx) < 0) {
                    break;
                }
                Reply r = parseReply(rx, hdr, s);
                if (r == null) {
                    continue; // a late answer to an earlier lookup
                }
                if (r.errno != 0) {
                    return failed("RTM_GETNSID(fd=" + nsFd + ") failed: " + Errno.describe(r.errno));
                }
                return r.nsid == NETNSA_NSID_NOT_ASSIGNED ? 0 : r.nsid;
            }
            return failed("RTM_GETNSID(fd=" + nsFd + "): no reply with seq " + s);
        } catch (IOException | RuntimeException e) {
            return failed("RTM_GETNSID(fd=" + nsFd + "): " + e.getMessage());
        }
    }

    private int failed(String message) {
        lastError = message;
        errors.incrementAndGet();
        return 0;
    }

    /** Lookups that failed (answered 0 for another reason than "not assigned"). */
    public long errors() {
        return errors.get();
    }

    /** The last failure's message, or null. */
    public String lastError() {
        return lastError;
    }

    /** Writes the request into {@code buf} at 0 and sets its limit; host byte order. */
    static void writeRequest(ByteBuffer buf, int seq, int nsFd) {
        buf.clear();
        for (int i = 0; i < REQUEST_LEN; i++) {
            buf.put(i, (byte) 0);
        }
        NlMsgHdr.write(buf, 0, REQUEST_LEN, RTM_GETNSID, Netlink.NLM_F_REQUEST, seq);
        buf.put(Netlink.NLMSG_HDRLEN, (byte) 0); // rtgen_family = AF_UNSPEC
        int attr = Netlink.NLMSG_HDRLEN + RTGENMSG_LEN;
        buf.putShort(attr, (short) (NLA_HDRLEN + 4));
        buf.putShort(attr + 2, (short) NETNSA_FD);
        buf.putInt(attr + NLA_HDRLEN, nsFd);
        buf.limit(REQUEST_LEN);
    }

    /** The answer to request {@code seq}: an nsid (-1 = not assigned) or a positive errno. */
    record Reply(int nsid, int errno) {}

    /**
     * Finds the answer to {@code seq} among the messages in {@code rx} [0, limit): null when there
     * is none (messages of other requests). A reply without {@code NETNSA_NSID} counts as not assigned.
     *
     * @throws IOException when a message is malformed
     */
    static Reply parseReply(ByteBuffer reply, NlMsgHdr hdr, int seq) throws IOException {
        int end = reply.limit();
        byte[] rx = new byte[end];
        reply.get(0, rx, 0, end);
        int off = 0;
        while (off + Netlink.NLMSG_HDRLEN <= end) {
            hdr.wrap(rx, off);
            int len = hdr.length();
            if (len < Netlink.NLMSG_HDRLEN || len > end - off) {
                throw new IOException("malformed netlink message: length " + len + " at " + off + " of " + end);
            }
            if (hdr.seq() == seq) {
                if (hdr.type() == Netlink.NLMSG_ERROR) {
                    if (len < Netlink.NLMSG_HDRLEN + 4) {
                        throw new IOException("truncated NLMSG_ERROR");
                    }
                    int error = NativeBytes.i32(rx, hdr.payloadOffset());
                    return error == 0 ? new Reply(NETNSA_NSID_NOT_ASSIGNED, 0) : new Reply(0, -error);
                }
                if (hdr.type() == RTM_NEWNSID) {
                    return new Reply(nsidAttribute(rx, hdr.payloadOffset() + RTGENMSG_LEN, off + len), 0);
                }
            }
            off += Netlink.align(len);
        }
        return null;
    }

    private static int nsidAttribute(byte[] rx, int from, int end) throws IOException {
        int a = from;
        while (a + NLA_HDRLEN <= end) {
            int alen = NativeBytes.u16(rx, a);
            int type = NativeBytes.u16(rx, a + 2) & NLA_TYPE_MASK;
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

    /** Closes the socket; later lookups answer 0 and count as errors. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true) && channel != null) {
            channel.close();
        }
    }
}
