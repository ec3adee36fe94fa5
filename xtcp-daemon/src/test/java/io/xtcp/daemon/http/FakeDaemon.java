package io.xtcp.daemon.http;

import io.xtcp.daemon.run.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A daemon whose state the test sets. */
final class FakeDaemon implements DaemonView {
    volatile Verdict readiness = Verdict.no("no poll has completed yet");
    volatile Verdict liveness = Verdict.yes("ok");
    volatile boolean triggerResult = true;
    final AtomicInteger triggers = new AtomicInteger();
    /** When set, what a trigger does (a real scheduler's triggerNow); else it answers {@link #triggerResult}. */
    volatile java.util.function.BooleanSupplier trigger;
    final List<NamespaceInfo> namespaces = new ArrayList<>();
    volatile DaemonStatus status = new DaemonStatus("host-a", "9.9.9", System.currentTimeMillis() - 5_000, 7, 1, 2, 3, 4,
            250_000_000L, System.currentTimeMillis(), System.currentTimeMillis(), 1234, 2,
            List.of(new SinkStatus("kafka", true, 5, 5000, 100, 1_000_000, 0)), 17, 0);

    volatile String filter = "dport = :443";

    @Override
    public String filter() {
        return filter;
    }

    @Override
    public DaemonStatus status() {
        return status;
    }

    @Override
    public synchronized List<NamespaceInfo> namespaces() {
        return List.copyOf(namespaces);
    }

    @Override
    public Verdict readiness() {
        return readiness;
    }

    @Override
    public Verdict liveness() {
        return liveness;
    }

    @Override
    public boolean triggerPoll() {
        triggers.incrementAndGet();
        java.util.function.BooleanSupplier t = trigger;
        return t != null ? t.getAsBoolean() : triggerResult;
    }
}
