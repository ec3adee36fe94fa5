package io.xtcp.daemon.http;

import io.xtcp.daemon.metrics.XtcpMetrics;
import io.xtcp.daemon.snapshot.PollFeed;
import io.xtcp.daemon.snapshot.PollSnapshot;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The /stream clients. On each published poll it hands the snapshot to every client's own event
 * loop and returns: the publishing (poller) thread does O(clients) work and never waits. Each
 * client gets its own reference to the snapshot, which it releases when it has sent or dropped it.
 * While any client is connected, the polls keep records; polls that only counted are not sent.
 */
final class StreamHub implements Consumer<PollSnapshot> {
    private static final Logger LOG = LoggerFactory.getLogger(StreamHub.class);

    private final PollFeed feed;
    private final XtcpMetrics metrics;
    private final Set<StreamClient> clients = ConcurrentHashMap.newKeySet();
    private final AtomicLong dropped = new AtomicLong();
    private volatile long lastDropLogMillis;

    StreamHub(PollFeed feed, XtcpMetrics metrics) {
        this.feed = feed;
        this.metrics = metrics;
    }

    @Override
    public void accept(PollSnapshot snapshot) {
        if (clients.isEmpty()) {
            return;
        }
        feed.want(); // connected clients keep the polls recording
        if (!snapshot.recorded()) {
            return; // the poll under way when the first client subscribed: it has no records to send
        }
        for (StreamClient c : clients) {
            if (!snapshot.retain()) {
                return; // not while the feed holds it; a snapshot already recycled is no one's to send
            }
            try {
                c.channel().eventLoop().execute(() -> c.offer(snapshot));
            } catch (RejectedExecutionException e) { // the event loop is shutting down
                snapshot.release();
            }
        }
    }

    /** The latest snapshot, retained for the caller (see {@link PollFeed#acquire}). */
    PollSnapshot acquire() {
        return feed.acquire();
    }

    /** A client subscribed: polls record from the next one on, for as long as clients stay. */
    void add(StreamClient c) {
        clients.add(c);
        feed.want();
    }

    void remove(StreamClient c) {
        clients.remove(c);
    }

    int clients() {
        return clients.size();
    }

    long droppedClients() {
        return dropped.get();
    }

    void dropped(StreamClient c) {
        dropped.incrementAndGet();
        metrics.http().streamClientDropped();
        long now = System.currentTimeMillis();
        if (now - lastDropLogMillis > 60_000) {
            lastDropLogMillis = now;
            LOG.warn("/stream client {} disconnected: still receiving the previous poll when the next arrived ({} dropped so far)",
                    c.channel().remoteAddress(), dropped.get());
        }
    }
}
