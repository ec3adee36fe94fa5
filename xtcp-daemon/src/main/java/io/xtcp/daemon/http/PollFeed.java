package io.xtcp.daemon.http;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Where the daemon hands each poll's {@link PollSnapshot}: /api reads the latest, /stream clients
 * are notified. {@link #publish} only swaps a reference and calls listeners that must not block
 * (the stream hands the work to its event loop), so the poller is never held up.
 */
public final class PollFeed {
    private volatile PollSnapshot latest = PollSnapshot.empty();
    private final CopyOnWriteArrayList<Consumer<PollSnapshot>> listeners = new CopyOnWriteArrayList<>();

    /**
     * Makes {@code snapshot} the latest, taking over the reference its builder gave it, and gives
     * back the one held on the previous snapshot.
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

    void listen(Consumer<PollSnapshot> listener) {
        listeners.add(listener);
    }

    void unlisten(Consumer<PollSnapshot> listener) {
        listeners.remove(listener);
    }
}
