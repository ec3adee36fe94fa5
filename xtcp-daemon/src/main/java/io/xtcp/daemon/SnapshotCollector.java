package io.xtcp.daemon;

import io.xtcp.daemon.http.PollFeed;
import io.xtcp.daemon.http.PollSnapshot;

/**
 * Collects one poll's records from every worker's {@link SnapshotTap} into the bounded snapshot
 * the side server answers /api/sockets and /stream from, and publishes it when the poll ends. Off
 * when the side server is off. The snapshot takes over the builder's arrays, so a poll costs one
 * set of arrays of the size of the records kept (at most 10,000), sized from the poll before.
 */
final class SnapshotCollector {
    private final PollFeed feed;
    private final int maxRecords;
    private PollSnapshot.Builder builder;
    private volatile int room;
    private long seq;

    SnapshotCollector(PollFeed feed) {
        this(feed, PollSnapshot.DEFAULT_MAX_RECORDS);
    }

    SnapshotCollector(PollFeed feed, int maxRecords) {
        this.feed = feed;
        this.maxRecords = maxRecords;
        this.builder = PollSnapshot.builder(maxRecords);
        this.room = maxRecords;
    }

    /** A new worker's tap. */
    SnapshotTap tap() {
        return new SnapshotTap(this);
    }

    /** Records the poll can still keep (a hint for the taps). */
    int room() {
        return room;
    }

    /** Called by a tap at the end of each namespace. */
    synchronized void add(PollSnapshot.Builder namespace) {
        builder.addAll(namespace);
        room = maxRecords - builder.keptRecords();
    }

    /** Called once a poll is over. */
    synchronized void publish() {
        int records = builder.keptRecords();
        int bytes = builder.keptBytes();
        feed.publish(builder.build(++seq, System.currentTimeMillis()));
        // Sized like this poll, the next builder fills without growing (polls vary little).
        builder = PollSnapshot.builder(maxRecords).expect(records, bytes + bytes / 8);
        room = maxRecords;
    }
}
