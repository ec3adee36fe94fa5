package io.xtcp.dest.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xtcp.dest.Destination;
import io.xtcp.dest.DestinationContract;
import io.xtcp.dest.Destinations;
import io.xtcp.dest.marshal.ProtobufListMarshaller;
import io.xtcp.dest.pipeline.PipelineStats;
import io.xtcp.dest.pipeline.SinkPipeline;
import io.xtcp.dest.testing.KafkaBroker;
import io.xtcp.dest.testing.TestBatches;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A broker outage longer than the producer's own {@code delivery.timeout.ms} default (120 s) must
 * not lose the records the producer had taken: the sink's defaults keep retrying them until the
 * broker is back. The outage lasts {@code xtcp.kafka.outage.seconds} (default 10 s); run with
 * {@code -Dxtcp.kafka.outage.seconds=130} to outlast the producer's default, which drops every
 * record it held as {@code undelivered} at 120 s when the sink does not set the timeout.
 */
class KafkaOutageTest {
    private static final Duration OUTAGE = Duration.ofSeconds(Long.getLong("xtcp.kafka.outage.seconds", 10));

    @Test
    void recordsTheProducerTookBeforeAnOutageAreDeliveredOnceAfterIt() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start()) {
            broker.createTopic("outage", 1);
            // request.timeout.ms short, so each attempt during the outage fails fast and is retried
            Destination d = Destinations.open("kafka://" + broker.bootstrapServers() + "/outage",
                    Map.of("linger.ms", "1", "request.timeout.ms", "1000"));
            SinkPipeline p = new SinkPipeline(d, new ProtobufListMarshaller(), KafkaFailuresTest.config().build());
            long taken;
            try {
                List<TestBatches.Batch> bs = TestBatches.batches(1, 300, 10, 64 << 10, 40);
                for (TestBatches.Batch b : bs.subList(0, 10)) {
                    p.offer(b.buffer(), b.records);
                }
                DestinationContract.waitFor(() -> p.stats().sentRecords() == 100, Duration.ofSeconds(30));

                broker.stopBroker();
                for (TestBatches.Batch b : bs.subList(10, 30)) {
                    p.offer(b.buffer(), b.records);
                }
                // The producer takes what it can while it still knows the partition's leader (all 200 when the
                // broker's going is noticed late; fewer when its metadata is dropped first, and then the rest waits
                // in the pipeline, its sends failing after max.block.ms and retried). What it took is what an
                // expiring delivery timeout would lose: the test needs some of it.
                try {
                    DestinationContract.waitFor(() -> p.stats().unconfirmedRecords() > 0, Duration.ofSeconds(10));
                } catch (AssertionError e) {
                    throw new AssertionError("the producer took none of the 200 records: " + p.stats() + " / " + d.stats(), e);
                }
                taken = p.stats().unconfirmedRecords();
                long end = System.nanoTime() + OUTAGE.toNanos();
                while (System.nanoTime() < end) {
                    PipelineStats s = p.stats();
                    assertEquals(0, s.droppedRecords(), "dropped during an outage of " + OUTAGE + ": " + s);
                    assertEquals(100, s.sentRecords(), "confirmed with the broker down: " + s);
                    Thread.sleep(100); // a hold check: the outage itself is what is under test
                }

                broker.startBroker();
                DestinationContract.waitFor(() -> p.stats().sentRecords() == 300, Duration.ofSeconds(60));
            } finally {
                p.close();
            }
            PipelineStats s = p.stats();
            assertEquals(0, s.droppedRecords(), s.toString());
            assertEquals(0, s.unconfirmedRecords(), s.toString());
            List<Long> counters = new ArrayList<>();
            for (byte[] v : broker.readAll("outage", Duration.ofSeconds(30))) {
                counters.addAll(TestBatches.counters(v));
            }
            TestBatches.assertRange(1, 300, counters, "every record once, in order, after a " + OUTAGE + " outage");
            System.out.printf("kafka outage of %s: %d records held by the producer, all 300 delivered once after it%n", OUTAGE, taken);
        }
    }
}
