package io.xtcp.dest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xtcp.dest.testing.TestBatches;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Destination} promises, checked against a real peer that each subclass
 * provides: batches arrive intact, concurrent sends from several threads all arrive, close is
 * idempotent, and send after close fails with {@link DestinationClosedException} naming the URI.
 */
public abstract class DestinationContract {
    private final List<Destination> opened = new ArrayList<>();

    /** Opens a destination whose peer this test reads back. */
    protected abstract Destination open() throws Exception;

    /**
     * The batches the peer has received so far, waiting up to {@code timeout} for {@code expected}
     * of them; null when the sink keeps nothing (null:).
     */
    protected abstract List<byte[]> received(Destination d, int expected, Duration timeout) throws Exception;

    /** Whether batches keep their order on the way (single sender). */
    protected boolean ordered() {
        return true;
    }

    private Destination track(Destination d) {
        opened.add(d);
        return d;
    }

    @AfterEach
    void closeAll() throws Exception {
        for (Destination d : opened) {
            d.close();
        }
    }

    @Test
    void everyBatchTakenIsConfirmedExactlyOnce() throws Exception {
        Destination d = track(open());
        List<TestBatches.Batch> batches = TestBatches.batches(1, 60, 3, 8000, 10);
        java.util.concurrent.atomic.AtomicInteger delivered = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger failed = new java.util.concurrent.atomic.AtomicInteger();
        for (TestBatches.Batch b : batches) {
            java.util.concurrent.atomic.AtomicBoolean once = new java.util.concurrent.atomic.AtomicBoolean();
            d.send(b.buffer(), new Delivery() {
                @Override
                public void delivered() {
                    assertTrue(once.compareAndSet(false, true), "told twice");
                    delivered.incrementAndGet();
                }

                @Override
                public void failed(String dropReason, Throwable cause) {
                    once.set(true);
                    failed.incrementAndGet();
                }
            });
        }
        waitFor(() -> delivered.get() + failed.get() == batches.size(), Duration.ofSeconds(20));
        assertEquals(batches.size(), delivered.get(), "a live peer confirms every batch");
        assertEquals(batches.size(), d.stats().envelopes(), "the sink's counter agrees: " + d.stats());
        List<byte[]> got = received(d, batches.size(), Duration.ofSeconds(20));
        if (got != null) {
            assertEquals(batches.size(), got.size(), "every confirmed batch reached the peer");
        }
    }

    @Test
    void sendDeliversEachBatchIntact() throws Exception {
        Destination d = track(open());
        List<TestBatches.Batch> batches = TestBatches.batches(1, 60, 20, 8000, 10);
        long bytes = 0;
        for (TestBatches.Batch b : batches) {
            ByteBuffer buf = b.buffer();
            d.send(buf);
            assertEquals(0, buf.position(), "send leaves the caller's buffer as it was");
            bytes += b.framed.length;
        }
        List<byte[]> got = received(d, batches.size(), Duration.ofSeconds(20));
        if (got != null) {
            assertEquals(batches.size(), got.size());
            for (int i = 0; i < batches.size(); i++) {
                if (ordered()) {
                    assertArrayEquals(batches.get(i).framed, got.get(i), "batch " + i);
                }
            }
            List<Long> all = new ArrayList<>();
            for (byte[] g : got) {
                all.addAll(TestBatches.counters(g));
            }
            if (!ordered()) {
                Collections.sort(all);
            }
            TestBatches.assertRange(1, 60, all);
        }
        waitFor(() -> d.stats().envelopes() == batches.size(), Duration.ofSeconds(20));
        assertEquals(bytes, d.stats().bytes());
        assertEquals(0, d.stats().errors(), () -> d.stats().toString());
    }

    @Test
    void concurrentSendsAllArrive() throws Exception {
        Destination d = track(open());
        int threads = 4;
        int perThread = 50;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                long first = 1 + (long) t * perThread * 3;
                fs.add(pool.submit(() -> {
                    List<TestBatches.Batch> bs = TestBatches.batches(first, perThread * 3, 3, 4000, 0);
                    go.await();
                    for (TestBatches.Batch b : bs) {
                        d.send(b.buffer());
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : fs) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        int total = threads * perThread;
        List<byte[]> got = received(d, total, Duration.ofSeconds(30));
        if (got != null) {
            List<Long> all = new ArrayList<>();
            for (byte[] g : got) {
                all.addAll(TestBatches.counters(g));
            }
            Collections.sort(all);
            TestBatches.assertRange(1, (long) threads * perThread * 3, all);
        }
        waitFor(() -> d.stats().envelopes() == total, Duration.ofSeconds(20));
    }

    @Test
    void closeTwiceIsQuiet() throws Exception {
        Destination d = open();
        d.send(TestBatches.batches(1, 3, 3, 4000, 0).get(0).buffer());
        d.close();
        assertDoesNotThrow(d::close);
    }

    @Test
    void sendAfterCloseFailsClearly() throws Exception {
        Destination d = open();
        d.close();
        DestinationClosedException e = assertThrows(DestinationClosedException.class,
                () -> d.send(TestBatches.batches(1, 1, 1, 4000, 0).get(0).buffer()));
        assertTrue(e.getMessage().contains(d.uri()) && e.getMessage().contains("closed"), e.getMessage());
    }

    /** Polls a condition. */
    public static void waitFor(java.util.function.BooleanSupplier c, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met within " + timeout);
            }
            Thread.sleep(5);
        }
    }
}
