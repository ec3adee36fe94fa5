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

    public void publish(PollSnapshot snapshot) {
        latest = snapshot;
        for (Consumer<PollSnapshot> l : listeners) {
            try {
                l.accept(snapshot);
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(PollFeed.class).warn("poll listener failed: {}", e.toString());
            }
        }
    }

    public PollSnapshot latest() {
        return latest;
    }

    void listen(Consumer<PollSnapshot> listener) {
        listeners.add(listener);
    }

    void unlisten(Consumer<PollSnapshot> listener) {
        listeners.remove(listener);
    }
}
