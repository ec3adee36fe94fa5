package io.xtcp.dest;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one sink, safe to update from any thread and to read at any time: envelopes (one
 * per batch the transport confirmed: datagram not refused, Kafka record acknowledged, file write done),
 * their bytes, and errors by kind (an exception's simple class name, or a word such as
 * {@code oversize}). The daemon turns these into metrics.
 */
public final class SinkStats {
    private final LongAdder envelopes = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private final ConcurrentHashMap<String, LongAdder> errors = new ConcurrentHashMap<>();

    public void sent(long byteCount) {
        envelopes.increment();
        bytes.add(byteCount);
    }

    /** {@code count} envelopes of {@code byteCount} bytes in all. */
    public void sent(int count, long byteCount) {
        envelopes.add(count);
        bytes.add(byteCount);
    }

    public void error(String kind) {
        errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    public void error(Throwable t) {
        error(t.getClass().getSimpleName());
    }

    public long envelopes() {
        return envelopes.sum();
    }

    public long bytes() {
        return bytes.sum();
    }

    /** All errors, every kind. */
    public long errors() {
        long n = 0;
        for (LongAdder a : errors.values()) {
            n += a.sum();
        }
        return n;
    }

    public long errors(String kind) {
        LongAdder a = errors.get(kind);
        return a == null ? 0 : a.sum();
    }

    /** A snapshot, sorted by kind. */
    public Map<String, Long> errorsByKind() {
        Map<String, Long> m = new TreeMap<>();
        errors.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    @Override
    public String toString() {
        return "envelopes=" + envelopes() + " bytes=" + bytes() + " errors=" + errorsByKind();
    }
}
