package io.xtcp.daemon.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The network namespaces polled: {@code xtcp.namespaces.active}, {@code .added}, {@code .removed},
 * and with {@code --metrics-netns-labels} only, {@code xtcp.namespace.sockets{netns}}, whose series
 * goes when its namespace does (a namespace name is the one tag of unbounded cardinality, so it is
 * opt-in).
 */
public final class NamespaceMeters implements MeterBinder {
    private final StatusReadings status;
    private final boolean labelled;
    private final Map<String, AtomicLong> sockets = new ConcurrentHashMap<>();
    private final Map<String, Meter> perNamespace = new ConcurrentHashMap<>();
    private MeterRegistry registry;
    private Counter added;
    private Counter removed;

    /** @param labelled whether each namespace has its own series (--metrics-netns-labels) */
    public NamespaceMeters(StatusReadings status, boolean labelled) {
        this.status = status;
        this.labelled = labelled;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("xtcp.namespaces.active", status.namespacesActive, AtomicLong::get)
                .description("Network namespaces being polled").register(registry);
        added = Counter.builder("xtcp.namespaces.added").description("Network namespaces that appeared").register(registry);
        removed = Counter.builder("xtcp.namespaces.removed").description("Network namespaces that went away").register(registry);
    }

    /** The number of namespaces being polled now. */
    public void active(int active) {
        status.namespacesActive.set(active);
    }

    public void added(String name) {
        added.increment();
    }

    public void removed(String name) {
        removed.increment();
        if (labelled && name != null) {
            Meter m = perNamespace.remove(name);
            if (m != null) {
                registry.remove(m);
            }
            sockets.remove(name);
        }
    }

    /** Sockets one namespace had in the last poll; a series only with per-namespace labels on. */
    public void sockets(String name, long count) {
        if (!labelled || name == null) {
            return;
        }
        sockets.computeIfAbsent(name, n -> {
            AtomicLong a = new AtomicLong();
            perNamespace.put(n, Gauge.builder("xtcp.namespace.sockets", a, AtomicLong::get).tag("netns", n)
                    .description("Sockets seen by the last poll in one namespace (--metrics-netns-labels)").register(registry));
            return a;
        }).set(count);
    }

    /** Whether each namespace has its own series. */
    public boolean labelled() {
        return labelled;
    }
}
