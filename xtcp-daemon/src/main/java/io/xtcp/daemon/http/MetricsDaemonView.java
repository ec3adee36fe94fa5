package io.xtcp.daemon.http;

import io.xtcp.daemon.metrics.SinkMeters;
import io.xtcp.daemon.metrics.StatusReadings;
import io.xtcp.daemon.metrics.XtcpMetrics;
import io.xtcp.daemon.run.Health;
import io.xtcp.daemon.run.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A {@link DaemonView} read from {@link XtcpMetrics#status()} (poll counters, bound sinks) plus what only the
 * daemon has: the scheduler's trigger and counts, the namespace list, and its {@link Health}.
 */
public final class MetricsDaemonView implements DaemonView {
    private final XtcpMetrics metrics;
    private final String host;
    private final String version;
    private final BooleanSupplier trigger;
    private final LongSupplier skippedTicks;
    private final LongSupplier triggeredPolls;
    private final Supplier<List<NamespaceInfo>> namespaces;
    private final Health health;
    private volatile Supplier<List<String>> netnsUnmatched = List::of;

    /**
     * @param trigger        {@code scheduler::triggerNow}
     * @param skippedTicks   {@code scheduler::skippedTicks}
     * @param triggeredPolls {@code scheduler::triggered}
     * @param namespaces     the namespaces being polled now
     * @param health         what /readyz and /healthz answer
     */
    public MetricsDaemonView(XtcpMetrics metrics, String host, String version, BooleanSupplier trigger, LongSupplier skippedTicks,
            LongSupplier triggeredPolls, Supplier<List<NamespaceInfo>> namespaces, Health health) {
        this.metrics = metrics;
        this.host = host;
        this.version = version;
        this.trigger = trigger;
        this.skippedTicks = skippedTicks;
        this.triggeredPolls = triggeredPolls;
        this.namespaces = namespaces;
        this.health = health;
    }

    @Override
    public DaemonStatus status() {
        StatusReadings r = metrics.status();
        List<SinkStatus> sinks = new ArrayList<>();
        for (Map.Entry<String, SinkMeters> e : new TreeMap<>(r.sinks()).entrySet()) {
            SinkMeters s = e.getValue();
            sinks.add(new SinkStatus(e.getKey(), s.acceptingNow(), s.queueEnvelopesNow(), s.queueBytesNow(), s.envelopesNow(),
                    s.bytesNow(), s.spoolBytesNow()));
        }
        return new DaemonStatus(host, version, r.startMillis(), r.polls("ok"), r.polls("error"),
                r.polls("timeout"), skippedTicks.getAsLong(), triggeredPolls.getAsLong(), r.lastPollDurationNanos(),
                r.lastPollMillis(), r.lastSuccessMillis(), r.socketsLastPoll(), r.namespacesActive(),
                sinks, r.droppedRecords(), r.streamClients());
    }

    @Override
    public List<NamespaceInfo> namespaces() {
        return namespaces.get();
    }

    /** Where {@link #netnsUnmatched} comes from ({@code SelectionCoverage::unmatched}); this view, for chaining. */
    public MetricsDaemonView netnsUnmatched(Supplier<List<String>> unmatched) {
        this.netnsUnmatched = unmatched;
        return this;
    }

    @Override
    public List<String> netnsUnmatched() {
        return netnsUnmatched.get();
    }

    @Override
    public Verdict readiness() {
        return health.ready();
    }

    @Override
    public Verdict liveness() {
        return health.live();
    }

    @Override
    public boolean triggerPoll() {
        return trigger.getAsBoolean();
    }
}
