package io.xtcp.daemon.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.core.metrics.Info;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * The JVM and the process: Micrometer's own JVM and system binders, {@code process_cpu_seconds_total}
 * under the name Prometheus' clients use, and {@code xtcp_build_info{version, java_version}}. Two
 * binder meters fail {@code promtool check metrics} lint, so this binder also installs the filters
 * that drop {@code process.cpu.time} and rename {@code system.cpu.count}: bind it first, before any
 * other meter is registered. Close it to stop the GC listener.
 */
public final class ProcessMeters implements MeterBinder, AutoCloseable {
    private final String version;
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();

    /** @param version the running xtcp build's version */
    public ProcessMeters(String version) {
        this.version = version;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        registry.config().meterFilter(MeterFilter.deny(id -> id.getName().equals("process.cpu.time")));
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                return id.getName().equals("system.cpu.count") ? id.withName("system.cpus.available") : id;
            }
        });
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean) {
            com.sun.management.OperatingSystemMXBean sun = (com.sun.management.OperatingSystemMXBean) os;
            FunctionCounter.builder("process.cpu", sun, b -> Math.max(0, b.getProcessCpuTime()) / 1e9).baseUnit("seconds")
                    .description("CPU time the process used").register(registry);
        }
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        if (registry instanceof PrometheusMeterRegistry) { // an info metric has no Micrometer type
            Info.builder().name("xtcp_build_info").help("The running xtcp build; the value is always 1.")
                    .labelNames("version", "java_version").register(((PrometheusMeterRegistry) registry).getPrometheusRegistry())
                    .setLabelValues(version, System.getProperty("java.version", "unknown"));
        }
    }

    @Override
    public void close() {
        gcMetrics.close();
    }
}
