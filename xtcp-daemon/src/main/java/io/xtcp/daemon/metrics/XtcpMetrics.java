package io.xtcp.daemon.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.core.metrics.Info;
import io.xtcp.core.linux.Errno;
import io.xtcp.core.netlink.DumpStats;
import io.xtcp.core.netlink.TcpState;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * The daemon's metrics: one Prometheus registry with JVM and process meters, and plain methods
 * the daemon calls once per poll or per event (never per socket). Names are dotted with a base
 * unit ({@code xtcp.poll.duration}); Prometheus sees {@code xtcp_poll_duration_seconds}. Every
 * tag has a bounded set of values; per-namespace series exist only with {@code netnsLabels}.
 * docs/metrics.md lists every family.
 *
 * <p>Thread-safe: any thread may call any method.
 */
public final class XtcpMetrics implements AutoCloseable {
    /** The {@code result} tag of {@code xtcp.polls}. */
    public static final List<String> POLL_RESULTS = List.of("ok", "error", "timeout");
    /** Content type of the Prometheus text format, the default of /metrics. */
    public static final String TEXT_0_0_4 = "text/plain; version=0.0.4; charset=utf-8";
    /** Content type of OpenMetrics text, served when the scraper asks for it. */
    public static final String OPENMETRICS_1_0_0 = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    /** Buckets of the poll-duration histogram: a loopback poll takes ms, a host with 1M sockets seconds. */
    static final Duration[] POLL_BUCKETS = {
        Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60),
    };
    /** TCP states with a series in {@code xtcp.sockets}: ESTABLISHED (1) … BOUND_INACTIVE (13). */
    static final int MAX_STATE = 13;
    /**
     * Drop reasons registered at zero from the start, so the first drop shows up in rate()/increase();
     * other reasons passed to {@link #recordsDropped} appear when first used.
     */
    public static final List<String> DROP_REASONS = List.of("queue_full", "spool_full", "send_failed", "shutdown", "too_large",
            "unreachable", "undelivered", "refused", "malformed", "sink_dead");
    /** Message types of {@code xtcp.netlink.messages}. */
    static final List<String> MESSAGE_TYPES = List.of("sock_diag", "control", "error", "unexpected", "foreign");

    private final PrometheusMeterRegistry registry;
    private final boolean netnsLabels;
    private final JvmGcMetrics gcMetrics;
    private final long startMillis = System.currentTimeMillis();

    private final Timer pollDuration;
    private final Map<String, Counter> polls = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> pollCounts = new ConcurrentHashMap<>();
    private final Counter overruns;
    /** Suppliers bound as meters: Micrometer holds the objects it reads only weakly, so they are held here. */
    private final List<Object> bound = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicLong intervalNanos = new AtomicLong();
    private final AtomicLong timeoutNanos = new AtomicLong();
    private final AtomicLong lastDurationNanos = new AtomicLong();
    private final AtomicLong lastPollMillis = new AtomicLong();
    private final AtomicLong lastSuccessMillis = new AtomicLong();
    private final AtomicLong startToFirstPollMillis = new AtomicLong();
    private final AtomicLongArray socketsByState = new AtomicLongArray(MAX_STATE + 1);
    private final AtomicLong socketsLastPoll = new AtomicLong();

    private final AtomicLongArray rttCumulative = new AtomicLongArray(SocketAggregates.RTT_BOUNDS_MICROS.length + 1);
    private final AtomicLong retransmitting = new AtomicLong();
    private final AtomicLong retransSegments = new AtomicLong();
    private final Counter encoded;
    private final Counter netlinkBytes;
    private final Counter netlinkReceives;
    private final Counter netlinkDumps;
    private final Counter netlinkInterrupted;
    private final Counter[] messages = new Counter[MESSAGE_TYPES.size()];
    private final Counter malformedMessages;
    private final Counter shortMessages;
    private final Counter malformedAttributes;
    private final Counter unknownAttributes;
    private final Counter sequenceMismatches;
    private final Counter unexpectedTypes;
    private final TagValues errnos = new TagValues(32);
    private final TagValues stages = new TagValues(8);

    private final AtomicLong namespacesActive = new AtomicLong();
    private final Counter namespacesAdded;
    private final Counter namespacesRemoved;
    private final Map<String, AtomicLong> namespaceSockets = new ConcurrentHashMap<>();
    private final Map<String, Meter> namespaceMeters = new ConcurrentHashMap<>();

    private final TagValues schemes = new TagValues(8);
    private final TagValues dropReasons = new TagValues(16);
    private final TagValues errorKinds = new TagValues(16);
    private final TagValues capabilities = new TagValues(16);
    private final Map<String, AtomicLong> capabilityValues = new ConcurrentHashMap<>();
    private final Map<String, SinkMeters> sinks = new ConcurrentHashMap<>();
    private final AtomicLong droppedTotal = new AtomicLong();

    private final TagValues routes = new TagValues(24);
    private final AtomicLong streamClients = new AtomicLong();
    private final Counter streamDropped;
    private final Counter streamMessages;

    /** A registry with the JVM and process meters and every xtcp family at zero. */
    public XtcpMetrics(String version, boolean netnsLabels) {
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        this.netnsLabels = netnsLabels;
        // Two binder meters fail `promtool check metrics` lint: replace them with conventional names.
        registry.config().meterFilter(MeterFilter.deny(id -> id.getName().equals("process.cpu.time")));
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                return id.getName().equals("system.cpu.count") ? id.withName("system.cpus.available") : id;
            }
        });
        bindProcessCpuSeconds();
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gcMetrics = new JvmGcMetrics();
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);

        Info.builder().name("xtcp_build_info").help("The running xtcp build; the value is always 1.")
                .labelNames("version", "java_version").register(registry.getPrometheusRegistry())
                .setLabelValues(version, System.getProperty("java.version", "unknown"));

        pollDuration = Timer.builder("xtcp.poll.duration").description("Time of one poll cycle of every namespace")
                .serviceLevelObjectives(POLL_BUCKETS).register(registry);
        for (String r : POLL_RESULTS) {
            polls.put(r, Counter.builder("xtcp.polls").description("Poll cycles by result").tag("result", r).register(registry));
            pollCounts.put(r, new AtomicLong());
        }
        overruns = Counter.builder("xtcp.poll.overruns").description("Poll cycles that took longer than the poll interval")
                .register(registry);
        Gauge.builder("xtcp.poll.interval", intervalNanos, a -> a.get() / 1e9).baseUnit("seconds")
                .description("The configured time between polls").register(registry);
        Gauge.builder("xtcp.poll.timeout", timeoutNanos, a -> a.get() / 1e9).baseUnit("seconds")
                .description("The configured deadline of one poll cycle").register(registry);
        Gauge.builder("xtcp.poll.last.duration", lastDurationNanos, a -> a.get() / 1e9).baseUnit("seconds")
                .description("Time the last poll cycle took").register(registry);
        Gauge.builder("xtcp.poll.last.success.timestamp", lastSuccessMillis, a -> a.get() / 1e3).baseUnit("seconds")
                .description("Unix time the last successful poll cycle ended; 0 before the first").register(registry);
        Gauge.builder("xtcp.start.to.first.poll", startToFirstPollMillis, a -> a.get() / 1e3).baseUnit("seconds")
                .description("Time from the process start to the end of the first successful poll, its records handed to the "
                        + "destination; 0 before it").register(registry);
        for (int s = 1; s <= MAX_STATE; s++) {
            final int state = s;
            Gauge.builder("xtcp.sockets", socketsByState, a -> a.get(state)).tag("state", TcpState.name(s).toLowerCase(Locale.ROOT))
                    .description("Sockets seen by the last poll, by TCP state").register(registry);
        }

        for (int i = 0; i <= SocketAggregates.RTT_BOUNDS_MICROS.length; i++) {
            final int b = i;
            String le = i < SocketAggregates.RTT_BOUNDS_MICROS.length
                    ? Double.toString(SocketAggregates.RTT_BOUNDS_MICROS[i] / 1e6) : "+Inf";
            Gauge.builder("xtcp.sockets.rtt", rttCumulative, a -> a.get(b)).baseUnit("seconds").tag("upper_bound", le)
                    .description("Sockets of the last poll with a smoothed RTT at or below upper_bound (cumulative buckets)")
                    .register(registry);
        }
        Gauge.builder("xtcp.sockets.retransmitting", retransmitting, AtomicLong::get)
                .description("Sockets of the last poll in retransmission (tcpi_retransmits > 0)").register(registry);
        Gauge.builder("xtcp.sockets.retrans.segments", retransSegments, AtomicLong::get)
                .description("Sum of tcpi_total_retrans over the sockets of the last poll").register(registry);
        encoded = Counter.builder("xtcp.encoded").baseUnit("records").description("Records encoded for the destination")
                .register(registry);
        netlinkBytes = Counter.builder("xtcp.netlink.received").baseUnit("bytes").description("Bytes read from netlink sockets")
                .register(registry);
        netlinkReceives = Counter.builder("xtcp.netlink.receives").description("recv calls on netlink sockets that returned data")
                .register(registry);
        netlinkDumps = Counter.builder("xtcp.netlink.dumps").description("inet_diag dumps run (one per namespace per poll)")
                .register(registry);
        netlinkInterrupted = Counter.builder("xtcp.netlink.interrupted")
                .description("Dumps the kernel flagged NLM_F_DUMP_INTR (the table changed during the walk)").register(registry);
        for (int i = 0; i < MESSAGE_TYPES.size(); i++) {
            messages[i] = Counter.builder("xtcp.netlink.messages").tag("type", MESSAGE_TYPES.get(i))
                    .description("Netlink messages received, by type").register(registry);
        }
        malformedMessages = problem("malformed_message");
        shortMessages = problem("short_message");
        malformedAttributes = problem("malformed_attribute");
        unknownAttributes = problem("unknown_attribute");
        sequenceMismatches = problem("sequence_mismatch");
        unexpectedTypes = problem("unexpected_type");

        Gauge.builder("xtcp.namespaces.active", namespacesActive, AtomicLong::get)
                .description("Network namespaces being polled").register(registry);
        namespacesAdded = Counter.builder("xtcp.namespaces.added").description("Network namespaces that appeared").register(registry);
        namespacesRemoved = Counter.builder("xtcp.namespaces.removed").description("Network namespaces that went away")
                .register(registry);

        Gauge.builder("xtcp.stream.clients", streamClients, AtomicLong::get).description("WebSocket /stream clients connected")
                .register(registry);
        streamDropped = Counter.builder("xtcp.stream.dropped")
                .description("WebSocket /stream clients disconnected for not keeping up").register(registry);
        for (String reason : DROP_REASONS) {
            dropCounter(dropReasons.of(reason));
        }
        streamMessages = Counter.builder("xtcp.stream.messages").description("WebSocket /stream messages sent").register(registry);
    }

    /** {@code process_cpu_seconds_total}, the name Prometheus' own clients use. */
    private void bindProcessCpuSeconds() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean) {
            com.sun.management.OperatingSystemMXBean sun = (com.sun.management.OperatingSystemMXBean) os;
            FunctionCounter.builder("process.cpu", sun, b -> Math.max(0, b.getProcessCpuTime()) / 1e9).baseUnit("seconds")
                    .description("CPU time the process used").register(registry);
        }
    }

    private Counter problem(String kind) {
        return Counter.builder("xtcp.parse.problems").tag("kind", kind)
                .description("Netlink input counted and skipped, by kind").register(registry);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    // ---------------------------------------------------------------- poll

    /** The configured interval and deadline, for the overrun count and the alert rules. */
    public void pollSchedule(Duration interval, Duration timeout) {
        intervalNanos.set(interval.toNanos());
        timeoutNanos.set(timeout.toNanos());
    }

    /**
     * Once after each poll cycle.
     *
     * @param durationNanos   how long the cycle took
     * @param result          ok, error or timeout (anything else counts as error)
     * @param socketsByState  sockets seen, indexed by TCP state number (index 1 = ESTABLISHED); may be null
     *                        (then the sockets total comes from {@code delta})
     * @param delta           netlink counters of this cycle (see {@link DumpStatsDelta}); may be null
     */
    public void onPoll(long durationNanos, String result, int[] socketsByState, DumpStats delta) {
        String r = POLL_RESULTS.contains(result) ? result : "error";
        pollDuration.record(durationNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
        polls.get(r).increment();
        pollCounts.get(r).incrementAndGet();
        long interval = intervalNanos.get();
        if (interval > 0 && durationNanos > interval) {
            overruns.increment();
        }
        lastDurationNanos.set(durationNanos);
        long now = System.currentTimeMillis();
        lastPollMillis.set(now);
        if (r.equals("ok")) {
            lastSuccessMillis.set(now);
        }
        if (socketsByState != null) {
            long total = 0;
            for (int s = 1; s <= MAX_STATE; s++) {
                long n = s < socketsByState.length ? socketsByState[s] : 0;
                this.socketsByState.set(s, n);
                total += n;
            }
            socketsLastPoll.set(total);
        } else if (delta != null) {
            socketsLastPoll.set(delta.sockets);
        }
        if (delta != null) {
            onDumpStats(delta);
        }
    }

    /** Once, when the first successful poll has handed its records to the destination: seconds since the process started. */
    public void startToFirstPoll(double seconds) {
        startToFirstPollMillis.set(Math.round(seconds * 1e3));
    }

    /** Seconds from the process start to the first successful poll; 0 before it. */
    public double startToFirstPollSeconds() {
        return startToFirstPollMillis.get() / 1e3;
    }

    /** Once after each poll: the RTT distribution and retransmissions of its sockets. */
    public void onPollSockets(SocketAggregates a) {
        long cumulative = 0;
        for (int i = 0; i < a.rttBuckets.length; i++) {
            cumulative += a.rttBuckets[i];
            rttCumulative.set(i, cumulative);
        }
        retransmitting.set(a.retransmitting);
        retransSegments.set(a.retransSegments);
    }

    private void onDumpStats(DumpStats d) {
        add(netlinkBytes, d.bytes);
        add(netlinkReceives, d.datagrams);
        add(netlinkDumps, d.dumps);
        add(netlinkInterrupted, d.interrupted);
        long sockDiag = d.sockets + d.shortMessages;
        long control = d.messages - sockDiag - d.errors - d.unexpectedTypes - d.sequenceMismatches;
        add(messages[0], sockDiag);
        add(messages[1], control);
        add(messages[2], d.errors);
        add(messages[3], d.unexpectedTypes);
        add(messages[4], d.sequenceMismatches);
        add(malformedMessages, d.malformedMessages);
        add(shortMessages, d.shortMessages);
        add(malformedAttributes, d.malformedAttributes);
        add(unknownAttributes, d.unknownAttributes);
        add(sequenceMismatches, d.sequenceMismatches);
        add(unexpectedTypes, d.unexpectedTypes);
        if (d.errors > 0) {
            netlinkError("dump", d.lastErrno, d.errors);
        }
    }

    private static void add(Counter c, long n) {
        if (n > 0) {
            c.increment(n);
        }
    }

    /** Records encoded for the destination (per poll or per envelope). */
    public void recordsEncoded(long records) {
        add(encoded, records);
    }

    /**
     * A netlink or namespace failure outside the dump walk.
     *
     * @param stage where: open, setns, send, recv, dump (an NLMSG_ERROR reply), ...
     * @param errno the positive errno
     */
    public void netlinkError(String stage, int errno, long count) {
        if (count <= 0) {
            return;
        }
        Counter.builder("xtcp.netlink.errors").tag("stage", stages.of(stage)).tag("errno", errnos.of(Errno.name(errno)))
                .description("Netlink failures by stage and errno").register(registry).increment(count);
    }

    /**
     * Binds the scheduler's own cumulative counts (its skipped ticks and triggered polls) as
     * counters, read at scrape time.
     */
    public void bindScheduler(LongSupplier skippedTicks, LongSupplier triggeredPolls) {
        functionCounter("xtcp.poll.skipped", "Scheduled ticks skipped because the previous poll was still running", skippedTicks);
        functionCounter("xtcp.poll.triggered", "Extra polls asked for (POST /api/poll)", triggeredPolls);
    }

    /**
     * Binds the health gauges ({@code xtcp_ready}, {@code xtcp_live}) and one restart counter per
     * supervised component, read at scrape time (see {@link HealthMeters}).
     */
    public void bindHealth(java.util.function.BooleanSupplier ready, java.util.function.BooleanSupplier live,
            Map<String, LongSupplier> restartsByComponent) {
        bound.add(new HealthMeters(registry, ready, live, restartsByComponent));
    }

    /** Binds the old-generation trigger's count of full collections asked for and its current limit. */
    public void bindOldGenTrigger(LongSupplier collections, LongSupplier limitBytes) {
        functionCounter("xtcp.jvm.old.gen.collections", "Full collections asked for because the old generation outgrew --old-gen-headroom",
                collections);
        bound.add(limitBytes);
        Gauge.builder("xtcp.jvm.old.gen.limit", limitBytes, LongSupplier::getAsLong).baseUnit("bytes")
                .description("Old generation size above which the next young collection asks for a full one").register(registry);
    }

    /** A counter read from {@code count} at scrape time; the supplier is held here (Micrometer holds it weakly). */
    private void functionCounter(String name, String description, LongSupplier count) {
        bound.add(count);
        FunctionCounter.builder(name, count, LongSupplier::getAsLong).description(description).register(registry);
    }

    // ---------------------------------------------------------------- namespaces

    /** The number of namespaces being polled now. */
    public void namespaces(int active) {
        namespacesActive.set(active);
    }

    public void namespaceAdded(String name) {
        namespacesAdded.increment();
    }

    public void namespaceRemoved(String name) {
        namespacesRemoved.increment();
        if (netnsLabels && name != null) {
            Meter m = namespaceMeters.remove(name);
            if (m != null) {
                registry.remove(m);
            }
            namespaceSockets.remove(name);
        }
    }

    /** Sockets one namespace had in the last poll; a series only with per-namespace labels on. */
    public void namespaceSockets(String name, long sockets) {
        if (!netnsLabels || name == null) {
            return;
        }
        AtomicLong v = namespaceSockets.computeIfAbsent(name, n -> {
            AtomicLong a = new AtomicLong();
            namespaceMeters.put(n, Gauge.builder("xtcp.namespace.sockets", a, AtomicLong::get).tag("netns", n)
                    .description("Sockets seen by the last poll in one namespace (--metrics-netns-labels)").register(registry));
            return a;
        });
        v.set(sockets);
    }

    public boolean netnsLabels() {
        return netnsLabels;
    }

    // ---------------------------------------------------------------- sinks

    /** Starts binding a destination's readings; finish with {@link SinkMeters#bind()}. */
    public SinkMeters sink(String scheme) {
        return new SinkMeters(this, schemes.of(scheme));
    }

    void bound(SinkMeters s) {
        sinks.put(s.scheme(), s);
    }

    /** Records dropped before reaching the destination, by reason (queue_full, spool_full, send_failed, shutdown, ...). */
    public void recordsDropped(String reason, long records) {
        if (records <= 0) {
            return;
        }
        droppedTotal.addAndGet(records);
        dropCounter(dropReasons.of(reason)).increment(records);
    }

    private Counter dropCounter(String reason) {
        return Counter.builder("xtcp.sink.dropped").baseUnit("records").tag("reason", reason)
                .description("Records dropped before reaching the destination, by reason").register(registry);
    }

    /** A destination failure (connect, send, timeout, serialize, ...). */
    public void sinkError(String scheme, String kind) {
        Counter.builder("xtcp.sink.errors").tag("dest", schemes.of(scheme)).tag("kind", errorKinds.of(kind))
                .description("Destination failures by kind").register(registry).increment();
    }

    // ---------------------------------------------------------------- capabilities

    /** Whether a capability the daemon uses is held (CAP_NET_ADMIN, CAP_SYS_ADMIN, ...). */
    public void capability(String name, boolean present) {
        String tag = capabilities.of(name);
        capabilityValues.computeIfAbsent(tag, n -> {
            AtomicLong a = new AtomicLong();
            Gauge.builder("xtcp.capability", a, AtomicLong::get).tag("capability", n)
                    .description("1 when the daemon holds the capability, 0 when it does not").register(registry);
            return a;
        }).set(present ? 1 : 0);
    }

    // ---------------------------------------------------------------- side server

    /** One answered HTTP request; {@code route} is the matched route pattern, never the raw path. */
    public void httpRequest(String route, int status) {
        Counter.builder("xtcp.http.requests").tag("route", routes.of(route)).tag("status", Integer.toString(status))
                .description("Side-server requests by route and status").register(registry).increment();
    }

    public void streamClientConnected() {
        streamClients.incrementAndGet();
    }

    public void streamClientGone() {
        streamClients.decrementAndGet();
    }

    public void streamClientDropped() {
        streamDropped.increment();
    }

    public void streamMessageSent() {
        streamMessages.increment();
    }

    // ---------------------------------------------------------------- readings for /api/status

    public long startMillis() {
        return startMillis;
    }

    public long polls(String result) {
        AtomicLong a = pollCounts.get(result);
        return a == null ? 0 : a.get();
    }

    public long pollsTotal() {
        long n = 0;
        for (AtomicLong a : pollCounts.values()) {
            n += a.get();
        }
        return n;
    }

    public long lastPollDurationNanos() {
        return lastDurationNanos.get();
    }

    /** Unix millis the last poll ended; 0 before the first. */
    public long lastPollMillis() {
        return lastPollMillis.get();
    }

    public long lastSuccessMillis() {
        return lastSuccessMillis.get();
    }

    public long socketsLastPoll() {
        return socketsLastPoll.get();
    }

    public long socketsLastPoll(int state) {
        return state >= 1 && state <= MAX_STATE ? socketsByState.get(state) : 0;
    }

    public long namespacesActive() {
        return namespacesActive.get();
    }

    public long droppedRecords() {
        return droppedTotal.get();
    }

    public long streamClients() {
        return streamClients.get();
    }

    /** The bound destinations, by scheme. */
    public Map<String, SinkMeters> sinks() {
        return Map.copyOf(sinks);
    }

    // ---------------------------------------------------------------- exposition

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
        gcMetrics.close();
        registry.close();
    }
}
