package io.xtcp.daemon.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The daemon's health as meters, read at scrape time from the one definition (io.xtcp.daemon.run.Health):
 * {@code xtcp_ready} and {@code xtcp_live} (0/1), and {@code xtcp_component_restarts_total{component}}
 * for each supervised part, at zero from the start. Holds its suppliers (Micrometer holds them
 * weakly); bind it with {@link XtcpMetrics#bind}, which holds the binder.
 */
public final class HealthMeters implements MeterBinder {
    private final BooleanSupplier ready;
    private final BooleanSupplier live;
    private final Map<String, LongSupplier> restarts;

    /**
     * @param ready    whether /readyz answers 200
     * @param live     whether /healthz answers 200
     * @param restarts each supervised component's restart count
     */
    public HealthMeters(BooleanSupplier ready, BooleanSupplier live, Map<String, LongSupplier> restarts) {
        this.ready = ready;
        this.live = live;
        this.restarts = new TreeMap<>(restarts);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("xtcp.ready", ready, r -> r.getAsBoolean() ? 1 : 0)
                .description("1 while /readyz answers 200: live, a recent successful poll, every destination delivering").register(registry);
        Gauge.builder("xtcp.live", live, l -> l.getAsBoolean() ? 1 : 0)
                .description("1 while /healthz answers 200: scheduler and poll workers alive and not stuck, no destination dead")
                .register(registry);
        restarts.forEach((component, count) -> FunctionCounter.builder("xtcp.component.restarts", count, LongSupplier::getAsLong)
                .tag("component", component).description("Threads of a component restarted after they died").register(registry));
    }
}
