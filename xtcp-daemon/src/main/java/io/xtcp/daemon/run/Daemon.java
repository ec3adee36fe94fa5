package io.xtcp.daemon.run;

import io.xtcp.core.netlink.DumpRequest;
import io.xtcp.core.record.Decoder;
import io.xtcp.core.record.EnvelopeBuilder;
import io.xtcp.core.record.RecordEncoder;
import io.xtcp.core.record.RecordStamp;
import io.xtcp.core.record.SocketDecoder;
import io.xtcp.daemon.Version;
import io.xtcp.daemon.caps.CapabilityCheck;
import io.xtcp.daemon.caps.CapabilityRequirement;
import io.xtcp.daemon.caps.CapabilityUse;
import io.xtcp.daemon.cli.UsageException;
import io.xtcp.daemon.config.DurationConverter;
import io.xtcp.daemon.config.ValueOrigins;
import io.xtcp.daemon.config.XtcpConfig;
import io.xtcp.daemon.heap.OldGenTrigger;
import io.xtcp.daemon.http.DaemonView;
import io.xtcp.daemon.http.HttpSettings;
import io.xtcp.daemon.http.HttpSideServer;
import io.xtcp.daemon.http.MetricsDaemonView;
import io.xtcp.daemon.poll.PollAccounting;
import io.xtcp.daemon.poll.PollCycle;
import io.xtcp.daemon.poll.PollWorker;
import io.xtcp.daemon.poll.SocketTally;
import io.xtcp.daemon.snapshot.PollFeed;
import io.xtcp.daemon.metrics.HealthMeters;
import io.xtcp.daemon.metrics.OldGenMeters;
import io.xtcp.daemon.metrics.SchedulerMeters;
import io.xtcp.daemon.metrics.SinkMetricsBridge;
import io.xtcp.daemon.metrics.XtcpMetrics;
import io.xtcp.daemon.netns.Namespace;
import io.xtcp.daemon.netns.NamespaceDiscovery;
import io.xtcp.daemon.poll.NamespacePollResult;
import io.xtcp.daemon.poll.NamespacePoller;
import io.xtcp.daemon.netns.NamespaceRegistry;
import io.xtcp.daemon.netns.NamespaceSelector;
import io.xtcp.daemon.netns.NamespaceWatcher;
import io.xtcp.daemon.netns.SelectionCoverage;
import io.xtcp.daemon.poll.KernelFilter;
import io.xtcp.daemon.poll.PollScheduler;
import io.xtcp.daemon.profile.Profiling;
import io.xtcp.daemon.snapshot.SnapshotCollector;
import io.xtcp.dest.Destination;
import io.xtcp.dest.Destinations;
import io.xtcp.dest.marshal.Marshaller;
import io.xtcp.dest.marshal.Marshallers;
import io.xtcp.dest.pipeline.OverflowPolicy;
import io.xtcp.dest.pipeline.PipelineConfig;
import io.xtcp.dest.pipeline.SinkPipeline;
import io.xtcp.schema.v1.XtcpFlatRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running daemon. Starts its parts in order — capabilities (metrics meanwhile on another
 * thread), destination, namespaces, poller, the side server (bound before the first poll, so an
 * address it cannot have is exit 2 with nothing sent), then the scheduler — and closes them in
 * reverse on SIGTERM/SIGINT or
 * after --max-polls, flushing the envelopes it holds. The destination is owned from the moment it
 * opens: a failure before its pipeline exists closes it. A {@link Supervisor} restarts a dead
 * scheduler or poll worker once; a second death or a dead sink closes everything the same way and
 * {@link #run} returns {@link Supervisor#EXIT_FATAL} (70).
 */
public final class Daemon {
    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);
    /** Room in front of an envelope for its varint length prefix. */
    private static final int FRAME_PREFIX = 5;

    private final XtcpConfig config;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicLong scheduledPolls = new AtomicLong();
    private boolean firstPollDone;
    private StopSignals stopSignals;
    private volatile String fatal;

    private final ValueOrigins origins;

    /** {@code origins}: where the values came from, for the start-up checks' messages. */
    public Daemon(XtcpConfig config, ValueOrigins origins) {
        this.config = config;
        this.origins = origins;
    }

    public int run() throws Exception {
        // Micrometer's JVM binders and the Prometheus registry take a few hundred milliseconds to
        // load: they are built on a thread of their own while this one checks the capabilities,
        // stamps records and opens the destination.
        FutureTask<XtcpMetrics> metricsInit = new FutureTask<>(() -> new XtcpMetrics(Version.get(), config.metricsNetnsLabels()));
        Thread metricsThread = new Thread(metricsInit, "xtcp-metrics-init");
        metricsThread.setDaemon(true);
        metricsThread.start();

        List<Path> netnsDirs = config.netnsDirs().stream().map(Path::of).toList();
        CapabilityCheck caps = CapabilityCheck.current(CapabilityUse.of(config.netns(), netnsDirs));
        int status = caps.enforce(System.err);
        if (status != 0) {
            return status;
        }

        Set<Decoder> decoders = Decoder.parse(config.decoders());
        DumpRequest request = DumpRequest.of(config.request(),
                config.states(), Decoder.extensions(decoders));
        if (!config.filter().isEmpty()) { // compiled in toConfig already; the kernel's word before the first poll
            request = KernelFilter.attach(request, config.filter());
            String refusal = KernelFilter.kernelRefusal(request, (int) Math.max(100, config.pollTimeout().toMillis()));
            if (refusal != null) {
                throw new UsageException(origins.refusal("--filter: the kernel refused the filter program: " + refusal));
            }
        }
        XtcpFlatRecord base = RecordStamp.base(Version.get(), config.hostname(), config.location(), config.label(), config.tag()).build();
        int receiveTimeoutMs = (int) Math.max(100, config.pollTimeout().toMillis());
        NamespaceDiscovery discovery = new NamespaceDiscovery(netnsDirs);
        NamespaceSelector selector = NamespaceSelector.parse(config.netns(), config.netnsExclude());
        PollCycle cycle = new PollCycle();
        // A request that finds the latest poll unrecorded waits for the next poll to start and end.
        PollFeed feed = new PollFeed(config.pollInterval().multipliedBy(2).plus(config.pollTimeout()), PollFeed.DEFAULT_KEEP);
        SnapshotCollector snapshots = config.http().enabled() ? new SnapshotCollector(feed, config.http().snapshotRecords()) : null;

        Marshaller marshaller = Marshallers.of(config.marshal(), config.columns());
        Destination destination;
        try {
            destination = Destinations.open(config.dest(), config.destOptions(), marshaller.header());
        } catch (IllegalArgumentException e) {
            throw new UsageException("--dest " + config.dest() + ": " + e.getMessage());
        }
        // Owned from here: closed at the end of run() whatever fails before its pipeline takes it
        // (metrics, profiling, the spool); after the pipeline's own close this second close does nothing.
        try (Destination owned = destination) {
            return run(owned, caps, decoders, request, base, receiveTimeoutMs, discovery, selector, cycle, feed, snapshots, marshaller,
                    metricsInit);
        }
    }

    private int run(Destination destination, CapabilityCheck caps, Set<Decoder> decoders, DumpRequest request, XtcpFlatRecord base,
            int receiveTimeoutMs, NamespaceDiscovery discovery, NamespaceSelector selector, PollCycle cycle, PollFeed feed,
            SnapshotCollector snapshots, Marshaller marshaller, FutureTask<XtcpMetrics> metricsInit) throws Exception {
        int envelopeBytes = StartupLimits.envelopeBytes(config, origins, destination, FRAME_PREFIX);
        if (envelopeBytes < config.envelopeMaxBytes()) {
            LOG.info("envelopes capped at {} bytes to fit {}", envelopeBytes, destination.uri());
        }
        XtcpMetrics metrics = built(metricsInit);
        PollAccounting accounting = new PollAccounting(metrics);
        metrics.poll().schedule(config.pollInterval(), config.pollTimeout());
        for (CapabilityRequirement r : caps.used()) { // only what this configuration uses: a 0 is worth an alert
            metrics.capabilities().held(r.capability().capName(), caps.has(r.capability()));
        }

        OldGenTrigger oldGen = OldGenTrigger.start(config.oldGenHeadroom());
        if (oldGen != null) {
            metrics.bind(new OldGenMeters(oldGen::collections, oldGen::limitBytes));
        }

        // Profiling opens first and closes last: the whole-run profile is written after the rest has closed.
        try (oldGen;
                Profiling profiling = Profiling.start(config.profiling(), config.hostname(), config.location(), System.getenv());
                metrics;
                ServiceNotifier notifier = ServiceNotifier.fromEnvironment(System.getenv(), stallLimit());
                SinkPipeline pipeline = new SinkPipeline(destination, marshaller, pipelineConfig());
                NamespaceRegistry registry = new NamespaceRegistry(discovery, selector, receiveTimeoutMs)) {
            SinkMetricsBridge sinkMetrics = new SinkMetricsBridge(metrics.delivery(), pipeline, config.queueMaxBytes(),
                    config.overflow() == OverflowPolicy.SPOOL ? config.spoolMaxBytes() : 0);
            registry.addListener(new NamespaceRegistry.Listener() {
                @Override
                public void added(Namespace ns) {
                    metrics.namespaces().added(ns.name());
                }

                @Override
                public void removed(Namespace ns) {
                    metrics.namespaces().removed(ns.name());
                }
            });
            SelectionCoverage coverage = new SelectionCoverage(selector, registry::snapshot, String.join(",", config.netns()));
            try (NamespaceWatcher watcher = started(NamespaceWatcher.start(registry, config.reconcileInterval()), coverage);
                    NamespacePoller poller = new NamespacePoller(config.pollThreads(), request,
                            i -> worker(decoders, base, envelopeBytes, pipeline, snapshots, accounting), NamespacePoller.DEFAULT_GRACE);
                    PollScheduler scheduler = new PollScheduler(
                            deadline -> cycle.completed(poller.poll(registry.snapshot(), deadline)),
                            config.pollInterval(), config.pollJitter(), config.pollTimeout(), config.startupJitter(),
                            outcome -> afterPoll(outcome, notifier, metrics, accounting, poller, registry, cycle, sinkMetrics, snapshots),
                            NamespacePoller.DEFAULT_GRACE.multipliedBy(2)); // a cycle may wait its deadline plus the poller's grace
                    Supervisor supervisor = supervise(scheduler, poller, pipeline, metrics, notifier, coverage)) {
                metrics.bind(new SchedulerMeters(scheduler::skippedTicks, scheduler::triggered));
                DaemonView view = new MetricsDaemonView(metrics, config.hostname(), Version.get(), scheduler::triggerNow,
                        scheduler::skippedTicks, scheduler::triggered, () -> namespaceInfo(registry, cycle), supervisor.health())
                        .netnsUnmatched(coverage::unmatched).filter(config.filter());
                LOG.info("polling {} namespace(s) every {} into {}", registry.snapshot().size(), DurationConverter.format(config.pollInterval()), destination.uri());
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    notifier.stopping();
                    stopped.countDown();
                    awaitFinished(); // the JVM halts when hooks return: let run() close what it owns first
                }, "xtcp-shutdown"));
                // SIGTERM/SIGINT stop the daemon as --max-polls does, so run() closes what it owns and
                // returns 0; left to the JVM they would start its shutdown and exit 143/130.
                stopSignals = StopSignals.install(() -> {
                    notifier.stopping();
                    stopped.countDown();
                });
                // The side server (and the metrics-only listener) bind before the first poll, so an address
                // they cannot have stops the start (exit 2) before any record is sent. Their threads are born
                // on this thread, which never enters another namespace (setns is done on the namespace
                // opener's own threads).
                try (HttpSideServer http = config.http().enabled() ? bound(profiling.register(
                        new HttpSideServer(HttpSettings.from(config.http()), metrics, view, feed)), "--http-listen", config.http().listen()) : null;
                        HttpSideServer metricsOnly = config.http().metricsEnabled()
                                ? bound(new HttpSideServer(HttpSettings.metricsFrom(config.http()), metrics, view, feed), "--metrics-listen",
                                        config.http().metricsListen()) : null) {
                    scheduler.start();
                    supervisor.start();
                    stopped.await();
                    LOG.info("stopping after {} polls; flushing to {}", scheduler.polls(), destination.uri());
                }
            }
        } finally {
            if (stopSignals != null) {
                stopSignals.restore();
            }
            LOG.info("xtcp stopped{}", fatal != null ? " after a fatal error: " + fatal : "");
            finished.countDown(); // after this the shutdown hook returns and the JVM may halt
        }
        return fatal != null ? Supervisor.EXIT_FATAL : 0;
    }

    /** Warns about the --netns names that match no namespace, once the watcher's first scan is done. */
    private static NamespaceWatcher started(NamespaceWatcher watcher, SelectionCoverage coverage) {
        for (String name : coverage.unmatched()) {
            LOG.warn("--netns {} matches no namespace (yet); it is polled once it appears", name);
        }
        String none = coverage.readinessProblem();
        if (none != null) {
            LOG.warn("{}: nothing is polled and the daemon is not ready until one appears", none);
        }
        return watcher;
    }

    /**
     * The one definition of health over this run's parts, bound to the metrics and the service
     * notifier, and the supervisor that restarts what died once and stops the daemon (exit 70)
     * when something dies again.
     */
    private Supervisor supervise(PollScheduler scheduler, NamespacePoller poller, SinkPipeline pipeline, XtcpMetrics metrics,
            ServiceNotifier notifier, SelectionCoverage coverage) {
        List<Health.Sink> sinks = List.of(new Health.Sink(pipeline.destination().uri(), pipeline::health));
        Health health = new Health(System::currentTimeMillis, System::nanoTime, Health.pollLimit(config.pollInterval(), config.pollTimeout()),
                metrics.status()::lastSuccessMillis, sinks, List.of(scheduler, poller), coverage::readinessProblem);
        metrics.bind(new HealthMeters(() -> health.ready().ok(), () -> health.live().ok(),
                Map.of(scheduler.component(), scheduler::restarts, poller.component(), poller::restarts)));
        notifier.watch(health::live, health::ready);
        return new Supervisor(health, List.of(scheduler, poller), System::currentTimeMillis, why -> {
            fatal = why;
            notifier.fatal(why);
            stopped.countDown();
        }, notifier::healthTick, Duration.ofSeconds(1));
    }

    /** Starts the side server; an address it cannot bind is a configuration error naming --http-listen. */
    /** Starts {@code server}, bound to {@code address} of {@code flag}; an address it cannot have is a usage error. */
    private HttpSideServer bound(HttpSideServer server, String flag, String address) throws InterruptedException {
        try {
            return server.start();
        } catch (InterruptedException e) {
            server.close();
            throw e;
        } catch (Exception e) { // Netty's bind rethrows the socket's IOException (address in use) unchecked
            server.close();
            throw new UsageException(origins.refusal(flag + ": cannot bind " + address + ": " + e.getMessage()));
        }
    }

    private static XtcpMetrics built(FutureTask<XtcpMetrics> init) throws Exception {
        try {
            return init.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception) {
                throw (Exception) e.getCause();
            }
            throw new IllegalStateException("building the metrics failed", e.getCause());
        }
    }

    /** One poll worker: its own encoder and envelope, feeding the pipeline (and the side server's snapshot). */
    private PollWorker worker(Set<Decoder> decoders, XtcpFlatRecord base, int envelopeBytes, SinkPipeline pipeline,
            SnapshotCollector snapshots, PollAccounting accounting) {
        EnvelopeBuilder envelopes = new EnvelopeBuilder(config.envelopeMaxRows(), envelopeBytes, pipeline::offer);
        SocketTally tally = new SocketTally();
        PollWorker w = new PollWorker(new RecordEncoder(new SocketDecoder(decoders), envelopes), base, tally,
                snapshots != null ? snapshots.tap() : null);
        accounting.add(w, tally);
        return w;
    }

    private void afterPoll(PollScheduler.Outcome outcome, ServiceNotifier notifier, XtcpMetrics metrics, PollAccounting accounting,
            NamespacePoller poller, NamespaceRegistry registry, PollCycle cycle, SinkMetricsBridge sinkMetrics,
            SnapshotCollector snapshots) {
        // the poll's envelopes are with the pipeline now: the first successful one ends the start-up
        boolean firstPoll = outcome.ok && !firstPollDone;
        double age = firstPoll ? ProcessAge.seconds() : 0;
        if (firstPoll) {
            firstPollDone = true;
            metrics.poll().startToFirstPoll(age); // before onPoll makes /readyz answer 200
        }
        boolean late = cycle.last().stream().anyMatch(r -> r.status() == NamespacePollResult.Status.LATE);
        long records = accounting.record(outcome.durationNanos, !outcome.ok ? "error" : late ? "timeout" : "ok", poller,
                cycle.last(), registry.snapshot().size());
        sinkMetrics.update();
        if (snapshots != null) {
            snapshots.publish();
        }
        if (firstPoll) {
            LOG.info("first poll done {} s after the process started: {} records handed to {}", String.format("%.3f", age),
                    records, config.dest());
        }
        if (outcome.ok) {
            notifier.pollSucceeded();
        } else {
            notifier.pollFailed(String.valueOf(outcome.failure));
        }
        if (outcome.scheduled && config.maxPolls() > 0 && scheduledPolls.incrementAndGet() >= config.maxPolls()) {
            stopped.countDown();
        }
    }

    private static List<DaemonView.NamespaceInfo> namespaceInfo(NamespaceRegistry registry, PollCycle cycle) {
        List<DaemonView.NamespaceInfo> out = new ArrayList<>();
        Map<Long, NamespacePollResult> last = new HashMap<>();
        for (NamespacePollResult r : cycle.last()) {
            last.put(r.namespace().inode(), r);
        }
        for (var h : registry.snapshot()) {
            var ns = h.namespace();
            NamespacePollResult r = last.get(ns.inode());
            out.add(new DaemonView.NamespaceInfo(ns.name(), ns.inode(), String.valueOf(ns.path()),
                    r == null ? 0 : r.sockets(), r == null ? "" : r.error()));
        }
        return out;
    }

    private PipelineConfig pipelineConfig() {
        return PipelineConfig.builder()
                .maxQueueBatches(config.queueMaxEnvelopes())
                .maxQueueBytes(config.queueMaxBytes())
                .maxOfferWait(config.queueMaxWait())
                .overflow(config.overflow())
                .spoolDir(config.spoolDir())
                .spoolMaxBytes(config.spoolMaxBytes())
                .staleAfter(config.sinkStaleAfter())
                .build();
    }

    /** Watchdog pings stop when no poll has finished for this long (see ServiceNotifier). */
    private Duration stallLimit() {
        return config.pollInterval().multipliedBy(2).plus(config.pollTimeout()).plus(config.startupJitter());
    }

    private void awaitFinished() {
        try {
            finished.await(config.pollTimeout().toMillis() + 10_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
