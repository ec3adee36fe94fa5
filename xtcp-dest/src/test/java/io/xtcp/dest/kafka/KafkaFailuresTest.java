package io.xtcp.dest.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xtcp.dest.Destination;
import io.xtcp.dest.DestinationContract;
import io.xtcp.dest.Destinations;
import io.xtcp.dest.RejectedBatchException;
import io.xtcp.dest.marshal.ProtobufListMarshaller;
import io.xtcp.dest.pipeline.PipelineConfig;
import io.xtcp.dest.pipeline.PipelineStats;
import io.xtcp.dest.pipeline.SinkHealth;
import io.xtcp.dest.pipeline.SinkPipeline;
import io.xtcp.dest.testing.KafkaBroker;
import io.xtcp.dest.testing.TestBatches;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Kafka sink's failure classes against a real KRaft broker: away, a record too large, a topic refused. */
class KafkaFailuresTest {
    /** Short stale-after and backoff, a long close: what the broker tests of this package share. */
    static PipelineConfig.Builder config() {
        return PipelineConfig.builder().staleAfter(Duration.ofMillis(500)).retry(Duration.ofMillis(20), Duration.ofMillis(200))
                .closeTimeout(Duration.ofSeconds(30));
    }

    private static SinkHealth.State state(SinkPipeline p) {
        return p.health(System.currentTimeMillis()).state();
    }

    @Test
    void aBrokerAwayIsStaleAndHealsWhenItIsBackWithEachFailureCountedOnce() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start()) {
            broker.createTopic("away", 1);
            Destination d = Destinations.open("kafka://" + broker.bootstrapServers() + "/away",
                    Map.of("max.block.ms", "250", "linger.ms", "1"));
            SinkPipeline p = new SinkPipeline(d, new ProtobufListMarshaller(), config().build());
            List<TestBatches.Batch> bs = TestBatches.batches(1, 600, 20, 64 << 10, 40);
            for (TestBatches.Batch b : bs.subList(0, 10)) {
                p.offer(b.buffer(), b.records);
            }
            DestinationContract.waitFor(() -> p.stats().sentBatches() == 10, Duration.ofSeconds(20));
            assertEquals(SinkHealth.State.DELIVERING, state(p));
            long before = p.stats().lastSuccessMillis();
            assertTrue(before > 0);

            broker.stopBroker();
            for (TestBatches.Batch b : bs.subList(10, 30)) {
                p.offer(b.buffer(), b.records);
            }
            DestinationContract.waitFor(() -> state(p) == SinkHealth.State.STALE, Duration.ofSeconds(20));
            SinkHealth stale = p.health(System.currentTimeMillis());
            assertEquals(before, stale.lastSuccessMillis(), "nothing confirmed while the broker is away: " + stale);
            assertTrue(!stale.reason().isEmpty() && stale.failingSinceMillis() >= before, stale.toString());
            PipelineStats during = p.stats();
            long held = during.offeredRecords() - during.sentRecords() - during.droppedRecords();
            assertTrue(held >= during.unconfirmedRecords() && held > 0,
                    "what is neither sent nor dropped is held, the unconfirmed records among it: " + during);

            broker.startBroker();
            DestinationContract.waitFor(() -> p.stats().sentRecords() == 600 && state(p) == SinkHealth.State.DELIVERING,
                    Duration.ofSeconds(60));
            p.close();
            PipelineStats s = p.stats();
            assertEquals(0, s.droppedRecords(), s.toString());
            assertEquals(0, s.unconfirmedRecords(), s.toString());
            assertEquals(s.sendFailures(), d.stats().errors(),
                    "each failed attempt counted once by the sink and once by the pipeline: " + d.stats() + " / " + s);
            List<Long> counters = new ArrayList<>();
            for (byte[] v : broker.readAll("away", Duration.ofSeconds(30))) {
                counters.addAll(TestBatches.counters(v));
            }
            TestBatches.assertRange(1, 600, counters, "every record once, in order");
            System.out.printf("kafka broker away: STALE '%s'; %d failed attempts retried%n", stale.reason(), s.sendFailures());
        }
    }

    @Test
    void aRecordTooLargeIsDroppedAndTheNextGoesAtOnce() throws Exception {
        KafkaBroker broker = KafkaBroker.shared();
        broker.createTopic("too-large", 1);
        Destination d = Destinations.open("kafka://" + broker.bootstrapServers() + "/too-large",
                Map.of("max.request.size", "2000", "linger.ms", "1"));
        assertEquals(1914, d.maxBatchBytes(), "2,000 less 61 (batch), 21 (record), 1 (no key), 2 (value length), 1 (no headers)");
        SinkPipeline p = new SinkPipeline(d, new ProtobufListMarshaller(), config().build());
        TestBatches.Batch big = TestBatches.batches(1, 30, 30, 64000, 100).get(0);
        TestBatches.Batch small = TestBatches.batches(31, 2, 2, 64000, 0).get(0);
        assertTrue(big.framed.length > 2000);
        p.offer(big.buffer(), big.records);
        p.offer(small.buffer(), small.records);
        DestinationContract.waitFor(() -> p.stats().sentRecords() + p.stats().droppedRecords() == 32, Duration.ofSeconds(20));
        assertEquals(30, p.stats().droppedRecords("too-large"), p.stats().toString());
        assertEquals(2, p.stats().sentRecords());
        assertEquals(0, p.stats().sendFailures(), "not retried");
        assertEquals(1, d.stats().errors("RecordTooLargeException"), "counted once: " + d.stats());
        assertEquals(SinkHealth.State.DELIVERING, state(p));
        p.close();

        try (Destination edge = Destinations.open("kafka://" + broker.bootstrapServers() + "/too-large",
                Map.of("max.request.size", "2000"))) {
            edge.send(ByteBuffer.allocate((int) edge.maxBatchBytes())); // the largest it claims fits
            RejectedBatchException e = assertThrows(RejectedBatchException.class,
                    () -> edge.send(ByteBuffer.allocate((int) edge.maxBatchBytes() + 1)));
            assertEquals("too-large", e.reason());
        }
    }

    @Test
    void anInvalidTopicIsBrokenAndRetriedAtTheLongestBackoff() throws Exception {
        KafkaBroker broker = KafkaBroker.shared();
        KafkaDestination d = new KafkaDestination("kafka://" + broker.bootstrapServers() + "/bad/topic", "bad/topic", null,
                Map.of("bootstrap.servers", broker.bootstrapServers(), "max.block.ms", "2000"), Duration.ofSeconds(1));
        SinkPipeline p = new SinkPipeline(d, new ProtobufListMarshaller(), config().closeTimeout(Duration.ofSeconds(1)).build());
        TestBatches.Batch b = TestBatches.batches(1, 3, 3, 64000, 0).get(0);
        p.offer(b.buffer(), b.records);
        DestinationContract.waitFor(() -> state(p) == SinkHealth.State.BROKEN, Duration.ofSeconds(20));
        SinkHealth h = p.health(System.currentTimeMillis());
        assertTrue(h.reason().startsWith("invalid topic bad/topic"), h.toString());
        assertTrue(h.failingSinceMillis() > 0);
        assertEquals(0, p.stats().sentRecords());
        p.close();
        assertEquals(p.stats().sendFailures(), d.stats().errors(), "each attempt counted once: " + d.stats());
        assertEquals(3, p.stats().droppedRecords("closed"), p.stats().toString());
    }
}
