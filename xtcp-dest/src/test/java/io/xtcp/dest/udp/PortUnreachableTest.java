package io.xtcp.dest.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xtcp.dest.DestinationContract;
import io.xtcp.dest.Destinations;
import io.xtcp.dest.marshal.ProtobufListMarshaller;
import io.xtcp.dest.pipeline.PipelineConfig;
import io.xtcp.dest.pipeline.PipelineStats;
import io.xtcp.dest.pipeline.SinkHealth;
import io.xtcp.dest.pipeline.SinkPipeline;
import io.xtcp.dest.testing.TestBatches;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A real closed UDP port on loopback, then a receiver bound to it. */
class PortUnreachableTest {
    @Test
    void refusedDatagramsAreDroppedAsUnreachableAndTheSinkHealsWhenSomeoneListens() throws Exception {
        int port;
        try (DatagramChannel tmp = DatagramChannel.open()) {
            tmp.bind(new InetSocketAddress("127.0.0.1", 0));
            port = ((InetSocketAddress) tmp.getLocalAddress()).getPort();
        }
        UdpDestination d = (UdpDestination) Destinations.open("udp://127.0.0.1:" + port, Map.of());
        SinkPipeline p = new SinkPipeline(d, new ProtobufListMarshaller(),
                PipelineConfig.builder().staleAfter(Duration.ofMillis(300)).build());
        try {
            List<TestBatches.Batch> bs = TestBatches.batches(1, 600, 3, 4000, 0); // 200 batches of 3 records
            long closedPhase = offer(p, bs.subList(0, 40));
            DestinationContract.waitFor(() -> settled(p.stats(), closedPhase), Duration.ofSeconds(10));
            assertEquals(closedPhase, p.stats().droppedRecords("unreachable"), p.stats().toString());
            assertEquals(0, p.stats().sentRecords(), "nothing reached the closed port, so nothing counts as sent");
            assertTrue(d.stats().errors("PortUnreachableException") > 0, d.stats().toString());
            assertEquals(d.stats().errors("unreachable"), p.stats().droppedBatchesByReason().get("unreachable"),
                    "the sink and the pipeline count the same refused datagrams");
            DestinationContract.waitFor(() -> p.health(System.currentTimeMillis()).state() == SinkHealth.State.STALE,
                    Duration.ofSeconds(10));
            assertEquals("port unreachable", p.health(System.currentTimeMillis()).reason());

            try (UdpReceiver rx = new UdpReceiver(port)) {
                List<TestBatches.Batch> open = bs.subList(40, 60);
                long openPhase = offer(p, open);
                DestinationContract.waitFor(() -> settled(p.stats(), closedPhase + openPhase), Duration.ofSeconds(10));
                assertEquals(openPhase, p.stats().sentRecords(), p.stats().toString());
                assertEquals(closedPhase, p.stats().droppedRecords(), "nothing dropped once someone listens");
                SinkHealth h = p.health(System.currentTimeMillis());
                assertEquals(SinkHealth.State.DELIVERING, h.state(), h.toString());
                List<Long> got = new ArrayList<>();
                for (byte[] dgram : rx.await(open.size(), Duration.ofSeconds(10))) {
                    got.addAll(TestBatches.counters(dgram));
                }
                assertEquals(p.stats().sentRecords(), got.size(), "the receiver got exactly what was counted sent");
                TestBatches.assertRange(TestBatches.counters(open.get(0).framed).get(0), openPhase, got);
            }
        } finally {
            p.close();
        }
    }

    private static long offer(SinkPipeline p, List<TestBatches.Batch> bs) {
        long n = 0;
        for (TestBatches.Batch b : bs) {
            assertTrue(p.offer(b.buffer(), b.records));
            n += b.records;
        }
        return n;
    }

    private static boolean settled(PipelineStats s, long records) {
        return s.sentRecords() + s.droppedRecords() == records;
    }
}
