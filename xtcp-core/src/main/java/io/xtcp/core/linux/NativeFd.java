package io.xtcp.core.linux;

import java.util.concurrent.atomic.AtomicInteger;

/** One owned file descriptor with an idempotent {@link #close()}. */
public final class NativeFd implements AutoCloseable {
    private final AtomicInteger fd;
    private final String what;

    public NativeFd(int fd, String what) {
        this.fd = new AtomicInteger(fd);
        this.what = what;
    }

    /** The descriptor; -1 once closed. */
    public int get() {
        return fd.get();
    }

    /** What this descriptor is, for messages. */
    public String what() {
        return what;
    }

    public boolean isOpen() {
        return fd.get() >= 0;
    }

    @Override
    public void close() throws SyscallException {
        int old = fd.getAndSet(-1);
        if (old >= 0) {
            Syscalls.close(old);
        }
    }

    @Override
    public String toString() {
        return what + "(fd=" + fd.get() + ")";
    }
}
