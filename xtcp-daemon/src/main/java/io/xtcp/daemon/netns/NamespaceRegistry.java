package io.xtcp.daemon.netns;

import io.xtcp.core.log.RateLimitedLog;
import io.xtcp.core.linux.Errno;
import io.xtcp.core.linux.Netns;
import io.xtcp.core.linux.NetlinkSocket;
import io.xtcp.core.linux.NsidLookup;
import io.xtcp.core.linux.SyscallException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The namespaces being polled, each with its sock_diag socket held open across polls.
 * {@link #reconcile()} compares a {@link NamespaceDiscovery} scan, filtered by a
 * {@link NamespaceSelector}, with what is held: new namespaces get a socket (opened inside them by
 * the {@link NamespaceSocketOpener}'s thread), vanished ones are dropped and their sockets closed.
 * Listeners hear of both. {@link #snapshot()} is what a poll walks.
 *
 * <p>The socket keeps its namespace alive in the kernel, so a namespace whose last process exited
 * or whose bind mount was removed still answers dumps until the next reconcile drops it (its last
 * records then show its final sockets). A namespace that cannot be entered (EPERM, EACCES) is
 * counted, logged at most once a minute and tried again at the next reconcile; one that vanished
 * between scan and open (ENOENT, another namespace now at the path) is only counted in the
 * {@link Reconciliation}. Neither stops the others.
 *
 * <p>Each held namespace carries its nsid ({@link Namespace#nsid()}): looked up with RTM_GETNSID on
 * an rtnetlink socket opened in the daemon's own namespace when the registry is created, while the
 * namespace file is open briefly. Once assigned an id never changes while the namespace lives, so
 * it is kept; namespaces without one are looked up again at each reconcile. A failed lookup gives 0
 * and is counted in {@link #nsidLookupErrors()}.
 *
 * <p>{@link #reconcile()} runs on one thread at a time (the watcher's); {@link #snapshot()} may be
 * called from any thread.
 */
public final class NamespaceRegistry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NamespaceRegistry.class);

    /** Hears of namespaces as the registry adds and drops them, on the reconciling thread. */
    public interface Listener {
        default void added(Namespace ns) {}

        default void removed(Namespace ns) {}
    }

    /** A namespace that was selected but could not be opened. */
    public record OpenFailure(Namespace namespace, int errno, String message) {}

    /**
     * What one reconcile did.
     *
     * @param failures namespaces that could not be entered (not those that vanished meanwhile)
     * @param vanished selected namespaces gone between scan and open (ENOENT, inode changed)
     * @param unmounted files in bind-mount folders not (yet) holding a namespace
     */
    public record Reconciliation(int added, int removed, int held, List<OpenFailure> failures, int vanished,
            int unmounted, int procDenied) {}

    private final NamespaceDiscovery discovery;
    private final NamespaceSelector selector;
    private final NamespaceSocketOpener opener;
    private final NsidLookup nsids;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final Map<Long, NamespaceHandle> held = new LinkedHashMap<>();
    private final RateLimitedLog openFailureLog = new RateLimitedLog(LOG, 1, TimeUnit.MINUTES);
    private final AtomicLong added = new AtomicLong();
    private final AtomicLong removed = new AtomicLong();
    private final AtomicLong openFailures = new AtomicLong();
    private final AtomicLong reconciles = new AtomicLong();
    private volatile List<NamespaceHandle> snapshot = List.of();
    private boolean closed;

    /**
     * @param receiveTimeoutMillis SO_RCVTIMEO of each socket: a dump that stalls this long fails
     */
    public NamespaceRegistry(NamespaceDiscovery discovery, NamespaceSelector selector, int receiveTimeoutMillis) {
        this.discovery = discovery;
        this.selector = selector;
        this.opener = new NamespaceSocketOpener(receiveTimeoutMillis);
        this.nsids = NsidLookup.open(); // on the constructing thread: the daemon's own namespace
    }

    public NamespaceDiscovery discovery() {
        return discovery;
    }

    public NamespaceSelector selector() {
        return selector;
    }

    public void addListener(Listener l) {
        listeners.add(l);
    }

    /** The namespaces held now, in discovery order; handles dropped later simply report GONE when polled. */
    public List<NamespaceHandle> snapshot() {
        return snapshot;
    }

    /** Scans once and brings the held set in line with it. */
    public synchronized Reconciliation reconcile() throws IOException {
        if (closed) {
            throw new IllegalStateException("namespace registry is closed");
        }
        reconciles.incrementAndGet();
        NamespaceDiscovery.Scan scan = discovery.scan();
        Map<Long, Namespace> wanted = new HashMap<>();
        for (Namespace ns : scan.namespaces().values()) {
            if (selector.matches(ns)) {
                wanted.put(ns.inode(), ns);
            }
        }
        int drops = 0;
        for (var it = held.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            Namespace now = wanted.get(e.getKey());
            NamespaceHandle h = e.getValue();
            if (now != null) {
                int known = h.namespace().nsid();
                now = now.withNsid(known != 0 ? known : nsids.lookup(now.path(), now.inode()));
            }
            if (now == null) {
                it.remove();
                h.retire();
                drops++;
                removed.incrementAndGet();
                for (Listener l : listeners) {
                    l.removed(h.namespace());
                }
            } else if (!now.equals(h.namespace())) {
                h.update(now);
            }
        }
        int adds = 0;
        int vanished = 0;
        List<OpenFailure> failures = new ArrayList<>(0);
        for (Namespace ns : scan.namespaces().values()) {
            if (!wanted.containsKey(ns.inode()) || held.containsKey(ns.inode())) {
                continue;
            }
            NetlinkSocket socket;
            try {
                socket = opener.open(ns);
            } catch (Netns.InodeMismatchException e) {
                vanished++;
                continue;
            } catch (SyscallException e) {
                if (e.errno() == Errno.ENOENT) {
                    vanished++;
                } else {
                    openFailures.incrementAndGet();
                    failures.add(new OpenFailure(ns, e.errno(), e.getMessage()));
                    openFailureLog.warn("cannot open a sock_diag socket in namespace {}: {}", ns, e.getMessage());
                }
                continue;
            } catch (Netns.NamespaceRestoreError e) {
                openFailures.incrementAndGet();
                failures.add(new OpenFailure(ns, 0, e.getMessage()));
                LOG.error("namespace entry thread retired after entering {}: {}", ns, e.getMessage());
                continue;
            }
            Namespace withId = ns.withNsid(nsids.lookup(ns.path(), ns.inode()));
            held.put(ns.inode(), new NamespaceHandle(withId, socket));
            adds++;
            added.incrementAndGet();
            for (Listener l : listeners) {
                l.added(withId);
            }
        }
        snapshot = List.copyOf(held.values());
        if (adds > 0 || drops > 0) {
            LOG.debug("namespaces: +{} -{} = {}", adds, drops, held.size());
        }
        return new Reconciliation(adds, drops, held.size(), failures, vanished, scan.unmounted(), scan.procDenied());
    }

    /** Namespaces added since start. */
    public long added() {
        return added.get();
    }

    /** Namespaces dropped since start. */
    public long removed() {
        return removed.get();
    }

    /** Opens that failed for a reason other than the namespace vanishing. */
    public long openFailures() {
        return openFailures.get();
    }

    public long reconciles() {
        return reconciles.get();
    }

    /** nsid lookups that failed (those namespaces got nsid 0). */
    public long nsidLookupErrors() {
        return nsids.errors();
    }

    /** Entry threads retired because they could not return to the daemon's namespace. */
    public int retiredEntryThreads() {
        return opener.retiredThreads();
    }

    /** Drops every namespace (sockets close once no poll uses them) and ends the entry thread. Idempotent. */
    @Override
    public void close() {
        List<NamespaceHandle> toRetire;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toRetire = new ArrayList<>(held.values());
            held.clear();
            snapshot = List.of();
        }
        toRetire.forEach(NamespaceHandle::retire);
        opener.close();
        nsids.close();
    }
}
