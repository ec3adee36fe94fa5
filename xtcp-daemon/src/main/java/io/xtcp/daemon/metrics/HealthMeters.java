package io.xtcp.daemon.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The daemon's health as meters, read at scrape time from the one definition (io.xtcp.daemon.run.Health):
 * {@code xtcp_ready} and {@code xtcp_live} (0/1), and {@code xtcp_component_restarts_total{component}}
 * for each supervised part, at zero from the start. Holds its suppliers (Micrometer holds them weakly).
 */
final class HealthMeters {
    private final BooleanSupplier ready;
    private final BooleanSupplier live;
    private final Map<String, LongSupplier> restarts;

    HealthMeters(MeterRegistry registry, BooleanSupplier ready, BooleanSupplier live, Map<String, LongSupplier> restarts) {
        this.ready = ready;
        this.live = live;
        this.restarts = new TreeMap<>(restarts);
        Gauge.builder("xtcp.ready", this.ready, r -> r.getAsBoolean() ? 1 : 0)
                .description("1 while /readyz answers 200: live, a recent successful poll, every destination delivering").register(registry);
        Gauge.builder("xtcp.live", this.live, l -> l.getAsBoolean() ? 1 : 0)
                .description("1 while /healthz answers 200: scheduler and poll workers alive and not stuck, no destination dead")
                .register(registry);
        this.restarts.forEach((component, count) -> FunctionCounter.builder("xtcp.component.restarts", count, LongSupplier::getAsLong)
                .tag("component", component).description("Threads of a component restarted after they died").register(registry));
    }
}
