package io.xtcp.daemon;

import io.xtcp.daemon.http.PollFeed;
import io.xtcp.daemon.http.PollSnapshot;

/**
 * Collects one poll's records from every worker's {@link SnapshotTap} into the bounded snapshot
 * the side server answers /api/sockets and /stream from, and publishes it when the poll ends. Off
 * when the side server is off. The snapshot takes over the builder's arrays (up to 10,000 records
 * and their wire bytes, a few MiB). Once the feed and every reader have released a snapshot, its
 * arrays come back here and the next poll fills them, so a steady daemon allocates none per poll;
 * while a reader still holds the older one (a slow /stream client), the next poll gets new arrays.
 */
final class SnapshotCollector {
    private final PollFeed feed;
    private final int maxRecords;
    private PollSnapshot.Builder builder;
    /** A released snapshot whose arrays the next poll's builder takes. */
    private PollSnapshot spare;
    private long recycled;
    private volatile int room;
    private long seq;

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
        feed.publish(builder.build(++seq, System.currentTimeMillis(), this::recycle));
        // Publishing released the snapshot before, which is usually the spare by now. Sized like
        // this poll, the next builder fills without growing (polls vary little).
        builder = PollSnapshot.builder(maxRecords);
        if (spare != null) {
            builder.reuse(spare);
            spare = null;
        }
        builder.expect(records, bytes + bytes / 8);
        room = maxRecords;
    }

    /** A snapshot nobody holds any more (on whichever thread released it last). */
    private synchronized void recycle(PollSnapshot spent) {
        spare = spent;
        recycled++;
    }

    /** Snapshots whose arrays came back for reuse. */
    synchronized long recycled() {
        return recycled;
    }
}
