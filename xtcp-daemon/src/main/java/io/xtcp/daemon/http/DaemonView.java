package io.xtcp.daemon.http;

import io.xtcp.daemon.run.Verdict;
import java.util.List;

/**
 * What the side server may see and do of the daemon. The daemon implements it (see
 * {@link MetricsDaemonView} for one built from XtcpMetrics); tests drive the server with a fake.
 * Methods are called on the server's event loop: they must return at once.
 */
public interface DaemonView {
    /** Counters and state for /api/status. */
    DaemonStatus status();

    /** The namespaces being polled, for /api/namespaces. */
    List<NamespaceInfo> namespaces();

    /** The names {@code --netns} gives that match no namespace now (/api/status {@code netns_unmatched}). */
    default List<String> netnsUnmatched() {
        return List.of();
    }

    /** The --filter expression the polls send to the kernel ("" for none), for /api/status {@code filter}. */
    default String filter() {
        return "";
    }

    /** Whether /readyz answers 200, and why not (see io.xtcp.daemon.run.Health). */
    Verdict readiness();

    /** Whether /healthz answers 200, and why not (see io.xtcp.daemon.run.Health). */
    Verdict liveness();

    /** Asks for one extra poll now (PollScheduler.triggerNow()); false when one is already running or pending. */
    boolean triggerPoll();

    /** One namespace: its name (bind-mount name, or "self"), inode, where it was found, and its last poll. */
    record NamespaceInfo(String name, long inode, String source, long socketsLastPoll, String lastError) {}

    /** One destination's state. */
    record SinkStatus(String scheme, boolean accepting, long queueEnvelopes, long queueBytes, long envelopesSent,
            long bytesSent, long spoolBytes) {}

    /** The daemon's counters for /api/status. Times are Unix milliseconds; 0 means never. */
    record DaemonStatus(String host, String version, long startedMillis, long pollsOk, long pollsError, long pollsTimeout,
            long skippedTicks, long triggeredPolls, long lastPollDurationNanos, long lastPollMillis, long lastSuccessMillis,
            long socketsLastPoll, long namespacesActive, List<SinkStatus> sinks, long droppedRecords, long streamClients) {}
}
