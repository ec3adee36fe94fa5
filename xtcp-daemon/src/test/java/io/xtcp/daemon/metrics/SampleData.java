package io.xtcp.daemon.metrics;

import io.xtcp.core.netlink.DumpStats;
import java.time.Duration;

/** Drives every recording method of XtcpMetrics' binders once or more, as a running daemon would. */
public final class SampleData {
    private SampleData() {}

    public static XtcpMetrics record(XtcpMetrics m) {
        m.poll().schedule(Duration.ofSeconds(10), Duration.ofSeconds(8));
        m.bind(new SchedulerMeters(() -> 2, () -> 1));
        m.poll().startToFirstPoll(0.842);
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
            onPoll(m, 5_000_000L + i * 1_000_000L, "ok", byState, deltas.next(cumulative));
            m.poll().encoded(50);
        }
        cumulative.errors += 1;
        cumulative.messages += 1;
        cumulative.lastErrno = 1;
        onPoll(m, 12_000_000_000L, "error", byState, deltas.next(cumulative));
        onPoll(m, 8_000_000_000L, "timeout", null, null);
        SocketAggregates agg = new SocketAggregates();
        for (int i = 0; i < 50; i++) {
            agg.add(i == 0 ? 0 : 50L * i * i, i % 10 == 0 ? 1 : 0, i % 3);
        }
        m.sockets().aggregates(agg);
        m.netlink().error("setns", 1, 1);
        m.namespaces().active(3);
        m.namespaces().added("a");
        m.namespaces().added("b");
        m.namespaces().removed("b");
        m.namespaces().sockets("a", 12);
        m.delivery().sink("kafka").envelopes(() -> 10).bytes(() -> 123_456).queueEnvelopes(() -> 2).queueBytes(() -> 4096)
                .queueCapacityBytes(() -> 32 << 20).spoolBytes(() -> 1024).spoolCapacityBytes(() -> 1 << 30).accepting(() -> true)
                .lastSuccessMillis(() -> 1_765_000_000_000L).bind();
        m.bind(new HealthMeters(() -> true, () -> true, java.util.Map.of("scheduler", () -> 0, "poll_worker", () -> 1)));
        m.delivery().dropped("queue_full", 25);
        m.delivery().error("kafka", "send");
        m.capabilities().held("CAP_NET_ADMIN", true);
        m.capabilities().held("CAP_SYS_ADMIN", false);
        m.http().request("/metrics", 200);
        m.http().streamClientConnected();
        m.http().streamMessageSent();
        m.http().streamClientDropped();
        return m;
    }

    /** One poll cycle as Daemon.afterPoll reports it; {@code byState} and {@code delta} may be null (nothing of theirs reported). */
    static void onPoll(XtcpMetrics m, long durationNanos, String result, int[] byState, DumpStats delta) {
        m.poll().onPoll(durationNanos, result);
        if (byState != null) {
            m.sockets().byState(byState);
        }
        if (delta != null) {
            m.netlink().onPoll(delta);
        }
    }
}
