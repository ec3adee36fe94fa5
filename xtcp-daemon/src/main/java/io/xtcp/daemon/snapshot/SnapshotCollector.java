package io.xtcp.daemon.snapshot;


/**
 * Collects one poll's records from every worker's {@link SnapshotTap} into the bounded snapshot
 * the side server answers /api/sockets and /stream from, and publishes it when the poll ends. Off
 * when the side server is off.
 *
 * <p>A poll keeps records only when the {@link PollFeed} says someone wanted them lately (decided
 * when the poll's first namespace starts); otherwise it only counts (for /api/summary and
 * /api/status), and no record arrays are held: a daemon nobody asks spends neither the copying
 * nor the few MiB of heap. The snapshot takes over the builder's arrays (up to 10,000 records and
 * their wire bytes). Once the feed and every reader have released a snapshot, its arrays come
 * back here and the next recorded poll fills them, so a watched daemon allocates none per poll;
 * while a reader still holds the older one (a slow /stream client), the next poll gets new arrays.
 */
public final class SnapshotCollector {
    private final PollFeed feed;
    private final int maxRecords;
    private SnapshotBuilder builder;
    /** A released snapshot whose arrays the next recorded poll's builder takes. */
    private PollSnapshot spare;
    private long recycled;
    private volatile int room;
    /** Whether this poll keeps records; decided by its first {@link #room} call. */
    private volatile boolean decided;
    private boolean recording;
    private long seq;

    public SnapshotCollector(PollFeed feed, int maxRecords) {
        this.feed = feed;
        this.maxRecords = maxRecords;
        this.builder = PollSnapshot.builder(maxRecords);
    }

    /** A new worker's tap. */
    public SnapshotTap tap() {
        return new SnapshotTap(this);
    }

    /** Records the poll can still keep (a hint for the taps); 0 when the poll only counts. */
    int room() {
        if (!decided) {
            decide();
        }
        return room;
    }

    private synchronized void decide() {
        if (decided) {
            return;
        }
        // No tap has added anything yet: the first room() call of a poll comes before its first add.
        recording = feed.wanted();
        if (recording) {
            room = maxRecords;
        } else {
            // The record arrays (the builder's, sized after the last recorded poll, and the spare)
            // go back to the heap.
            builder = PollSnapshot.builder(0).countOnly();
            spare = null;
            room = 0;
        }
        decided = true;
    }

    /** Called by a tap at the end of each namespace. */
    synchronized void add(SnapshotBuilder namespace) {
        builder.addAll(namespace);
        if (recording) {
            room = maxRecords - builder.keptRecords();
        }
    }

    /** Called once a poll is over. */
    public synchronized void publish() {
        if (!decided) {
            decide(); // a poll of no namespace
        }
        int records = builder.keptRecords();
        int bytes = builder.keptBytes();
        feed.publish(builder.build(++seq, System.currentTimeMillis(), this::recycle));
        // Publishing released the snapshot before, which is usually the spare by now. Sized like
        // this poll, the next builder fills without growing (polls vary little).
        builder = PollSnapshot.builder(maxRecords);
        if (recording) {
            if (spare != null) {
                builder.reuse(spare);
                spare = null;
            }
            builder.expect(records, bytes + bytes / 8);
        } else {
            spare = null;
        }
        decided = false;
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

    /** Bytes of record arrays held here for the next poll (the builder's and the spare's). */
    synchronized long heldBytes() {
        return (spare != null ? spare.retainedBytes() : 0) + builder.capacityBytes();
    }
}
