package io.xtcp.dest.udp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The UDP sink's datagram buffers: at most {@code limit} direct buffers of one datagram's size,
 * made when first needed and then reused for the sink's life, so sending allocates and frees no
 * native memory (a 64 KiB malloc and free per datagram fragmented the C heap and kept it growing).
 *
 * <p>The pool holds one reference to each buffer. A sender takes a filled copy and writes it
 * retained; Netty releases its reference once the datagram is sent or has failed, and the write's
 * listener hands the buffer back with {@link #give}. Callers bound how many buffers are out at once
 * (the sink's in-flight permits, each returned only after its buffer), so no more than
 * {@code limit} are ever made.
 */
final class DatagramBuffers {
    private final ByteBufAllocator alloc;
    private final int capacity;
    private final ArrayBlockingQueue<ByteBuf> free;
    private final AtomicInteger made = new AtomicInteger();
    private volatile boolean closed;

    DatagramBuffers(ByteBufAllocator alloc, int capacity, int limit) {
        this.alloc = alloc;
        this.capacity = capacity;
        this.free = new ArrayBlockingQueue<>(limit);
    }

    /** An empty buffer of the datagram size: a free one, or a new one while fewer than the limit exist. */
    ByteBuf take() {
        ByteBuf b = free.poll();
        if (b != null) {
            return b.clear();
        }
        made.incrementAndGet();
        return alloc.directBuffer(capacity, capacity);
    }

    /** A buffer holding a copy of {@code batch}'s remaining bytes (at most the datagram size). */
    ByteBuf copyOf(ByteBuffer batch) {
        ByteBuf b = take();
        try {
            return b.writeBytes(batch.duplicate());
        } catch (RuntimeException e) {
            give(b);
            throw e;
        }
    }

    /** Takes a buffer back (its only reference left is the pool's); frees it once the pool is closed. */
    void give(ByteBuf b) {
        if (closed || !free.offer(b)) {
            b.release();
            return;
        }
        if (closed) { // closed between the check and the offer
            drain();
        }
    }

    /** Frees the buffers now in the pool and those given back later. */
    void close() {
        closed = true;
        drain();
    }

    private void drain() {
        for (ByteBuf b; (b = free.poll()) != null; ) {
            b.release();
        }
    }

    /** How many buffers were made (never more than the limit). */
    int made() {
        return made.get();
    }

    /** How many are in the pool now. */
    int idle() {
        return free.size();
    }
}
