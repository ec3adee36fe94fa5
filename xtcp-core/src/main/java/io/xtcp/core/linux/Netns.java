package io.xtcp.core.linux;

/**
 * Opening sockets inside another network namespace. setns(CLONE_NEWNET) moves only the calling
 * thread, so callers run this on a dedicated platform thread: it saves
 * {@code /proc/thread-self/ns/net}, enters the target, opens the socket and moves back in
 * {@code finally}. Nothing in between may start a thread (it would inherit the foreign namespace).
 * When moving back fails the thread is left in the wrong namespace: {@link NamespaceRestoreError}
 * tells the caller that this thread must never run other work again.
 */
public final class Netns {
    public static final String RUN_NETNS = "/run/netns";

    private Netns() {}

    /** {@code NAME} means {@code /run/netns/NAME}; anything with a slash is a path. */
    public static String resolve(String nameOrPath) {
        return nameOrPath.indexOf('/') >= 0 ? nameOrPath : RUN_NETNS + "/" + nameOrPath;
    }

    /** Opens a sock_diag socket bound to the namespace at {@code path}. Never call on a virtual thread. */
    public static NetlinkSocket openSocket(String path, int receiveTimeoutMillis) throws SyscallException {
        int saved = Syscalls.openReadOnly("/proc/thread-self/ns/net");
        try {
            int target = Syscalls.openReadOnly(path);
            try {
                Syscalls.setns(target, Syscalls.CLONE_NEWNET, path);
            } finally {
                Syscalls.close(target);
            }
            try {
                return NetlinkSocket.open(receiveTimeoutMillis);
            } finally {
                try {
                    Syscalls.setns(saved, Syscalls.CLONE_NEWNET, "/proc/thread-self/ns/net (restore)");
                } catch (SyscallException e) {
                    throw new NamespaceRestoreError(e);
                }
            }
        } finally {
            Syscalls.close(saved);
        }
    }

    /** The thread could not return to its own namespace: it must never run other work again. */
    public static final class NamespaceRestoreError extends Error {
        public NamespaceRestoreError(SyscallException cause) {
            super("could not return to the original network namespace: " + cause.getMessage(), cause);
        }
    }
}
