package io.xtcp.dest.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xtcp.dest.DestinationContract;
import io.xtcp.dest.marshal.ProtobufListMarshaller;
import io.xtcp.dest.testing.ScriptedDestination;
import io.xtcp.dest.testing.ScriptedDestination.Mode;
import io.xtcp.dest.testing.TestBatches;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SinkPipelineTest {
    @TempDir
    Path dir;

    /** Batches of 1..7 rows, record counters 1..n in order. */
    static List<TestBatches.Batch> mixedBatches(int batches) {
        List<TestBatches.Batch> out = new ArrayList<>();
        long next = 1;
        for (int i = 0; i < batches; i++) {
            int rows = 1 + (i * 5 % 7);
            out.addAll(TestBatches.batches(next, rows, rows, 16000, 0));
            next += rows;
        }
        return out;
    }

    static long records(List<TestBatches.Batch> bs) {
        return bs.stream().mapToLong(b -> b.records).sum();
    }

    private static PipelineConfig.Builder config() {
        return PipelineConfig.builder().retry(Duration.ofMillis(5), Duration.ofMillis(40)).closeTimeout(Duration.ofSeconds(5));
    }

    /** A pipeline over {@code sink}, now blocked, whose sender holds the first of {@code bs}. */
    private static SinkPipeline holdingTheFirstBatch(ScriptedDestination sink, List<TestBatches.Batch> bs, PipelineConfig c)
            throws Exception {
        sink.mode(Mode.BLOCK);
        SinkPipeline p = new SinkPipeline(sink, new ProtobufListMarshaller(), c);
        p.offer(bs.get(0).buffer(), bs.get(0).records);
        sink.awaitBlocked();
        return p;
    }

    @Test
    void deliversEverythingInOrder() throws Exception {
        ScriptedDestination sink = new ScriptedDestination();
        List<TestBatches.Batch> bs = mixedBatches(300);
        SinkPipeline p = new SinkPipeline(sink, new ProtobufListMarshaller(), config().build());
        for (TestBatches.Batch b : bs) {
            assertTrue(p.offer(b.buffer(), b.records));
        }
        p.close();
        p.close();
        TestBatches.assertRange(1, records(bs), sink.counters());
        assertEquals(records(bs), p.stats().sentRecords());
        assertEquals(0, p.stats().droppedRecords());
        assertEquals(1, sink.closes(), "the pipeline owns and closes its destination once");
    }

    @Test
    void dropOldestCountsExactlyTheRecordsThatNeverArrived() throws Exception {
        ScriptedDestination sink = new ScriptedDestination();
        List<TestBatches.Batch> bs = mixedBatches(200);
        SinkPipeline p = holdingTheFirstBatch(sink, bs, config().maxQueueBatches(10).build());
        for (TestBatches.Batch b : bs.subList(1, bs.size())) {
            assertTrue(p.offer(b.buffer(), b.records));
            assertTrue(p.stats().queuedBatches() <= 10);
        }
        sink.mode(Mode.ACCEPT);
        p.close();
        List<Long> got = sink.counters();
        // the batch in flight, then the newest ten
        List<Long> expected = new ArrayList<>(TestBatches.counters(bs.get(0).framed));
        for (TestBatches.Batch b : bs.subList(bs.size() - 10, bs.size())) {
            expected.addAll(TestBatches.counters(b.framed));
        }
        assertEquals(expected, got);
        assertExactDropCount(p.stats(), records(bs), got, "overflow");
    }

    @Test
    void dropNewestCountsExactlyTheRecordsThatNeverArrived() throws Exception {
        ScriptedDestination sink = new ScriptedDestination();
        List<TestBatches.Batch> bs = mixedBatches(200);
        SinkPipeline p = holdingTheFirstBatch(sink, bs, config().maxQueueBatches(10).overflow(OverflowPolicy.DROP_NEWEST).build());
        int refused = 0;
        for (TestBatches.Batch b : bs.subList(1, bs.size())) {
            if (!p.offer(b.buffer(), b.records)) {
                refused++;
            }
        }
        assertEquals(bs.size() - 11, refused);
        sink.mode(Mode.ACCEPT);
        p.close();
        List<Long> got = sink.counters();
        List<Long> expected = new ArrayList<>();
        for (TestBatches.Batch b : bs.subList(0, 11)) {
            expected.addAll(TestBatches.counters(b.framed));
        }
        assertEquals(expected, got);
        assertExactDropCount(p.stats(), records(bs), got, "overflow");
    }

    @Test
    void queueMemoryIsBoundedByBytes() throws Exception {
        ScriptedDestination sink = new ScriptedDestination();
        sink.mode(Mode.BLOCK);
        List<TestBatches.Batch> bs = TestBatches.batches(1, 20_000, 20, 64000, 50);
        long maxBytes = 256 << 10;
        SinkPipeline p = new SinkPipeline(sink, new ProtobufListMarshaller(), config().maxQueueBytes(maxBytes).build());
        long maxSeen = 0;
        long start = System.nanoTime();
        long worstOffer = 0;
        for (TestBatches.Batch b : bs) {
            long t0 = System.nanoTime();
            p.offer(b.buffer(), b.records);
            worstOffer = Math.max(worstOffer, System.nanoTime() - t0);
            maxSeen = Math.max(maxSeen, p.stats().queuedBytes());
            assertTrue(p.stats().queuedBytes() <= maxBytes);
        }
        long elapsed = System.nanoTime() - start;
        assertTrue(maxSeen > maxBytes / 2, "the queue filled up: " + maxSeen);
        assertTrue(elapsed < 5_000_000_000L, "offers to a blocked sink never wait: " + elapsed / 1_000_000 + " ms for " + bs.size());
        System.out.printf("queue bound: %d batches offered to a blocked sink in %.1f ms (worst offer %.2f ms), queue max %d bytes%n",
                bs.size(), elapsed / 1e6, worstOffer / 1e6, maxSeen);
        sink.mode(Mode.ACCEPT);
        p.close();
        assertExactDropCount(p.stats(), 20_000, sink.counters(), "overflow");
    }

    @Test
    void aFullQueueWaitsForTheSenderInsteadOfDropping() throws Exception {
        ScriptedDestination sink = new ScriptedDestination();
        List<TestBatches.Batch> bs = mixedBatches(40);
        SinkPipeline p = holdingTheFirstBatch(sink, bs, config().maxQueueBatches(4).maxOfferWait(Duration.ofSeconds(30)).build());
        Thread poller = new Thread(() -> {
            for (TestBatches.Batch b : bs.subList(1, bs.size())) {
                p.offer(b.buffer(), b.records);
            }
        });
        poller.start();
        DestinationContract.waitFor(() -> p.stats().offerWaits() >= 1, Duration.ofSeconds(10));
        assertTrue(poller.isAlive(), "the fifth queued batch waits while the sink is blocked");
        assertEquals(4, p.stats().queuedBatches());
        assertEquals(0, p.stats().droppedRecords());
        sink.mode(Mode.ACCEPT);
        poller.join(30_000);
        assertFalse(poller.isAlive());
        p.close();
        TestBatches.assertRange(1, records(bs), sink.counters());
        assertEquals(0, p.stats().droppedRecords(), p.stats().toString());
        assertTrue(p.stats().offerWaits() >= 1 && p.stats().offerWaitNanos() > 0);
    }

    @Test
    void aStalledSinkCostsOneWaitThenDropsUntilItTakesABatchAgain() throws Exception {
        ScriptedDestination sink = new ScriptedDestination();
        List<TestBatches.Batch> bs = mixedBatches(60);
        Duration wait = Duration.ofMillis(200);
        SinkPipeline p = holdingTheFirstBatch(sink, bs, config().maxQueueBatches(4).maxOfferWait(wait).build());
        long t0 = System.nanoTime();
        for (TestBatches.Batch b : bs.subList(1, 30)) {
            assertTrue(p.offer(b.buffer(), b.records));
        }
        assertTrue(System.nanoTime() - t0 >= wait.toNanos(), "the first offer to the full queue waited");
        assertEquals(1, p.stats().offerWaits(), "the later ones did not wait for a stalled sink");
        assertTrue(p.stats().offerWaitNanos() >= wait.toNanos());
        assertTrue(p.stats().droppedRecords("overflow") > 0);

        sink.mode(Mode.ACCEPT); // the sink takes batches again: the next full queue is waited for again
        DestinationContract.waitFor(() -> p.stats().queuedBatches() == 0, Duration.ofSeconds(10));
        sink.mode(Mode.BLOCK);
        p.offer(bs.get(30).buffer(), bs.get(30).records);
        sink.awaitBlocked();
        for (TestBatches.Batch b : bs.subList(31, bs.size())) {
            p.offer(b.buffer(), b.records);
        }
        assertEquals(2, p.stats().offerWaits());
        sink.mode(Mode.ACCEPT);
        p.close();
        assertExactDropCount(p.stats(), records(bs), sink.counters(), "overflow");
    }

    @Test
    void closeWakesAWaitingOffer() throws Exception {
        ScriptedDestination sink = new ScriptedDestination();
        List<TestBatches.Batch> bs = mixedBatches(10);
        SinkPipeline p = holdingTheFirstBatch(sink, bs,
                config().maxQueueBatches(2).maxOfferWait(Duration.ofMinutes(5)).closeTimeout(Duration.ofMillis(200)).build());
        // the sender holds the first batch: the next two fill the queue
        for (TestBatches.Batch b : bs.subList(1, 3)) {
            p.offer(b.buffer(), b.records);
        }
        assertEquals(0, p.stats().offerWaits());
        boolean[] accepted = {true};
        Thread poller = new Thread(() -> accepted[0] = p.offer(bs.get(3).buffer(), bs.get(3).records));
        poller.start();
        DestinationContract.waitFor(() -> p.stats().offerWaits() == 1, Duration.ofSeconds(10));
        p.close();
        poller.join(30_000);
        assertFalse(poller.isAlive(), "close woke the offer");
        assertFalse(accepted[0], "the batch offered during close is refused");
        assertEquals(records(bs.subList(0, 4)), p.stats().droppedRecords("closed"));
    }

    @Test
    void failedSendsAreRetriedInOrderWithoutSpool() throws Exception {
        ScriptedDestination sink = new ScriptedDestination();
        sink.mode(Mode.FAIL);
        List<TestBatches.Batch> bs = mixedBatches(20);
        SinkPipeline p = new SinkPipeline(sink, new ProtobufListMarshaller(), config().build());
        for (TestBatches.Batch b : bs) {
            p.offer(b.buffer(), b.records);
        }
        DestinationContract.waitFor(() -> sink.attempts() >= 5, Duration.ofSeconds(5));
        sink.mode(Mode.ACCEPT);
        DestinationContract.waitFor(() -> p.stats().sentRecords() == records(bs), Duration.ofSeconds(10));
        p.close();
        TestBatches.assertRange(1, records(bs), sink.counters());
        assertTrue(p.stats().sendFailures() >= 5);
    }

    @Test
    void closeGivesUpAtTheDeadlineAndCountsWhatIsLeft() throws Exception {
        ScriptedDestination sink = new ScriptedDestination();
        sink.mode(Mode.FAIL);
        List<TestBatches.Batch> bs = mixedBatches(30);
        SinkPipeline p = new SinkPipeline(sink, new ProtobufListMarshaller(), config().closeTimeout(Duration.ofMillis(300)).build());
        for (TestBatches.Batch b : bs) {
            p.offer(b.buffer(), b.records);
        }
        long t0 = System.nanoTime();
        p.close();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 2000, "close took " + ms + " ms");
        assertEquals(records(bs), p.stats().droppedRecords("closed"));
        assertFalse(p.offer(bs.get(0).buffer(), bs.get(0).records), "offer after close is refused");
        assertEquals(records(bs) + bs.get(0).records, p.stats().droppedRecords("closed"));
    }

    @Test
    void rejectedBatchesAreCountedNotRetried() throws Exception {
        java.nio.channels.DatagramChannel peer = java.nio.channels.DatagramChannel.open()
                .bind(new java.net.InetSocketAddress("127.0.0.1", 0));
        int port = ((java.net.InetSocketAddress) peer.getLocalAddress()).getPort();
        io.xtcp.dest.Destination sink = io.xtcp.dest.Destinations.open("udp://127.0.0.1:" + port,
                java.util.Map.of("max.datagram.bytes", "1000"));
        SinkPipeline p = new SinkPipeline(sink, new ProtobufListMarshaller(), config().build());
        TestBatches.Batch big = TestBatches.batches(1, 30, 30, 64000, 100).get(0);
        TestBatches.Batch small = TestBatches.batches(31, 2, 2, 64000, 0).get(0);
        p.offer(big.buffer(), big.records);
        p.offer(small.buffer(), small.records);
        p.close();
        assertEquals(30, p.stats().droppedRecords("too-large"));
        assertEquals(2, p.stats().sentRecords());
        assertEquals(0, p.stats().sendFailures());
        assertEquals(1, sink.stats().errors("oversize"));
        peer.close();
    }

    @Test
    void spoolKeepsEveryRecordExactlyOnceInOrderAcrossAnOutage() throws Exception {
        ScriptedDestination sink = new ScriptedDestination();
        List<TestBatches.Batch> bs = mixedBatches(1500);
        SinkPipeline p = new SinkPipeline(sink, new ProtobufListMarshaller(), config()
                .maxQueueBatches(8).overflow(OverflowPolicy.SPOOL).spoolDir(dir.resolve("spool"))
                .spoolMaxBytes(64 << 20).spoolSegmentBytes(32 << 10).build());
        Thread offerer = new Thread(() -> {
            for (int i = 0; i < bs.size(); i++) {
                TestBatches.Batch b = bs.get(i);
                if (!p.offer(b.buffer(), b.records)) {
                    throw new AssertionError("offer refused");
                }
                if (i % 50 == 0) {
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        });
        offerer.start();
        Thread.sleep(20);
        sink.mode(Mode.FAIL);
        Thread.sleep(200);
        sink.mode(Mode.ACCEPT);
        Thread.sleep(20);
        sink.mode(Mode.FAIL);
        Thread.sleep(100);
        sink.mode(Mode.ACCEPT);
        offerer.join();
        DestinationContract.waitFor(() -> p.stats().sentRecords() == records(bs), Duration.ofSeconds(30));
        p.close();
        TestBatches.assertRange(1, records(bs), sink.counters(), "exactly once, in order");
        PipelineStats s = p.stats();
        assertEquals(0, s.droppedRecords());
        assertTrue(s.spooledBatches() > 0 && s.replayedBatches() == s.spooledBatches(), s.toString());
        assertTrue(s.sendFailures() > 0);
        assertEquals(0, s.spoolBatches());
        System.out.printf("spool outage: %d batches, %d spooled and replayed, %d send failures%n",
                bs.size(), s.spooledBatches(), s.sendFailures());
    }

    @Test
    void spoolCarriesUnsentBatchesToTheNextRun() throws Exception {
        List<TestBatches.Batch> bs = mixedBatches(100);
        ScriptedDestination down = new ScriptedDestination();
        down.mode(Mode.FAIL);
        PipelineConfig cfg = config().maxQueueBatches(10).overflow(OverflowPolicy.SPOOL).spoolDir(dir.resolve("spool"))
                .spoolSegmentBytes(8 << 10).closeTimeout(Duration.ofMillis(200)).build();
        SinkPipeline first = new SinkPipeline(down, new ProtobufListMarshaller(), cfg);
        for (TestBatches.Batch b : bs) {
            assertTrue(first.offer(b.buffer(), b.records));
        }
        first.close();
        assertEquals(0, first.stats().droppedRecords());
        assertEquals(bs.size(), first.stats().spooledBatches(), "in memory at close went to the spool too");

        ScriptedDestination up = new ScriptedDestination();
        SinkPipeline second = new SinkPipeline(up, new ProtobufListMarshaller(), cfg);
        TestBatches.Batch more = TestBatches.batches(records(bs) + 1, 5, 5, 16000, 0).get(0);
        second.offer(more.buffer(), more.records);
        DestinationContract.waitFor(() -> second.stats().sentRecords() == records(bs) + 5, Duration.ofSeconds(10));
        second.close();
        TestBatches.assertRange(1, records(bs) + 5, up.counters());
    }

    static void assertExactDropCount(PipelineStats s, long offered, List<Long> got, String reason) {
        Set<Long> unique = new HashSet<>(got);
        assertEquals(got.size(), unique.size(), "no duplicates");
        long missing = offered - got.size();
        assertEquals(missing, s.droppedRecords(reason), s.toString());
        assertEquals(missing, s.droppedRecords(), s.toString());
        assertEquals(offered, s.sentRecords() + s.droppedRecords());
    }
}
