package io.xtcp.dest.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BatchPoolTest {
    private static ByteBuffer bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return ByteBuffer.wrap(b);
    }

    private static byte[] content(Batch b) {
        ByteBuffer buf = b.bytes();
        byte[] out = new byte[buf.remaining()];
        buf.get(out);
        return out;
    }

    @Test
    void aBatchHoldsACopyOfItsBytesWhateverTheArray() {
        BatchPool pool = new BatchPool(4);
        ByteBuffer src = bytes(10_000, 1);
        src.position(7);
        Batch b = pool.copyOf(src, 3);
        assertEquals(7, src.position(), "the source is not moved");
        assertEquals(9_993, b.size());
        assertEquals(3, b.records);
        assertArrayEquals(Arrays.copyOfRange(src.array(), 7, 10_000), content(b));
    }

    @Test
    void releasedArraysOfNearFullBatchesAreReused() {
        BatchPool pool = new BatchPool(4);
        Batch first = pool.copyOf(bytes(100_000, 1), 1);
        pool.release(first);
        assertEquals(1, pool.pooled());
        Batch second = pool.copyOf(bytes(99_000, 2), 1);
        assertSame(first.data, second.data, "a batch of at least 3/4 of the largest takes a pooled array");
        assertArrayEquals(Arrays.copyOf(bytes(99_000, 2).array(), 99_000), content(second), "only its own bytes count");
        assertEquals(0, pool.pooled());
    }

    @Test
    void smallBatchesGetExactArraysThatAreNotKept() {
        BatchPool pool = new BatchPool(4);
        pool.release(pool.copyOf(bytes(100_000, 1), 1));
        Batch small = pool.copyOf(bytes(1_000, 3), 1);
        assertEquals(1_000, small.data.length);
        pool.release(small);
        assertEquals(1, pool.pooled(), "only arrays of the pooled capacity are kept");
    }

    @Test
    void theFreeListIsBounded() {
        BatchPool pool = new BatchPool(2);
        Batch[] held = new Batch[5];
        for (int i = 0; i < held.length; i++) {
            held[i] = pool.copyOf(bytes(50_000, i), 1);
        }
        for (Batch b : held) {
            pool.release(b);
        }
        assertEquals(2, pool.pooled());
    }

    @Test
    void aLargerBatchRetiresTheSmallerArrays() {
        BatchPool pool = new BatchPool(4);
        Batch a = pool.copyOf(bytes(10_000, 1), 1);
        pool.release(a);
        Batch big = pool.copyOf(bytes(50_000, 2), 1);
        assertNotSame(a.data, big.data);
        assertEquals(0, pool.pooled(), "arrays too small for the new largest are dropped");
        pool.release(big);
        assertEquals(1, pool.pooled());
    }
}
