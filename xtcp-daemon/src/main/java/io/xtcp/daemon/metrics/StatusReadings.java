package io.xtcp.daemon.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The run's state that {@code /api/status} serves (through {@code http/MetricsDaemonView}) and the
 * health reads: poll counts by result, the last poll's time, duration and sockets, the namespaces
 * polled, records dropped, stream clients and the bound destinations. The binders write it as
 * events come and read it for their gauges, so a status field and its meter are one number; it is
 * its own class so the JSON does not read the meter registry and the meters do not carry the JSON.
 *
 * <p>Thread-safe: written by the poll scheduler and the side server's threads, read by any.
 */
public final class StatusReadings {
    private final long startMillis = System.currentTimeMillis();
    private final AtomicLongArray polls = new AtomicLongArray(PollMeters.RESULTS.size());
    final AtomicLong lastDurationNanos = new AtomicLong();
    final AtomicLong lastPollMillis = new AtomicLong();
    final AtomicLong lastSuccessMillis = new AtomicLong();
    final AtomicLong socketsLastPoll = new AtomicLong();
    final AtomicLong namespacesActive = new AtomicLong();
    final AtomicLong droppedRecords = new AtomicLong();
    final AtomicLong streamClients = new AtomicLong();
    private final Map<String, SinkMeters> sinks = new ConcurrentHashMap<>();

    /** One poll cycle ended at {@code nowMillis} with result number {@code result} (an index of {@link PollMeters#RESULTS}). */
    void pollEnded(int result, long durationNanos, long nowMillis) {
        polls.incrementAndGet(result);
        lastDurationNanos.set(durationNanos);
        lastPollMillis.set(nowMillis);
        if (result == 0) {
            lastSuccessMillis.set(nowMillis);
        }
    }

    void sinkBound(SinkMeters s) {
        sinks.put(s.scheme(), s);
    }

    /** Unix millis this object (the metrics) was made: the start of the run. */
    public long startMillis() {
        return startMillis;
    }

    /** Poll cycles that ended with {@code result} (ok, error, timeout); 0 for any other. */
    public long polls(String result) {
        int i = PollMeters.RESULTS.indexOf(result);
        return i < 0 ? 0 : polls.get(i);
    }

    public long lastPollDurationNanos() {
        return lastDurationNanos.get();
    }

    /** Unix millis the last poll ended; 0 before the first. */
    public long lastPollMillis() {
        return lastPollMillis.get();
    }

    /** Unix millis the last successful poll ended; 0 before the first. */
    public long lastSuccessMillis() {
        return lastSuccessMillis.get();
    }

    public long socketsLastPoll() {
        return socketsLastPoll.get();
    }

    public long namespacesActive() {
        return namespacesActive.get();
    }

    public long droppedRecords() {
        return droppedRecords.get();
    }

    public long streamClients() {
        return streamClients.get();
    }

    /** The bound destinations, by scheme. */
    public Map<String, SinkMeters> sinks() {
        return Map.copyOf(sinks);
    }
}
