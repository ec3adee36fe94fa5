package io.xtcp.daemon.heap;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects the serial collector's old generation once it holds {@code headroom} bytes more than
 * the last full collection left live, in use or committed ({@link OldGenPolicy}).
 *
 * <p>Why: objects larger than a survivor space that are still referenced at a young collection
 * (an envelope waiting in the queue, a Kafka producer's batch buffer in flight) are promoted,
 * and die there soon after. JDK 17's serial collector follows a young collection that had to
 * expand the old generation with a full one; from JDK 23 on it keeps expanding the old generation
 * up to {@code -Xmx} and collects it only then, so the process holds the whole heap in dead
 * buffers. This listens to the JVM's own end-of-collection notifications and, after a young
 * collection that left the old generation above the limit, asks for a full collection on a thread
 * of its own; the collector then gives the freed heap back ({@code MaxHeapFreeRatio}, at once
 * with the launcher's {@code -XX:-ShrinkHeapInSteps}).
 *
 * <p>Off with any other collector (no "Tenured Gen" pool), with {@code -XX:+DisableExplicitGC}
 * (the request would do nothing), or with a headroom of 0.
 */
public final class OldGenTrigger implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OldGenTrigger.class);
    /** The serial collector's old generation, as java.lang.management names it. */
    static final String SERIAL_OLD_POOL = "Tenured Gen";
    private static final long MIN_GAP_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final OldGenPolicy policy;
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener = this::onCollection;
    private final Semaphore due = new Semaphore(0);
    private final AtomicLong requested = new AtomicLong();
    private final Thread collector;
    private volatile boolean closed;

    private OldGenTrigger(long headroom, long minGapNanos) {
        this.policy = new OldGenPolicy(headroom, minGapNanos);
        this.collector = new Thread(this::collectWhenDue, "xtcp-old-gen");
        collector.setDaemon(true);
    }

    /**
     * Starts watching the old generation, or returns null (and logs why) when it does not apply:
     * headroom 0, a collector other than the serial one, or explicit collections disabled.
     */
    public static OldGenTrigger start(long headroom) {
        return start(headroom, MIN_GAP_NANOS);
    }

    static OldGenTrigger start(long headroom, long minGapNanos) {
        if (headroom <= 0) {
            return null;
        }
        boolean serial = ManagementFactory.getMemoryPoolMXBeans().stream()
                .anyMatch(p -> p.getType() == MemoryType.HEAP && p.getName().equals(SERIAL_OLD_POOL));
        if (!serial) {
            LOG.debug("--old-gen-headroom: not the serial collector, nothing to do");
            return null;
        }
        if (explicitGcDisabled()) {
            LOG.warn("--old-gen-headroom: -XX:+DisableExplicitGC is set, so the old generation grows up to -Xmx before it is collected");
            return null;
        }
        OldGenTrigger t = new OldGenTrigger(headroom, minGapNanos);
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter) {
                NotificationEmitter e = (NotificationEmitter) gc;
                e.addNotificationListener(t.listener, null, null);
                t.emitters.add(e);
            }
        }
        t.collector.start();
        return t;
    }

    private static boolean explicitGcDisabled() {
        try {
            HotSpotDiagnosticMXBean hs = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return hs != null && Boolean.parseBoolean(hs.getVMOption("DisableExplicitGC").getValue());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private void onCollection(Notification n, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        MemoryUsage after = info.getGcInfo().getMemoryUsageAfterGc().get(SERIAL_OLD_POOL);
        if (after == null) {
            return;
        }
        boolean collect;
        synchronized (policy) {
            if (info.getGcAction().contains("major")) {
                policy.afterFull(after.getUsed(), after.getCommitted());
                collect = false;
            } else {
                collect = policy.afterYoung(after.getUsed(), after.getCommitted(), System.nanoTime());
            }
        }
        if (collect) {
            due.release();
        }
    }

    private void collectWhenDue() {
        try {
            while (!closed) {
                due.acquire();
                due.drainPermits();
                if (closed) {
                    return;
                }
                requested.incrementAndGet();
                System.gc();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Full collections this asked for. */
    public long collections() {
        return requested.get();
    }

    /** The old generation's size that makes the next young collection ask for a full one. */
    public long limitBytes() {
        synchronized (policy) {
            return policy.limit();
        }
    }

    @Override
    public void close() {
        closed = true;
        for (NotificationEmitter e : emitters) {
            try {
                e.removeNotificationListener(listener);
            } catch (ListenerNotFoundException ignored) {
                // already gone
            }
        }
        collector.interrupt();
    }
}
