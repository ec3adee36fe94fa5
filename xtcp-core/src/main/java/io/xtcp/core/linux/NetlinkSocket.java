package io.xtcp.core.linux;

import io.xtcp.core.netlink.Netlink;
import io.xtcp.core.netlink.NetlinkChannel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.IdentityHashMap;
import java.util.Map;
import jnr.ffi.Pointer;

/**
 * A live {@code NETLINK_SOCK_DIAG} (or {@code NETLINK_ROUTE}) socket. It stays bound to the network namespace of the thread
 * that opened it, so any thread may poll it afterwards.
 *
 * <p>Receives time out after {@code receiveTimeoutMillis} (SO_RCVTIMEO): a kernel that stops
 * answering mid-dump fails the poll instead of hanging it. Not thread-safe: one poll at a time.
 */
public final class NetlinkSocket implements NetlinkChannel {
    private static final int SOCKADDR_NL_SIZE = 12;

    private final NativeFd fd;
    private final Pointer kernelAddr;
    private final Map<ByteBuffer, Pointer> pointers = new IdentityHashMap<>();

    private NetlinkSocket(NativeFd fd) {
        this.fd = fd;
        ByteBuffer addr = ByteBuffer.allocateDirect(SOCKADDR_NL_SIZE).order(ByteOrder.nativeOrder());
        addr.putShort(0, (short) Syscalls.AF_NETLINK); // nl_pid 0: the kernel
        this.kernelAddr = Syscalls.pointer(addr);
    }

    /** Opens a sock_diag socket in the calling thread's current network namespace. */
    public static NetlinkSocket open(int receiveTimeoutMillis) throws SyscallException {
        return open(Netlink.NETLINK_SOCK_DIAG, "netlink sock_diag", receiveTimeoutMillis);
    }

    /** Opens an rtnetlink ({@code NETLINK_ROUTE}) socket in the calling thread's current network namespace. */
    public static NetlinkSocket openRoute(int receiveTimeoutMillis) throws SyscallException {
        return open(Netlink.NETLINK_ROUTE, "netlink route", receiveTimeoutMillis);
    }

    private static NetlinkSocket open(int protocol, String what, int receiveTimeoutMillis) throws SyscallException {
        int raw = Syscalls.socket(Syscalls.AF_NETLINK, Syscalls.SOCK_RAW | Syscalls.SOCK_CLOEXEC, protocol);
        NativeFd fd = new NativeFd(raw, what);
        try {
            ByteBuffer tv = ByteBuffer.allocateDirect(16).order(ByteOrder.nativeOrder());
            tv.putLong(0, receiveTimeoutMillis / 1000);
            tv.putLong(8, (receiveTimeoutMillis % 1000) * 1000L);
            Syscalls.setsockopt(raw, Syscalls.SOL_SOCKET, Syscalls.SO_RCVTIMEO, Syscalls.pointer(tv), 16);
        } catch (SyscallException e) {
            closeQuietly(fd);
            throw e;
        }
        return new NetlinkSocket(fd);
    }

    public int fd() {
        return fd.get();
    }

    @Override
    public void send(ByteBuffer request) throws IOException {
        int f = checkOpen();
        Syscalls.sendto(f, pointerFor(request), request.limit(), kernelAddr, SOCKADDR_NL_SIZE);
    }

    @Override
    public int receive(ByteBuffer rx) throws IOException {
        int f = checkOpen();
        int n = Syscalls.recv(f, pointerFor(rx), rx.capacity(), 0);
        if (n < 0) {
            throw new NetlinkTimeoutException("recv(fd=" + f + ") timed out waiting for the rest of the dump");
        }
        rx.limit(n);
        rx.position(0);
        return n;
    }

    private int checkOpen() throws IOException {
        int f = fd.get();
        if (f < 0) {
            throw new IOException("netlink socket is closed");
        }
        return f;
    }

    /** Buffers are wrapped once; the same few buffers are used for every poll. */
    private Pointer pointerFor(ByteBuffer buf) {
        Pointer p = pointers.get(buf);
        if (p == null) {
            p = Syscalls.pointer(buf);
            pointers.put(buf, p);
        }
        return p;
    }

    @Override
    public void close() {
        closeQuietly(fd);
    }

    private static void closeQuietly(NativeFd fd) {
        try {
            fd.close();
        } catch (SyscallException ignored) {
            // the descriptor is released by the kernel even when close reports an error
        }
    }

    /** A receive that timed out (SO_RCVTIMEO). */
    public static final class NetlinkTimeoutException extends IOException {
        public NetlinkTimeoutException(String message) {
            super(message);
        }
    }
}
