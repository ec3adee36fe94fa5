package io.xtcp.daemon.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.LongSupplier;

/**
 * The old-generation trigger (--old-gen-headroom), read at scrape time: the full collections it
 * asked for ({@code xtcp.jvm.old.gen.collections}) and its current limit
 * ({@code xtcp.jvm.old.gen.limit}). Holds its suppliers (Micrometer holds them weakly).
 */
public final class OldGenMeters implements MeterBinder {
    private final LongSupplier collections;
    private final LongSupplier limitBytes;

    /**
     * @param collections {@code trigger::collections}
     * @param limitBytes  {@code trigger::limitBytes}
     */
    public OldGenMeters(LongSupplier collections, LongSupplier limitBytes) {
        this.collections = collections;
        this.limitBytes = limitBytes;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("xtcp.jvm.old.gen.collections", collections, LongSupplier::getAsLong)
                .description("Full collections asked for because the old generation outgrew --old-gen-headroom").register(registry);
        Gauge.builder("xtcp.jvm.old.gen.limit", limitBytes, LongSupplier::getAsLong).baseUnit("bytes")
                .description("Old generation size above which the next young collection asks for a full one").register(registry);
    }
}
