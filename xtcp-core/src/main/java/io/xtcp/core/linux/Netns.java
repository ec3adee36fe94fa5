package io.xtcp.core.linux;

/**
 * Opening sockets inside another network namespace with setns(2) and {@code CLONE_NEWNET}.
 * setns moves only the calling thread, so callers run this on a dedicated platform thread: it
 * saves {@code /proc/thread-self/ns/net}, enters the target, opens the socket and moves back in
 * {@code finally}. Nothing in between may start a thread (it would inherit the foreign namespace).
 * When moving back fails the thread is left in the wrong namespace: {@link NamespaceRestoreError}
 * tells the caller that this thread must never run other work again.
 *
 * <p>A namespace is identified by the inode of its nsfs file (fstat(2) {@code st_ino} of
 * {@code /proc/PID/ns/net} or of a bind mount of it, e.g. {@code /run/netns/NAME}).
 */
public final class Netns {
    public static final String RUN_NETNS = "/run/netns";
    /** The calling thread's own network namespace (not {@code /proc/self}: that is the main thread's). */
    public static final String THREAD_SELF = "/proc/thread-self/ns/net";
    /** For {@link #openSocket(String, long, int)}: enter whatever namespace the path holds. */
    public static final long ANY_INODE = 0;

    private Netns() {}

    /** {@code NAME} means {@code /run/netns/NAME}; anything with a slash is a path. */
    public static String resolve(String nameOrPath) {
        return nameOrPath.indexOf('/') >= 0 ? nameOrPath : RUN_NETNS + "/" + nameOrPath;
    }

    /** The inode (identity) of the namespace at {@code path}. */
    public static long inode(String path) throws SyscallException {
        int fd = Syscalls.openReadOnly(path);
        try {
            return Syscalls.fstatInode(fd, path);
        } finally {
            closeQuietly(fd);
        }
    }

    /** Opens a sock_diag socket bound to the namespace at {@code path}. Never call on a virtual thread. */
    public static NetlinkSocket openSocket(String path, int receiveTimeoutMillis) throws SyscallException {
        try {
            return openSocket(path, ANY_INODE, receiveTimeoutMillis);
        } catch (InodeMismatchException e) {
            throw new AssertionError("no inode was expected", e);
        }
    }

    /**
     * Opens a sock_diag socket bound to the namespace at {@code path}, provided it is still the
     * namespace with inode {@code expectedInode} (when not {@link #ANY_INODE}): the same descriptor
     * is fstat'ed and entered, so a name deleted and re-created since it was discovered is never
     * mistaken for the old namespace. When the calling thread is in that namespace already, no
     * setns is made (so its own namespace needs no CAP_SYS_ADMIN). Never call on a virtual thread.
     *
     * @throws InodeMismatchException when {@code path} now holds another namespace
     * @throws NamespaceRestoreError when the thread could not return to its namespace
     */
    public static NetlinkSocket openSocket(String path, long expectedInode, int receiveTimeoutMillis)
            throws SyscallException, InodeMismatchException {
        int saved = Syscalls.openReadOnly(THREAD_SELF);
        try {
            if (!enter(path, expectedInode, Syscalls.fstatInode(saved, THREAD_SELF))) {
                return NetlinkSocket.open(receiveTimeoutMillis); // already there: no setns, no CAP_SYS_ADMIN needed
            }
            try {
                return NetlinkSocket.open(receiveTimeoutMillis);
            } finally {
                try {
                    Syscalls.setns(saved, Syscalls.CLONE_NEWNET, THREAD_SELF + " (restore)");
                } catch (SyscallException e) {
                    throw new NamespaceRestoreError(e);
                }
            }
        } finally {
            closeQuietly(saved);
        }
    }

    /**
     * Moves the calling thread into the namespace at {@code path} unless it is there already
     * (returns false then). The thread has not moved when this throws.
     */
    private static boolean enter(String path, long expectedInode, long currentInode)
            throws SyscallException, InodeMismatchException {
        int target = Syscalls.openReadOnly(path);
        try {
            long inode = Syscalls.fstatInode(target, path);
            if (expectedInode != ANY_INODE && inode != expectedInode) {
                throw new InodeMismatchException(path, expectedInode, inode);
            }
            if (inode == currentInode) {
                return false;
            }
            Syscalls.setns(target, Syscalls.CLONE_NEWNET, path);
            return true;
        } finally {
            closeQuietly(target);
        }
    }

    private static void closeQuietly(int fd) {
        try {
            Syscalls.close(fd);
        } catch (SyscallException ignored) {
            // a read-only nsfs descriptor is released by the kernel even when close reports an error
        }
    }

    /** The path now holds another namespace than the one discovered (deleted and re-created). */
    public static final class InodeMismatchException extends java.io.IOException {
        public InodeMismatchException(String path, long expected, long actual) {
            super(path + " is now namespace inode " + actual + ", not " + expected);
        }
    }

    /** The thread could not return to its original network namespace: it must never run other work again. */
    public static final class NamespaceRestoreError extends Error {
        public NamespaceRestoreError(SyscallException cause) {
            super("could not return to the original network namespace: " + cause.getMessage(), cause);
        }
    }
}
