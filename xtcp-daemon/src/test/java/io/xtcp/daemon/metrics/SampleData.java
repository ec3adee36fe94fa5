package io.xtcp.daemon.metrics;

import io.xtcp.core.netlink.DumpStats;
import java.time.Duration;

/** Drives every XtcpMetrics method once or more, as a running daemon would. */
public final class SampleData {
    private SampleData() {}

    public static XtcpMetrics record(XtcpMetrics m) {
        m.pollSchedule(Duration.ofSeconds(10), Duration.ofSeconds(8));
        m.bindScheduler(() -> 2, () -> 1);
        m.startToFirstPoll(0.842);
        DumpStats cumulative = new DumpStats();
        DumpStatsDelta deltas = new DumpStatsDelta();
        int[] byState = new int[16];
        byState[1] = 40;
        byState[10] = 7;
        byState[6] = 3;
        for (int i = 0; i < 3; i++) {
            cumulative.dumps += 2;
            cumulative.sockets += 50;
            cumulative.shortMessages += 1;
            cumulative.messages += 50 + 1 + 2 + 1;
            cumulative.datagrams += 4;
            cumulative.bytes += 30_000;
            cumulative.unknownAttributes += 5;
            cumulative.malformedAttributes += 1;
            cumulative.sequenceMismatches += 1;
            m.onPoll(5_000_000L + i * 1_000_000L, "ok", byState, deltas.next(cumulative));
            m.recordsEncoded(50);
        }
        cumulative.errors += 1;
        cumulative.messages += 1;
        cumulative.lastErrno = 1;
        m.onPoll(12_000_000_000L, "error", byState, deltas.next(cumulative));
        m.onPoll(8_000_000_000L, "timeout", null, null);
        SocketAggregates agg = new SocketAggregates();
        for (int i = 0; i < 50; i++) {
            agg.add(i == 0 ? 0 : 50L * i * i, i % 10 == 0 ? 1 : 0, i % 3);
        }
        m.onPollSockets(agg);
        m.netlinkError("setns", 1, 1);
        m.namespaces(3);
        m.namespaceAdded("a");
        m.namespaceAdded("b");
        m.namespaceRemoved("b");
        m.namespaceSockets("a", 12);
        m.sink("kafka").envelopes(() -> 10).bytes(() -> 123_456).queueEnvelopes(() -> 2).queueBytes(() -> 4096)
                .queueCapacityBytes(() -> 32 << 20).spoolBytes(() -> 1024).spoolCapacityBytes(() -> 1 << 30).accepting(() -> true)
                .lastSuccessMillis(() -> 1_765_000_000_000L).bind();
        m.bindHealth(() -> true, () -> true, java.util.Map.of("scheduler", () -> 0, "poll_worker", () -> 1));
        m.recordsDropped("queue_full", 25);
        m.sinkError("kafka", "send");
        m.capability("CAP_NET_ADMIN", true);
        m.capability("CAP_SYS_ADMIN", false);
        m.httpRequest("/metrics", 200);
        m.streamClientConnected();
        m.streamMessageSent();
        m.streamClientDropped();
        return m;
    }
}
