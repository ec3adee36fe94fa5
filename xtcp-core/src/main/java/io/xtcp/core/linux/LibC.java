package io.xtcp.core.linux;

import jnr.ffi.Pointer;
import jnr.ffi.annotations.SaveError;

/**
 * The libc functions xtcp calls, bound through JNR-FFI. Only {@link Syscalls} uses this
 * interface directly: it turns errno into exceptions that name the call.
 *
 * <p>Buffers are passed as {@link Pointer}s wrapped once around direct {@code ByteBuffer}s, so a
 * call on the hot path neither copies nor allocates.
 */
public interface LibC {
    @SaveError
    int socket(int domain, int type, int protocol);

    @SaveError
    int bind(int fd, Pointer addr, int addrLen);

    @SaveError
    long sendto(int fd, Pointer buf, long len, int flags, Pointer addr, int addrLen);

    @SaveError
    long recv(int fd, Pointer buf, long len, int flags);

    @SaveError
    int setsockopt(int fd, int level, int optname, Pointer optval, int optlen);

    @SaveError
    int getsockopt(int fd, int level, int optname, Pointer optval, Pointer optlen);

    @SaveError
    int close(int fd);

    @SaveError
    int open(String path, int flags);

    @SaveError
    int setns(int fd, int nstype);

    @SaveError
    int capget(Pointer header, Pointer data);

    @SaveError
    int poll(Pointer fds, long nfds, int timeoutMs);

    @SaveError
    int fstat(int fd, Pointer stat);

    int getpid();

    long syscall(long number);
}
