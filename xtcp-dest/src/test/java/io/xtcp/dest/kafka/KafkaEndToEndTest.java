package io.xtcp.dest.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xtcp.core.record.EnvelopeBuilder;
import io.xtcp.dest.Destination;
import io.xtcp.dest.DestinationContract;
import io.xtcp.dest.Destinations;
import io.xtcp.dest.marshal.ProtobufListMarshaller;
import io.xtcp.dest.pipeline.OverflowPolicy;
import io.xtcp.dest.pipeline.PipelineConfig;
import io.xtcp.dest.pipeline.PipelineStats;
import io.xtcp.dest.pipeline.SinkPipeline;
import io.xtcp.dest.testing.KafkaBroker;
import io.xtcp.dest.testing.Kcat;
import io.xtcp.dest.testing.TestBatches;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Envelopes through the pipeline and the Kafka sink into a real KRaft broker, read back by a
 * 4.4.0 consumer and by kcat (librdkafka) as an independent one; then a broker outage under the
 * spool policy.
 */
class KafkaEndToEndTest {
    @TempDir
    Path dir;

    @Test
    void consumerAndKcatReadEveryRecordInOrder() throws Exception {
        KafkaBroker broker = KafkaBroker.shared();
        broker.createTopic("e2e", 1);
        int records = 10_000;
        Destination d = Destinations.open("kafka://" + broker.bootstrapServers() + "/e2e", Map.of("key", "hostname"));
        SinkPipeline p = new SinkPipeline(d, new ProtobufListMarshaller(), PipelineConfig.builder().build());
        EnvelopeBuilder eb = new EnvelopeBuilder(500, 64 << 10, p::offer);
        long t0 = System.nanoTime();
        for (long c = 1; c <= records; c++) {
            byte[] r = TestBatches.record(c, 0);
            eb.append(r, r.length);
        }
        eb.flush();
        p.close();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(eb.envelopes(), d.stats().envelopes(), "every record acknowledged: " + d.stats());
        assertEquals(0, d.stats().errors());

        List<byte[]> values = broker.readAll("e2e", Duration.ofSeconds(30));
        assertEquals(eb.envelopes(), values.size());
        List<Long> counters = new ArrayList<>();
        for (byte[] v : values) {
            counters.addAll(TestBatches.counters(v));
        }
        TestBatches.assertRange(1, records, counters);
        System.out.printf("kafka e2e: %d records in %d envelopes (zstd, acks=all) in %d ms%n", records, values.size(), ms);

        byte[] kcat = Kcat.consumeValues(broker.bootstrapServers(), "e2e");
        TestBatches.assertRange(1, records, TestBatches.streamCounters(kcat), "kcat sees the same protobufList stream");
    }

    @Test
    void brokerOutageIsSpooledAndReplayedExactlyOnceInOrder() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start()) {
            broker.createTopic("outage", 1);
            Destination d = Destinations.open("kafka://" + broker.bootstrapServers() + "/outage", Map.of(
                    "buffer.memory", "65536", "max.block.ms", "250", "linger.ms", "1"));
            SinkPipeline p = new SinkPipeline(d, new ProtobufListMarshaller(), PipelineConfig.builder()
                    .maxQueueBatches(8).overflow(OverflowPolicy.SPOOL).spoolDir(dir.resolve("spool"))
                    .retry(Duration.ofMillis(20), Duration.ofMillis(200)).closeTimeout(Duration.ofSeconds(30)).build());
            List<TestBatches.Batch> bs = TestBatches.batches(1, 6000, 20, 64 << 10, 40);
            int i = 0;
            for (; i < 50; i++) {
                p.offer(bs.get(i).buffer(), bs.get(i).records);
            }
            DestinationContract.waitFor(() -> p.stats().sentBatches() == 50, Duration.ofSeconds(20));
            broker.stopBroker();
            for (; i < 250; i++) {
                assertTrue(p.offer(bs.get(i).buffer(), bs.get(i).records));
                Thread.sleep(5);
            }
            long spooledDuringOutage = p.stats().spooledBatches();
            broker.startBroker();
            for (; i < bs.size(); i++) {
                assertTrue(p.offer(bs.get(i).buffer(), bs.get(i).records));
            }
            p.close();
            PipelineStats s = p.stats();
            List<Long> counters = new ArrayList<>();
            for (byte[] v : broker.readAll("outage", Duration.ofSeconds(30))) {
                counters.addAll(TestBatches.counters(v));
            }
            TestBatches.assertRange(1, 6000, counters, "every record exactly once, in order; " + s + " sink " + d.stats());
            assertEquals(0, s.droppedRecords());
            assertTrue(spooledDuringOutage > 0, "the outage filled the queue and spooled: " + s);
            assertEquals(s.spooledBatches(), s.replayedBatches());
            System.out.printf("kafka outage: %d batches spooled during the outage, %d spooled in all, %d send failures retried%n",
                    spooledDuringOutage, s.spooledBatches(), s.sendFailures());
        }
    }
}
