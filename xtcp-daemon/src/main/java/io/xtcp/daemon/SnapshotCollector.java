package io.xtcp.daemon;

import io.xtcp.core.record.Envelope;
import io.xtcp.daemon.http.PollFeed;
import io.xtcp.daemon.http.PollSnapshot;

/**
 * Collects the envelopes of one poll (from every worker) into the bounded snapshot the side
 * server answers /api/sockets and /stream from, and publishes it when the poll ends. Off when the
 * side server is off.
 */
final class SnapshotCollector {
    private final PollFeed feed;
    private PollSnapshot.Builder builder = PollSnapshot.builder(PollSnapshot.DEFAULT_MAX_RECORDS);
    private long seq;

    SnapshotCollector(PollFeed feed) {
        this.feed = feed;
    }

    /** Called by poll workers for every envelope they flush. */
    synchronized void add(Envelope envelope) {
        builder.addEnvelope(envelope.body());
    }

    /** Called once a poll is over. */
    synchronized void publish() {
        PollSnapshot snapshot = builder.build(++seq, System.currentTimeMillis());
        feed.publish(snapshot);
        builder = PollSnapshot.builder(PollSnapshot.DEFAULT_MAX_RECORDS, snapshot);
    }
}
