package io.xtcp.daemon;

import io.xtcp.core.linux.Capability;
import io.xtcp.core.netlink.DumpRequest;
import io.xtcp.core.record.Decoder;
import io.xtcp.core.record.EnvelopeBuilder;
import io.xtcp.core.record.RecordEncoder;
import io.xtcp.core.record.RecordStamp;
import io.xtcp.core.record.SocketDecoder;
import io.xtcp.daemon.caps.CapabilityCheck;
import io.xtcp.daemon.config.XtcpConfig;
import io.xtcp.daemon.netns.NamespaceDiscovery;
import io.xtcp.daemon.netns.NamespacePoller;
import io.xtcp.daemon.netns.NamespaceRegistry;
import io.xtcp.daemon.netns.NamespaceSelector;
import io.xtcp.daemon.netns.NamespaceWatcher;
import io.xtcp.daemon.poll.PollScheduler;
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
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running daemon. Starts its parts in order — capabilities, destination, namespaces,
 * poller, scheduler — and closes them in reverse on SIGTERM/SIGINT or after --max-polls, flushing
 * the envelopes it holds.
 */
final class Daemon {
    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);
    /** Room in front of an envelope for its varint length prefix. */
    private static final int FRAME_PREFIX = 5;

    private final XtcpConfig config;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicLong scheduledPolls = new AtomicLong();

    Daemon(XtcpConfig config) {
        this.config = config;
    }

    int run() throws Exception {
        CapabilityCheck caps = CapabilityCheck.current();
        int status = caps.enforce(System.err);
        if (status != 0) {
            return status;
        }
        caps.logWarnings(List.of(Capability.SYS_PTRACE, Capability.NET_RAW, Capability.SYS_RESOURCE));

        Set<Decoder> decoders = Decoder.parse(config.decoders());
        DumpRequest request = DumpRequest.of(config.request().equals("legacy") ? DumpRequest.Mode.LEGACY : DumpRequest.Mode.BY_FAMILY,
                config.states(), Decoder.extensions(decoders));
        Marshaller marshaller = Marshallers.byName(config.marshal(), config.columns());
        Destination destination = Destinations.open(config.dest(), config.destOptions(), marshaller.header());
        int envelopeBytes = (int) Math.min(config.envelopeMaxBytes(), destination.maxBatchBytes() - FRAME_PREFIX);
        if (envelopeBytes < config.envelopeMaxBytes()) {
            LOG.info("envelopes capped at {} bytes to fit {}", envelopeBytes, destination.uri());
        }
        XtcpFlatRecord base = RecordStamp.base(Version.get(), config.hostname(), config.location(), config.label(), config.tag()).build();
        int receiveTimeoutMs = (int) Math.max(100, config.pollTimeout().toMillis());
        NamespaceDiscovery discovery = new NamespaceDiscovery(config.netnsDirs().stream().map(Path::of).toList());
        NamespaceSelector selector = NamespaceSelector.parse(config.netns(), config.netnsExclude());
        PollCycle cycleStats = new PollCycle();

        try (ServiceNotifier notifier = ServiceNotifier.fromEnvironment(System.getenv(), stallLimit());
                SinkPipeline pipeline = new SinkPipeline(destination, marshaller, pipelineConfig());
                NamespaceRegistry registry = new NamespaceRegistry(discovery, selector, receiveTimeoutMs);
                NamespaceWatcher watcher = NamespaceWatcher.start(registry, config.reconcileInterval());
                NamespacePoller poller = new NamespacePoller(config.pollThreads(), request, i -> new NamespaceRecordEncoder(
                        new RecordEncoder(new SocketDecoder(decoders),
                                new EnvelopeBuilder(config.envelopeMaxRows(), envelopeBytes, pipeline::offer)), base));
                PollScheduler scheduler = new PollScheduler(
                        deadline -> cycleStats.completed(poller.poll(registry.snapshot(), deadline)),
                        config.pollInterval(), config.pollJitter(), config.pollTimeout(), config.startupJitter(),
                        outcome -> afterPoll(outcome, notifier))) {
            LOG.info("polling {} namespace(s) every {} into {}", registry.snapshot().size(), config.pollInterval(), destination.uri());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                notifier.stopping();
                stopped.countDown();
                awaitFinished(); // the JVM halts when hooks return: let run() close what it owns first
            }, "xtcp-shutdown"));
            scheduler.start();
            stopped.await();
            LOG.info("stopping after {} polls; flushing to {}", scheduler.polls(), destination.uri());
        } finally {
            finished.countDown();
        }
        LOG.info("xtcp stopped");
        return 0;
    }

    private void afterPoll(PollScheduler.Outcome outcome, ServiceNotifier notifier) {
        if (outcome.ok) {
            notifier.pollSucceeded();
        } else {
            notifier.pollFailed(String.valueOf(outcome.failure));
        }
        if (outcome.scheduled && config.maxPolls() > 0 && scheduledPolls.incrementAndGet() >= config.maxPolls()) {
            stopped.countDown();
        }
    }

    private PipelineConfig pipelineConfig() {
        return PipelineConfig.builder()
                .maxQueueBatches(config.queueMaxEnvelopes())
                .maxQueueBytes(config.queueMaxBytes())
                .overflow(OverflowPolicy.parse(config.overflow()))
                .spoolDir(config.spoolDir())
                .spoolMaxBytes(config.spoolMaxBytes())
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
