package io.xtcp.daemon.netns;

import io.xtcp.core.linux.NetlinkSocket;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A namespace the {@link NamespaceRegistry} tracks, with the sock_diag socket opened inside it.
 * The socket stays open across polls and is closed once the registry has dropped the namespace
 * and no poll is using it any more: a poll {@linkplain #acquire() acquires} the handle, so its
 * descriptor can never be closed, and its number reused by another namespace's socket, mid-dump.
 */
public final class NamespaceHandle {
    private volatile Namespace namespace;
    private final NetlinkSocket socket;
    /** The registry's reference plus one per poll in progress; the socket closes at zero. */
    private final AtomicInteger refs = new AtomicInteger(1);
    private final AtomicBoolean retired = new AtomicBoolean();

    public NamespaceHandle(Namespace namespace, NetlinkSocket socket) {
        this.namespace = namespace;
        this.socket = socket;
    }

    /** The namespace; its name may improve while it lives (a bind mount added later). */
    public Namespace namespace() {
        return namespace;
    }

    /** False once the registry dropped the namespace. */
    public boolean isLive() {
        return !retired.get();
    }

    void update(Namespace ns) {
        this.namespace = ns;
    }

    /** Takes a reference for a poll; false when the socket is already closed or closing. */
    public boolean acquire() {
        while (true) {
            int r = refs.get();
            if (r <= 0 || retired.get()) {
                return false;
            }
            if (refs.compareAndSet(r, r + 1)) {
                return true;
            }
        }
    }

    public void release() {
        if (refs.decrementAndGet() == 0) {
            socket.close();
        }
    }

    /** Only valid between {@link #acquire()} and {@link #release()}. */
    public NetlinkSocket socket() {
        return socket;
    }

    /** The registry's drop: the socket closes now, or when the last poll using it ends. Idempotent. */
    public void retire() {
        if (retired.compareAndSet(false, true)) {
            release();
        }
    }

    @Override
    public String toString() {
        return namespace + (isLive() ? "" : " (dropped)");
    }
}
