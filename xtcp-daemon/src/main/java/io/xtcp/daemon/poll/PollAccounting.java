package io.xtcp.daemon.poll;

import io.xtcp.daemon.metrics.DumpStatsDelta;
import io.xtcp.daemon.metrics.SocketAggregates;
import io.xtcp.daemon.metrics.XtcpMetrics;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a finished poll counted, handed to the meters: the workers' socket tallies (by state, and the aggregates),
 * the records they encoded since the last poll, the netlink counters' change and the namespaces' sockets. Each poll
 * worker registers here when it is built; {@link #record} runs on the scheduler thread after every poll.
 */
public final class PollAccounting {
    private final List<SocketTally> tallies = new CopyOnWriteArrayList<>();
    private final List<PollWorker> workers = new CopyOnWriteArrayList<>();
    private final AtomicLong recordsSeen = new AtomicLong();
    private final DumpStatsDelta deltas = new DumpStatsDelta();
    private final XtcpMetrics metrics;

    public PollAccounting(XtcpMetrics metrics) {
        this.metrics = metrics;
    }

    /** A worker built for the poller, with the tally it counts into. */
    public void add(PollWorker worker, SocketTally tally) {
        tallies.add(tally);
        workers.add(worker);
    }

    /**
     * Drains the tallies and feeds one poll into the meters.
     *
     * @param result "ok", "error" or "timeout", as {@code xtcp_polls_total} labels it
     * @param activeNamespaces namespaces being polled now
     * @return the records encoded since the process started
     */
    public long record(long durationNanos, String result, NamespacePoller poller, List<NamespacePollResult> last,
            int activeNamespaces) {
        int[] byState = new int[SocketTally.STATES];
        SocketAggregates aggregates = new SocketAggregates();
        for (SocketTally t : tallies) {
            t.drainInto(byState, aggregates);
        }
        long records = 0;
        for (PollWorker w : workers) {
            records += w.records();
        }
        metrics.poll().encoded(records - recordsSeen.getAndSet(records));
        metrics.poll().onPoll(durationNanos, result);
        metrics.sockets().byState(byState);
        metrics.netlink().onPoll(deltas.next(poller.stats()));
        metrics.sockets().aggregates(aggregates);
        metrics.namespaces().active(activeNamespaces);
        if (metrics.namespaces().labelled()) {
            for (NamespacePollResult r : last) {
                metrics.namespaces().sockets(r.namespace().name(), r.sockets());
            }
        }
        return records;
    }
}
