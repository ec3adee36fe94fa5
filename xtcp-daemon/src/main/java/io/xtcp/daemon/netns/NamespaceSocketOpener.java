package io.xtcp.daemon.netns;

import io.xtcp.core.linux.NetlinkSocket;
import io.xtcp.core.linux.Netns;
import io.xtcp.core.linux.SyscallException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens sock_diag sockets inside namespaces on one dedicated platform thread: setns(2) moves only
 * the calling thread, so no other thread ever leaves the daemon's namespace. The thread runs
 * {@link Netns#openSocket(String, long, int)} (enter, open, return) and nothing else. When it
 * cannot return ({@link Netns.NamespaceRestoreError}) it ends at once, running no other work and
 * logging nothing (a logger could start a thread in the foreign namespace); the next
 * {@link #open} starts a fresh thread from the caller's thread, which is still at home.
 */
public final class NamespaceSocketOpener implements AutoCloseable {
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final int receiveTimeoutMillis;
    private EntryThread thread;
    private int retired;
    private boolean closed;

    public NamespaceSocketOpener(int receiveTimeoutMillis) {
        this.receiveTimeoutMillis = receiveTimeoutMillis;
    }

    /**
     * Opens a socket in {@code ns}, provided its path still holds that namespace.
     *
     * @throws SyscallException open/setns/socket failed (ENOENT: gone; EPERM: no CAP_SYS_ADMIN)
     * @throws Netns.InodeMismatchException the path now holds another namespace
     * @throws Netns.NamespaceRestoreError the entry thread could not return and was retired
     */
    public synchronized NetlinkSocket open(Namespace ns) throws IOException {
        if (closed) {
            throw new IOException("namespace socket opener is closed");
        }
        if (thread == null || !thread.isAlive()) {
            if (thread != null && thread.restoreFailed) {
                retired++;
            }
            thread = new EntryThread(receiveTimeoutMillis);
            thread.start();
        }
        Request r = new Request(ns);
        thread.requests.add(r);
        try {
            return r.result.get();
        } catch (InterruptedException e) {
            r.result.thenAccept(NetlinkSocket::close); // nobody will take the socket once it is open
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while opening a socket in " + ns);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException) {
                throw (IOException) c;
            }
            if (c instanceof Error) {
                throw (Error) c;
            }
            throw new IOException(c);
        }
    }

    /** Entry threads retired so far because they could not return home. */
    public synchronized int retiredThreads() {
        return retired + (thread != null && !thread.isAlive() && thread.restoreFailed ? 1 : 0);
    }

    /** Ends the entry thread. Idempotent. */
    @Override
    public void close() {
        EntryThread t;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            t = thread;
            thread = null;
        }
        if (t != null) {
            t.requests.add(Request.STOP);
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static final class Request {
        static final Request STOP = new Request(null);

        final Namespace ns;
        final CompletableFuture<NetlinkSocket> result = new CompletableFuture<>();

        Request(Namespace ns) {
            this.ns = ns;
        }
    }

    private static final class EntryThread extends Thread {
        final LinkedBlockingQueue<Request> requests = new LinkedBlockingQueue<>();
        final int receiveTimeoutMillis;
        volatile boolean restoreFailed;

        EntryThread(int receiveTimeoutMillis) {
            super("xtcp-netns-enter-" + THREADS.incrementAndGet());
            this.receiveTimeoutMillis = receiveTimeoutMillis;
            setDaemon(true);
        }

        @Override
        public void run() {
            warmUp();
            while (true) {
                Request r;
                try {
                    r = requests.take();
                } catch (InterruptedException e) {
                    return;
                }
                if (r == Request.STOP) {
                    return;
                }
                try {
                    r.result.complete(Netns.openSocket(r.ns.path(), r.ns.inode(), receiveTimeoutMillis));
                } catch (Netns.NamespaceRestoreError e) {
                    restoreFailed = true;
                    r.result.completeExceptionally(e);
                    return; // in a foreign namespace: never run anything else
                } catch (Throwable e) {
                    r.result.completeExceptionally(e);
                }
            }
        }

        /**
         * Loads and initialises every class the entry path uses while still at home, so no class
         * initialiser (JNR's among them) first runs inside a foreign namespace.
         */
        private void warmUp() {
            try {
                Netns.inode(Netns.THREAD_SELF);
                NetlinkSocket.open(receiveTimeoutMillis).close();
            } catch (SyscallException ignored) {
                // the real open reports it
            }
        }
    }
}
