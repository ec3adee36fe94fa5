package io.xtcp.daemon.netns;

import io.xtcp.core.log.RateLimitedLog;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a {@link NamespaceRegistry} current. A {@link WatchService} (inotify on Linux) on the
 * bind-mount folders wakes it when a file is created or deleted there, so {@code ip netns add} and
 * docker's sandboxes are picked up within milliseconds; a full reconcile every interval is the
 * safety net and the only way namespaces held just by processes ({@code /proc/PID/ns/net}, e.g.
 * {@code unshare -n}) are found or dropped.
 *
 * <p>{@code ip netns add} creates the file before it mounts the namespace over it: a reconcile that
 * sees such an unmounted file retries every {@value #MIN_GAP_MILLIS} ms for up to a second. A folder
 * that does not exist yet is watched from the first reconcile after it appears. Reconciles driven
 * by events start at least {@value #MIN_GAP_MILLIS} ms apart, so constant churn costs at most 20
 * scans a second.
 *
 * <p>One platform thread, {@code xtcp-netns-watch}, runs every reconcile (plus the JDK's own
 * inotify thread); {@link #close()} ends both.
 */
public final class NamespaceWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NamespaceWatcher.class);
    /** Events arriving together (a batch of ip netns add) are handled in one reconcile. */
    static final long SETTLE_MILLIS = 10;
    static final long MIN_GAP_MILLIS = 50;
    static final long RETRY_WINDOW_MILLIS = 1000;

    private final NamespaceRegistry registry;
    private final long intervalNanos;
    private final WatchService watch;
    private final Map<Path, WatchKey> watched = new HashMap<>();
    private final RateLimitedLog failureLog = new RateLimitedLog(LOG, 1, TimeUnit.MINUTES);
    private final Thread thread;
    private volatile boolean closed;

    private NamespaceWatcher(NamespaceRegistry registry, Duration reconcileInterval) throws IOException {
        this.registry = registry;
        this.intervalNanos = reconcileInterval.toNanos();
        this.watch = FileSystems.getDefault().newWatchService();
        this.thread = new Thread(this::loop, "xtcp-netns-watch");
        thread.setDaemon(true);
    }

    /**
     * Reconciles once on the calling thread (so the registry is filled when this returns), then
     * keeps it current on a thread of its own.
     */
    public static NamespaceWatcher start(NamespaceRegistry registry, Duration reconcileInterval) throws IOException {
        NamespaceWatcher w = new NamespaceWatcher(registry, reconcileInterval);
        try {
            w.watchFolders();
            registry.reconcile();
        } catch (IOException | RuntimeException e) {
            w.watch.close();
            throw e;
        }
        w.thread.start();
        return w;
    }

    private void loop() {
        long next = System.nanoTime() + intervalNanos;
        long earliest = System.nanoTime(); // event-driven reconciles start no sooner
        boolean retry = false; // an unmounted file was seen after an event: look again soon
        long retryUntil = 0;
        while (!closed) {
            try {
                long now = System.nanoTime();
                boolean retrying = retry && now - retryUntil < 0;
                long wait = retrying ? Math.max(0, earliest - now) : Math.max(0, next - now);
                WatchKey key = watch.poll(wait, TimeUnit.NANOSECONDS);
                if (key != null) {
                    Thread.sleep(Math.max(SETTLE_MILLIS, TimeUnit.NANOSECONDS.toMillis(earliest - System.nanoTime())));
                    drain(key);
                    for (WatchKey k; (k = watch.poll()) != null; ) {
                        drain(k);
                    }
                    retry = true;
                    retryUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RETRY_WINDOW_MILLIS);
                } else if (!retrying && System.nanoTime() - next < 0) {
                    continue;
                }
                watchFolders();
                NamespaceRegistry.Reconciliation r = registry.reconcile();
                if (r.unmounted() == 0) {
                    retry = false;
                }
                now = System.nanoTime();
                next = now + intervalNanos;
                earliest = now + TimeUnit.MILLISECONDS.toNanos(MIN_GAP_MILLIS);
            } catch (ClosedWatchServiceException | InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                if (closed) {
                    return; // close() interrupted a reconcile
                }
                failureLog.warn("namespace reconcile failed: {}", String.valueOf(e));
            }
        }
    }

    private void drain(WatchKey key) {
        key.pollEvents();
        if (!key.reset()) {
            watched.values().remove(key); // the folder was deleted; watched again once it is back
        }
    }

    /** Watches each configured folder that exists and is not watched yet. */
    private void watchFolders() throws IOException {
        for (Path dir : registry.discovery().bindMountDirs()) {
            WatchKey k = watched.get(dir);
            if ((k == null || !k.isValid()) && Files.isDirectory(dir)) {
                watched.put(dir, dir.register(watch, StandardWatchEventKinds.ENTRY_CREATE,
                        StandardWatchEventKinds.ENTRY_DELETE));
            }
        }
    }

    /** Ends the thread and the inotify watch; does not close the registry. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            watch.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
