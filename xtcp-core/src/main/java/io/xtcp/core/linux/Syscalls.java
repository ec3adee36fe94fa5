package io.xtcp.core.linux;

import java.nio.ByteBuffer;
import jnr.ffi.LastError;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * Checked wrappers around {@link LibC}: the one place where errno becomes an exception. Each
 * exception names the call and its subject, e.g. {@code setns(/run/netns/a) failed: EPERM
 * (Operation not permitted)}. EINTR is retried; EAGAIN is returned as a value where the caller
 * expects it.
 */
public final class Syscalls {
    public static final int AF_UNIX = 1;
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;
    public static final int AF_NETLINK = 16;
    public static final int SOCK_DGRAM = 2;
    public static final int SOCK_RAW = 3;
    public static final int SOCK_CLOEXEC = 0x80000;
    public static final int O_RDONLY = 0;
    public static final int O_CLOEXEC = 0x80000;
    public static final int CLONE_NEWNET = 0x40000000;
    public static final int SOL_SOCKET = 1;
    public static final int SO_RCVBUF = 8;
    public static final int SO_RCVTIMEO = 20;
    public static final int SOL_NETLINK = 270;
    public static final int NETLINK_EXT_ACK = 11;
    public static final int NETLINK_GET_STRICT_CHK = 12;

    /** Larger than {@code struct stat} on every 64-bit ABI (144 B on x86_64, 128 B on aarch64). */
    private static final int STAT_SIZE = 256;
    private static final int STAT_INO_OFFSET = 8;

    private static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");
    private static final Runtime RUNTIME = Runtime.getRuntime(LIBC);

    private Syscalls() {}

    /** The JNR runtime, for wrapping buffers. */
    public static Runtime runtime() {
        return RUNTIME;
    }

    /** A pointer to a direct buffer's memory; create once per buffer, not per call. */
    public static Pointer pointer(ByteBuffer direct) {
        if (!direct.isDirect()) {
            throw new IllegalArgumentException("buffer must be direct");
        }
        return Pointer.wrap(RUNTIME, direct);
    }

    private static int errno() {
        return LastError.getLastError(RUNTIME);
    }

    public static int socket(int domain, int type, int protocol) throws SyscallException {
        int fd = LIBC.socket(domain, type, protocol);
        if (fd < 0) {
            throw new SyscallException("socket(" + domain + ", " + type + ", " + protocol + ")", errno());
        }
        return fd;
    }

    public static void bind(int fd, Pointer addr, int addrLen) throws SyscallException {
        if (LIBC.bind(fd, addr, addrLen) < 0) {
            throw new SyscallException("bind(fd=" + fd + ")", errno());
        }
    }

    /** Sends the whole buffer [0, len) as one datagram; EINTR retried. */
    public static void sendto(int fd, Pointer buf, int len, Pointer addr, int addrLen) throws SyscallException {
        while (true) {
            long n = LIBC.sendto(fd, buf, len, 0, addr, addrLen);
            if (n >= 0) {
                return;
            }
            int e = errno();
            if (e != Errno.EINTR) {
                throw new SyscallException("sendto(fd=" + fd + ")", e);
            }
        }
    }

    /**
     * Receives one datagram. Returns its length, or -1 on EAGAIN (timeout or non-blocking
     * socket with nothing queued). EINTR retried.
     */
    public static int recv(int fd, Pointer buf, int len, int flags) throws SyscallException {
        while (true) {
            long n = LIBC.recv(fd, buf, len, flags);
            if (n >= 0) {
                return (int) n;
            }
            int e = errno();
            if (e == Errno.EAGAIN) {
                return -1;
            }
            if (e != Errno.EINTR) {
                throw new SyscallException("recv(fd=" + fd + ")", e);
            }
        }
    }

    public static void setsockopt(int fd, int level, int option, Pointer value, int len) throws SyscallException {
        if (LIBC.setsockopt(fd, level, option, value, len) < 0) {
            throw new SyscallException("setsockopt(fd=" + fd + ", " + level + ", " + option + ")", errno());
        }
    }

    /** Closes a descriptor; EINTR is not retried (Linux releases the fd anyway). */
    public static void close(int fd) throws SyscallException {
        if (LIBC.close(fd) < 0) {
            int e = errno();
            if (e != Errno.EINTR) {
                throw new SyscallException("close(fd=" + fd + ")", e);
            }
        }
    }

    public static int openReadOnly(String path) throws SyscallException {
        while (true) {
            int fd = LIBC.open(path, O_RDONLY | O_CLOEXEC);
            if (fd >= 0) {
                return fd;
            }
            int e = errno();
            if (e != Errno.EINTR) {
                throw new SyscallException("open(" + path + ")", e);
            }
        }
    }

    /** setns(2); {@code what} names the target in the message. */
    public static void setns(int fd, int nstype, String what) throws SyscallException {
        if (LIBC.setns(fd, nstype) < 0) {
            throw new SyscallException("setns(" + what + ")", errno());
        }
    }

    public static void capget(Pointer header, Pointer data) throws SyscallException {
        if (LIBC.capget(header, data) < 0) {
            throw new SyscallException("capget", errno());
        }
    }

    /**
     * The inode number of an open file, from fstat(2). {@code st_ino} is the second field of
     * {@code struct stat} on both x86_64 and the generic layout (aarch64): 8 bytes at offset 8.
     * For a namespace file ({@code /proc/PID/ns/net}, a bind mount of one) this is the
     * namespace's identity, the number {@code ip netns identify} and {@code lsns} print.
     * {@code what} names the file in the message.
     */
    public static long fstatInode(int fd, String what) throws SyscallException {
        ByteBuffer stat = ByteBuffer.allocateDirect(STAT_SIZE).order(java.nio.ByteOrder.nativeOrder());
        if (LIBC.fstat(fd, pointer(stat)) < 0) {
            throw new SyscallException("fstat(" + what + ")", errno());
        }
        return stat.getLong(STAT_INO_OFFSET);
    }

    public static int getpid() {
        return LIBC.getpid();
    }
}
