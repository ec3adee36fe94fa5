package io.xtcp.daemon.snapshot;

import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Where the daemon hands each poll's {@link PollSnapshot}: /api reads the latest, /stream clients
 * are notified. {@link #publish} only swaps a reference and calls listeners that must not block
 * (the stream hands the work to its event loop), so the poller is never held up.
 *
 * <p>Records are kept on demand. A poll keeps them only if someone {@link #want wanted} them
 * within the last {@link #keep} (an /api/sockets request, a /stream client, the dashboard);
 * otherwise it only counts, and the snapshot arrays (a few MiB at the default limit) are given
 * back to the heap. A request that finds the latest poll unrecorded asks for records and
 * {@link #whenRecorded waits} for the next recorded poll, up to {@link #recordWait}.
 */
public final class PollFeed {
    /** How long records are kept after they were last asked for, by default. */
    public static final Duration DEFAULT_KEEP = Duration.ofMinutes(5);

    private volatile PollSnapshot latest = PollSnapshot.empty();
    private final CopyOnWriteArrayList<Consumer<PollSnapshot>> listeners = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Runnable> waiters = new ConcurrentLinkedQueue<>();
    private final Duration recordWait;
    private final long keepNanos;
    /** System.nanoTime() until which polls keep records; at start, none is wanted. */
    private volatile long wantedUntil = System.nanoTime();

    /** Waits up to 30 s for a recorded poll, keeps records 5 minutes after they were asked for. */
    public PollFeed() {
        this(Duration.ofSeconds(30), DEFAULT_KEEP);
    }

    /**
     * @param recordWait how long a request waits for a recorded poll (the daemon: two poll
     *     intervals and a poll timeout, the longest a poll can take to start and end)
     * @param keep how long polls keep records after they were last asked for
     */
    public PollFeed(Duration recordWait, Duration keep) {
        this.recordWait = recordWait;
        this.keepNanos = keep.toNanos();
    }

    /**
     * Makes {@code snapshot} the latest, taking over the reference its builder gave it, and gives
     * back the one held on the previous snapshot. Runs the {@link #whenRecorded waiters} if the
     * snapshot is recorded.
     */
    public void publish(PollSnapshot snapshot) {
        PollSnapshot previous = latest;
        latest = snapshot;
        for (Consumer<PollSnapshot> l : listeners) {
            try {
                l.accept(snapshot);
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(PollFeed.class).warn("poll listener failed: {}", e.toString());
            }
        }
        previous.release();
        if (snapshot.recorded()) {
            for (Runnable r = waiters.poll(); r != null; r = waiters.poll()) {
                r.run();
            }
        }
    }

    /** The latest snapshot, for its counts and sizes only: reading its records needs {@link #acquire}. */
    public PollSnapshot latest() {
        return latest;
    }

    /** The latest snapshot with a reference taken: the caller reads its records, then {@link PollSnapshot#release releases} it. */
    public PollSnapshot acquire() {
        while (true) {
            PollSnapshot s = latest;
            if (s.retain()) {
                return s;
            }
        }
    }

    /** Asks for records: the polls that start within {@link #keep} from now keep them. */
    public void want() {
        wantedUntil = System.nanoTime() + keepNanos;
    }

    /** Whether a poll starting now should keep records. */
    public boolean wanted() {
        return System.nanoTime() - wantedUntil < 0;
    }

    /** How long records are kept after they were last asked for. */
    public Duration keep() {
        return Duration.ofNanos(keepNanos);
    }

    /** How long a request waits for a recorded poll before it answers with what there is. */
    public Duration recordWait() {
        return recordWait;
    }

    /**
     * Runs {@code task} once, on the publishing thread (it must not block), when a recorded
     * snapshot is the latest: now if it already is, else at the next recorded publish. {@link
     * #cancel} takes it back (after a time-out).
     */
    public void whenRecorded(Runnable task) {
        waiters.add(task);
        // A recorded snapshot published between the caller's look and the add would not run it.
        if (latest.recorded() && waiters.remove(task)) {
            task.run();
        }
    }

    /** Takes back a task given to {@link #whenRecorded}; false if it has run or is running. */
    public boolean cancel(Runnable task) {
        return waiters.remove(task);
    }

    public void listen(Consumer<PollSnapshot> listener) {
        listeners.add(listener);
    }

    public void unlisten(Consumer<PollSnapshot> listener) {
        listeners.remove(listener);
    }
}
