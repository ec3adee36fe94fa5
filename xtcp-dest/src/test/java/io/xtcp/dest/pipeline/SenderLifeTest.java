package io.xtcp.dest.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xtcp.dest.DestinationContract;
import io.xtcp.dest.marshal.ProtobufListMarshaller;
import io.xtcp.dest.testing.ScriptedDestination;
import io.xtcp.dest.testing.ScriptedDestination.Mode;
import io.xtcp.dest.testing.TestBatches;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sender thread's deaths and the close that races a send: counts stay exact. */
class SenderLifeTest {
    private static PipelineConfig.Builder config() {
        return PipelineConfig.builder().retry(Duration.ofMillis(5), Duration.ofMillis(40)).closeTimeout(Duration.ofSeconds(5));
    }

    @Test
    void aSenderKilledOnceIsStartedAgainAndSendsItsBatchOnce() throws Exception {
        ScriptedDestination sink = new ScriptedDestination();
        sink.throwErrors(1);
        List<TestBatches.Batch> bs = SinkPipelineTest.mixedBatches(60);
        long records = SinkPipelineTest.records(bs);
        SinkPipeline p = new SinkPipeline(sink, new ProtobufListMarshaller(), config().build());
        for (TestBatches.Batch b : bs) {
            assertTrue(p.offer(b.buffer(), b.records));
        }
        DestinationContract.waitFor(() -> p.stats().sentRecords() == records, Duration.ofSeconds(10));
        assertEquals(1, p.senderRestarts());
        assertEquals(SinkHealth.State.DELIVERING, p.health(System.currentTimeMillis()).state());
        p.close();
        TestBatches.assertRange(1, records, sink.counters(), "every record once, in order, the first batch included");
        assertEquals(bs.size() + 1, sink.attempts(), "the batch the dead sender held was tried once more");
        assertEquals(0, p.stats().droppedRecords());
    }

    @Test
    void aSenderKilledTwiceIsDeadAndOffersAreRefusedAndCounted() throws Exception {
        ScriptedDestination sink = new ScriptedDestination();
        sink.throwErrors(2);
        List<TestBatches.Batch> bs = SinkPipelineTest.mixedBatches(20);
        SinkPipeline p = new SinkPipeline(sink, new ProtobufListMarshaller(), config().build());
        p.offer(bs.get(0).buffer(), bs.get(0).records);
        DestinationContract.waitFor(() -> p.health(System.currentTimeMillis()).state() == SinkHealth.State.DEAD,
                Duration.ofSeconds(10));
        SinkHealth h = p.health(System.currentTimeMillis());
        assertEquals("sender thread died twice: java.lang.Error: scripted", h.reason());
        assertTrue(h.failingSinceMillis() > 0);
        for (TestBatches.Batch b : bs.subList(1, bs.size())) {
            assertFalse(p.offer(b.buffer(), b.records), "a dead sink takes nothing");
        }
        long offered = SinkPipelineTest.records(bs);
        assertEquals(offered, p.stats().droppedRecords("sink-dead"), p.stats().toString());
        assertEquals(offered, p.stats().droppedRecords());
        assertEquals(0, p.stats().sentRecords());
        assertEquals(0, p.stats().queuedBatches());
        assertEquals(1, p.senderRestarts());
        p.close();
        assertEquals(1, sink.closes());
        assertEquals(offered, p.stats().droppedRecords(), "close counts nothing again");
    }

    @Test
    void anOutOfMemoryErrorMarksTheSinkDeadAndReachesTheThreadsHandler() throws Exception {
        ScriptedDestination sink = new ScriptedDestination();
        sink.throwOnce(new OutOfMemoryError("scripted"));
        java.util.concurrent.atomic.AtomicReference<Throwable> uncaught = new java.util.concurrent.atomic.AtomicReference<>();
        Thread.UncaughtExceptionHandler saved = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> uncaught.set(e));
        try {
            TestBatches.Batch b = SinkPipelineTest.mixedBatches(1).get(0);
            SinkPipeline p = new SinkPipeline(sink, new ProtobufListMarshaller(), config().build());
            p.offer(b.buffer(), b.records);
            DestinationContract.waitFor(() -> uncaught.get() != null, Duration.ofSeconds(10));
            assertTrue(uncaught.get() instanceof OutOfMemoryError, "rethrown, not swallowed: " + uncaught.get());
            SinkHealth h = p.health(System.currentTimeMillis());
            assertEquals(SinkHealth.State.DEAD, h.state());
            assertEquals("sender thread died: java.lang.OutOfMemoryError: scripted", h.reason());
            assertEquals(0, p.senderRestarts(), "not restarted: the process must handle it");
            assertFalse(p.offer(b.buffer(), b.records));
            assertEquals(2L * b.records, p.stats().droppedRecords("sink-dead"), p.stats().toString());
            p.close();
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(saved);
        }
    }

    @Test
    void aSendBlockedDuringCloseIsCountedOnceAndSentOnce() throws Exception {
        ScriptedDestination sink = new ScriptedDestination();
        sink.mode(Mode.HOLD_UNTIL_CLOSED);
        List<TestBatches.Batch> bs = SinkPipelineTest.mixedBatches(10);
        SinkPipeline p = new SinkPipeline(sink, new ProtobufListMarshaller(), config().closeTimeout(Duration.ofMillis(100)).build());
        p.offer(bs.get(0).buffer(), bs.get(0).records);
        sink.awaitBlocked();
        for (TestBatches.Batch b : bs.subList(1, bs.size())) {
            assertTrue(p.offer(b.buffer(), b.records));
        }
        p.close(); // the sender sits in send() past the deadline and the interrupt; closing the sink lets it finish
        assertEquals(1, sink.attempts(), "nothing sent twice");
        assertEquals(TestBatches.counters(bs.get(0).framed), sink.counters());
        long rest = SinkPipelineTest.records(bs) - bs.get(0).records;
        assertEquals(bs.get(0).records, p.stats().sentRecords());
        assertEquals(rest, p.stats().droppedRecords("closed"), p.stats().toString());
        assertEquals(SinkPipelineTest.records(bs), p.stats().sentRecords() + p.stats().droppedRecords());
        assertEquals(0, p.stats().unconfirmedRecords());
        assertEquals(1, sink.closes());
    }
}
