package io.xtcp.core.linux;

import io.xtcp.core.netlink.NetlinkChannel;
import io.xtcp.core.netlink.NlMsgHdr;
import io.xtcp.core.netlink.NsidMessage;
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
 * <p>This class only makes the calls (open, fstat, send, receive); the messages' bytes are built
 * and read by {@link NsidMessage} in {@code netlink}, where their layout is drawn.
 */
public final class NsidLookup implements AutoCloseable {
    private static final int RECEIVE_TIMEOUT_MS = 1000;
    /** Datagrams read per lookup before giving up on finding the reply (stale ones are skipped). */
    private static final int MAX_DATAGRAMS = 8;
    private static final int RX_SIZE = 8192;

    private final NetlinkChannel channel;
    private final ByteBuffer tx = ByteBuffer.allocateDirect(NsidMessage.REQUEST_LEN).order(ByteOrder.nativeOrder());
    private final ByteBuffer rx = ByteBuffer.allocateDirect(RX_SIZE).order(ByteOrder.nativeOrder());
    /** The received datagram as an array, for the pure parser. */
    private final byte[] rxBytes = new byte[RX_SIZE];
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
        NsidMessage.writeRequest(tx, s, nsFd);
        try {
            channel.send(tx);
            for (int i = 0; i < MAX_DATAGRAMS; i++) {
                if (channel.receive(rx) < 0) {
                    break;
                }
                int n = rx.limit();
                rx.get(0, rxBytes, 0, n);
                NsidMessage.Reply r = NsidMessage.parseReply(rxBytes, n, hdr, s);
                if (r == null) {
                    continue; // a late answer to an earlier lookup
                }
                if (r.errno() != 0) {
                    return failed("RTM_GETNSID(fd=" + nsFd + ") failed: " + Errno.describe(r.errno()));
                }
                return r.nsid() == NsidMessage.NETNSA_NSID_NOT_ASSIGNED ? 0 : r.nsid();
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

    /** Closes the socket; later lookups answer 0 and count as errors. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true) && channel != null) {
            channel.close();
        }
    }
}
