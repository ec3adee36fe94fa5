package io.xtcp.daemon;

import io.xtcp.core.linux.NetlinkSocket;
import io.xtcp.core.netlink.DumpRequest;
import io.xtcp.core.netlink.DumpResult;
import io.xtcp.core.netlink.DumpStats;
import io.xtcp.core.netlink.InetDiagDumper;
import io.xtcp.core.record.Decoder;
import io.xtcp.core.record.RecordStamp;
import io.xtcp.daemon.config.XtcpConfig;
import io.xtcp.daemon.http.DaemonView;
import io.xtcp.daemon.http.HttpSettings;
import io.xtcp.daemon.http.HttpSideServer;
import io.xtcp.daemon.http.MetricsDaemonView;
import io.xtcp.daemon.http.PollFeed;
import io.xtcp.daemon.metrics.DumpStatsDelta;
import io.xtcp.daemon.metrics.XtcpMetrics;
import java.util.List;
import io.xtcp.daemon.poll.PollScheduler;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running daemon: starts its parts in order and closes them in reverse on SIGTERM. */
final class Daemon {
    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

    private final XtcpConfig config;
    private final CountDownLatch stopped = new CountDownLatch(1);

    Daemon(XtcpConfig config) {
        this.config = config;
    }

    int run() throws Exception {
        Set<Decoder> decoders = Decoder.parse(config.decoders());
        DumpRequest request = DumpRequest.of(config.request().equals("legacy") ? DumpRequest.Mode.LEGACY : DumpRequest.Mode.BY_FAMILY,
                config.states(), Decoder.extensions(decoders));
        OutputOptions out = new OutputOptions();
        out.format = config.dest().startsWith("null:") ? "null" : config.marshal().equals("protobufList") ? "proto" : config.marshal();
        out.columns = config.columns();
        DumpOutput output = DumpOutput.create(out, decoders);
        var base = RecordStamp.base(Version.get(), config.hostname(), config.location(), config.label(), config.tag()).build();
        DumpStats stats = new DumpStats();
        InetDiagDumper dumper = new InetDiagDumper(stats);
        // obs: metrics first, the side server before any namespace is entered (its thread must be born here)
        XtcpMetrics metrics = new XtcpMetrics(Version.get(), config.metricsNetnsLabels());
        metrics.pollSchedule(config.pollInterval(), config.pollTimeout());
        DumpStatsDelta deltas = new DumpStatsDelta();
        PollFeed feed = new PollFeed();
        // /obs
        try (metrics; NetlinkSocket socket = NetlinkSocket.open((int) config.pollTimeout().toMillis())) {
            PollScheduler scheduler = new PollScheduler(deadline -> {
                output.stamp(RecordStamp.of(base, System.currentTimeMillis() * 1_000_000L, "self", 0, 0));
                DumpResult r = dumper.dump(socket, request, output.handler());
                output.finish();
                if (r != DumpResult.DONE) {
                    LOG.warn("poll failed: {}", r);
                }
            }, config.pollInterval(), config.pollJitter(), config.pollTimeout(), config.startupJitter(), o -> {
                metrics.onPoll(o.durationNanos, o.ok ? "ok" : "error", null, deltas.next(stats)); // obs
                if (config.maxPolls() > 0 && o.scheduled && stats.dumps >= config.maxPolls()) {
                    stopped.countDown();
                }
            });
            metrics.bindScheduler(scheduler::skippedTicks, scheduler::triggered); // obs
            metrics.namespaces(1); // obs: until namespace discovery is wired
            HttpSideServer http = config.http().enabled() ? new HttpSideServer(HttpSettings.from(config.http()), metrics, // obs
                    new MetricsDaemonView(metrics, config.hostname(), Version.get(), scheduler::triggerNow, scheduler::skippedTicks,
                            scheduler::triggered, () -> List.of(new DaemonView.NamespaceInfo("self", 0, "self", 0, ""))), feed).start()
                    : null;
            Thread hook = new Thread(stopped::countDown, "xtcp-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            scheduler.start();
            stopped.await();
            scheduler.close();
            if (http != null) { // obs
                http.close();
            }
            LOG.info("xtcp stopped after {} polls", scheduler.polls());
        }
        return 0;
    }
}
