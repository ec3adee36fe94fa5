package io.xtcp.daemon.metrics;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The daemon's metrics: one Prometheus registry and the binders that fill it, one per concern
 * ({@link ProcessMeters}, {@link PollMeters}, {@link SocketMeters}, {@link NetlinkMeters},
 * {@link NamespaceMeters}, {@link DeliveryMeters}, {@link CapabilityMeters}, {@link HttpMeters}),
 * bound here at construction with every family at zero; binders over parts built later
 * ({@link SchedulerMeters}, {@link HealthMeters}, {@link OldGenMeters}) go through {@link #bind}.
 * The daemon records through the binders once per poll or per event, never per socket. What
 * /api/status reads is {@link #status()}. Names are dotted with a base unit
 * ({@code xtcp.poll.duration}); Prometheus sees {@code xtcp_poll_duration_seconds}. Every tag has a
 * bounded set of values; per-namespace series exist only with {@code netnsLabels}. docs/metrics.md
 * lists every family.
 *
 * <p>Thread-safe: any thread may call any method.
 */
public final class XtcpMetrics implements AutoCloseable {
    /** Content type of the Prometheus text format, the default of /metrics. */
    public static final String TEXT_0_0_4 = "text/plain; version=0.0.4; charset=utf-8";
    /** Content type of OpenMetrics text, served when the scraper asks for it. */
    public static final String OPENMETRICS_1_0_0 = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final StatusReadings status = new StatusReadings();
    /** Every binder bound: Micrometer holds the objects meters read only weakly, the binders hold them, this holds the binders. */
    private final List<MeterBinder> bound = new CopyOnWriteArrayList<>();
    private final ProcessMeters process;
    private final PollMeters poll;
    private final SocketMeters sockets;
    private final NetlinkMeters netlink;
    private final NamespaceMeters namespaces;
    private final DeliveryMeters delivery;
    private final CapabilityMeters capabilities;
    private final HttpMeters http;

    /** A registry with the JVM and process meters and every xtcp family at zero. */
    public XtcpMetrics(String version, boolean netnsLabels) {
        process = bind(new ProcessMeters(version)); // first: it installs the registry's meter filters
        poll = bind(new PollMeters(status));
        sockets = bind(new SocketMeters(status));
        netlink = bind(new NetlinkMeters());
        namespaces = bind(new NamespaceMeters(status, netnsLabels));
        http = bind(new HttpMeters(status));
        delivery = bind(new DeliveryMeters(status));
        capabilities = bind(new CapabilityMeters());
    }

    /** Binds {@code binder} to the registry and holds it (and so what its meters read) as long as these metrics. */
    public <B extends MeterBinder> B bind(B binder) {
        binder.bindTo(registry);
        bound.add(binder);
        return binder;
    }

    /** The binders bound so far, in order: MetricsDocCoverageTest checks that none of the package is left out. */
    List<MeterBinder> binders() {
        return List.copyOf(bound);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** What /api/status reads. */
    public StatusReadings status() {
        return status;
    }

    public PollMeters poll() {
        return poll;
    }

    public SocketMeters sockets() {
        return sockets;
    }

    public NetlinkMeters netlink() {
        return netlink;
    }

    public NamespaceMeters namespaces() {
        return namespaces;
    }

    public DeliveryMeters delivery() {
        return delivery;
    }

    public CapabilityMeters capabilities() {
        return capabilities;
    }

    public HttpMeters http() {
        return http;
    }

    /**
     * Writes every meter in the format the {@code Accept} header asks for: OpenMetrics when it
     * names application/openmetrics-text, otherwise the Prometheus text format 0.0.4. Returns the
     * content type written.
     */
    public String scrape(String accept, OutputStream out) throws IOException {
        String type = accept != null && accept.toLowerCase(Locale.ROOT).contains("application/openmetrics-text")
                ? OPENMETRICS_1_0_0 : TEXT_0_0_4;
        registry.scrape(out, type);
        return type;
    }

    /** The text format, for tests and logs. */
    public String scrape() {
        return registry.scrape(TEXT_0_0_4);
    }

    @Override
    public void close() {
        process.close();
        registry.close();
    }
}
