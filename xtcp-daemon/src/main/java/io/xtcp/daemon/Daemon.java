package io.xtcp.daemon;

import io.xtcp.core.linux.Errno;
import io.xtcp.core.linux.NetlinkSocket;
import io.xtcp.core.netlink.DumpRequest;
import io.xtcp.core.netlink.DumpResult;
import io.xtcp.core.netlink.DumpStats;
import io.xtcp.core.netlink.InetDiagDumper;
import io.xtcp.core.record.Decoder;
import io.xtcp.core.record.RecordStamp;
import io.xtcp.daemon.config.XtcpConfig;
import io.xtcp.daemon.poll.PollScheduler;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running daemon: starts its parts in order and closes them in reverse on SIGTERM. */
final class Daemon {
    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

    private final XtcpConfig config;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);

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
        ServiceNotifier notifier = ServiceNotifier.fromEnvironment(System.getenv(), stallLimit());
        try (notifier; NetlinkSocket socket = NetlinkSocket.open((int) config.pollTimeout().toMillis())) {
            PollScheduler scheduler = new PollScheduler(deadline -> {
                output.stamp(RecordStamp.of(base, System.currentTimeMillis() * 1_000_000L, "self", 0, 0));
                DumpResult r = dumper.dump(socket, request, output.handler());
                output.finish();
                if (r != DumpResult.DONE) {
                    throw new IOException("inet_diag dump " + r + ": " + Errno.describe(stats.lastErrno));
                }
            }, config.pollInterval(), config.pollJitter(), config.pollTimeout(), config.startupJitter(), o -> {
                if (o.ok) {
                    notifier.pollSucceeded();
                } else {
                    notifier.pollFailed(String.valueOf(o.failure));
                }
                if (config.maxPolls() > 0 && o.scheduled && stats.dumps >= config.maxPolls()) {
                    stopped.countDown();
                }
            });
            Thread hook = new Thread(() -> {
                notifier.stopping();
                stopped.countDown();
                awaitFinished(); // the JVM halts when hooks return: let run() close what it owns first
            }, "xtcp-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            scheduler.start();
            stopped.await();
            scheduler.close();
            LOG.info("xtcp stopped after {} polls", scheduler.polls());
        } finally {
            finished.countDown();
        }
        return 0;
    }

    /** Watchdog pings stop when no poll has finished for this long (see ServiceNotifier). */
    private Duration stallLimit() {
        return config.pollInterval().multipliedBy(2).plus(config.pollTimeout()).plus(config.startupJitter());
    }

    private void awaitFinished() {
        try {
            finished.await(config.pollTimeout().toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
