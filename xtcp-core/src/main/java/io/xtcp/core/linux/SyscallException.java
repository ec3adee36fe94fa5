package io.xtcp.core.linux;

import java.io.IOException;

/** A failed libc call: names the call, its subject and the errno. */
public final class SyscallException extends IOException {
    private final int errno;
    private final String call;

    public SyscallException(String call, int errno) {
        super(call + " failed: " + Errno.describe(errno));
        this.errno = errno;
        this.call = call;
    }

    public int errno() {
        return errno;
    }

    /** The call with its subject, e.g. {@code setns(/run/netns/a)}. */
    public String call() {
        return call;
    }
}
