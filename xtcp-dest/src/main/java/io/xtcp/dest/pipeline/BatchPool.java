package io.xtcp.dest.pipeline;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * Recycles the arrays of batches the pipeline is done with, so that copying each envelope off the
 * poll thread does not allocate (a poll of 200k sockets is ~70 full envelopes, and the garbage
 * made the heap and the process grow). Only near-full batches use pooled arrays: their capacity
 * is the largest batch seen so far (rounded up to 4 KiB) and a batch takes one when it is at least three quarters of
 * that, so a pooled array wastes at most a quarter of itself; smaller batches (the last envelope
 * of a namespace) get exact arrays that are left to the collector. At most {@code maxPooled}
 * arrays wait here. Thread-safe.
 */
final class BatchPool {
    private static final int ROUND = 4096;
    private final int maxPooled;
    private final ArrayDeque<byte[]> free;
    private int capacity;

    BatchPool(int maxPooled) {
        this.maxPooled = maxPooled;
        this.free = new ArrayDeque<>(Math.max(1, maxPooled));
    }

    /** A batch holding a copy of {@code framed} (position to limit; the buffer is not changed). */
    Batch copyOf(ByteBuffer framed, int records) {
        int n = framed.remaining();
        byte[] data = take(n);
        framed.duplicate().get(data, 0, n);
        return new Batch(data, n, records);
    }

    /** Hands back the array of a batch nobody reads any more; it is reused or left to the collector. */
    void release(Batch b) {
        byte[] data = b.data;
        synchronized (this) {
            if (data.length == capacity && free.size() < maxPooled) {
                free.push(data);
            }
        }
    }

    private byte[] take(int n) {
        synchronized (this) {
            if (n > capacity) {
                capacity = (n + ROUND - 1) / ROUND * ROUND; // envelopes of one size limit differ by a record or so
                free.clear(); // too small for what comes now
                return new byte[capacity];
            } else if (n >= capacity - capacity / 4) {
                byte[] b = free.poll();
                return b != null ? b : new byte[capacity];
            }
        }
        return new byte[n];
    }

    /** Arrays waiting to be reused. */
    synchronized int pooled() {
        return free.size();
    }
}
