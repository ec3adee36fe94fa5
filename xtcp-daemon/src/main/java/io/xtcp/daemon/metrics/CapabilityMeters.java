package io.xtcp.daemon.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code xtcp.capability{capability}}: 1 when the daemon holds a capability this configuration
 * uses, 0 when it does not (a 0 is worth an alert). A series appears when the daemon reports the
 * capability at start.
 */
public final class CapabilityMeters implements MeterBinder {
    private final TagValues names = new TagValues(16);
    private final Map<String, AtomicLong> values = new ConcurrentHashMap<>();
    private MeterRegistry registry;

    @Override
    public void bindTo(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Whether a capability the daemon uses is held (CAP_NET_ADMIN, CAP_SYS_ADMIN, ...). */
    public void held(String name, boolean present) {
        values.computeIfAbsent(names.of(name), n -> {
            AtomicLong a = new AtomicLong();
            Gauge.builder("xtcp.capability", a, AtomicLong::get).tag("capability", n)
                    .description("1 when the daemon holds the capability, 0 when it does not").register(registry);
            return a;
        }).set(present ? 1 : 0);
    }
}
