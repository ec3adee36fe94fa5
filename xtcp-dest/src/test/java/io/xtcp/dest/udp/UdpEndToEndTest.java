package io.xtcp.dest.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xtcp.core.record.EnvelopeBuilder;
import io.xtcp.dest.Destination;
import io.xtcp.dest.DestinationContract;
import io.xtcp.dest.Destinations;
import io.xtcp.dest.marshal.ProtobufListMarshaller;
import io.xtcp.dest.pipeline.PipelineConfig;
import io.xtcp.dest.pipeline.SinkPipeline;
import io.xtcp.dest.testing.TestBatches;
import io.xtcp.schema.v1.Envelope;
import io.xtcp.schema.v1.XtcpFlatRecord;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Poller to receiver: records built into envelopes by the core's EnvelopeBuilder, offered to a
 * SinkPipeline feeding the epoll UDP sink; a real socket on 127.0.0.1 decodes every datagram with
 * the generated Envelope.
 */
class UdpEndToEndTest {
    static final int MAX_DATAGRAM = 8192;

    @Test
    void everyRecordArrivesInDatagramsWithinTheMaxSize() throws Exception {
        int records = 20_000;
        try (UdpReceiver rx = new UdpReceiver()) {
            Destination d = Destinations.open("udp://127.0.0.1:" + rx.port(),
                    Map.of("max.datagram.bytes", Integer.toString(MAX_DATAGRAM)));
            assertEquals("epoll", ((UdpDestination) d).transport());
            SinkPipeline p = new SinkPipeline(d, new ProtobufListMarshaller(), PipelineConfig.builder().build());
            EnvelopeBuilder eb = new EnvelopeBuilder(1000, MAX_DATAGRAM - 8, p::offer);
            long t0 = System.nanoTime();
            for (long c = 1; c <= records; c++) {
                byte[] r = TestBatches.record(c, 0);
                eb.append(r, r.length);
                if (c % 2000 == 0) {
                    Thread.sleep(2); // let the receiver keep up: loopback UDP drops when its buffer is full
                }
            }
            eb.flush();
            long envelopes = eb.envelopes();
            p.close();
            long ms = (System.nanoTime() - t0) / 1_000_000;
            List<byte[]> got = rx.await((int) envelopes, Duration.ofSeconds(20));
            assertEquals(envelopes, got.size(), "datagrams");
            List<Long> counters = new ArrayList<>();
            int largest = 0;
            for (byte[] dgram : got) {
                assertTrue(dgram.length <= MAX_DATAGRAM, "datagram of " + dgram.length);
                largest = Math.max(largest, dgram.length);
                ByteArrayInputStream in = new ByteArrayInputStream(dgram);
                Envelope e = Envelope.parseDelimitedFrom(in);
                assertEquals(0, in.available(), "one envelope per datagram");
                for (XtcpFlatRecord row : e.getRowList()) {
                    counters.add(row.getRecordCounter());
                }
            }
            TestBatches.assertRange(1, records, counters);
            assertEquals(records, p.stats().sentRecords());
            assertEquals(envelopes, d.stats().envelopes());
            System.out.printf("udp e2e: %d records in %d datagrams (largest %d B) through the pipeline in %d ms%n",
                    records, envelopes, largest, ms);
        }
    }

    /**
     * Datagrams of falling sizes through 4 in-flight buffers: each arrives with exactly its own
     * bytes (a reused buffer carries nothing of its previous, longer datagram), and no more than
     * 4 buffers are ever made.
     */
    @Test
    void datagramsReuseAtMostMaxInflightBuffers() throws Exception {
        sendFallingSizes(Map.of("max.inflight", "4"), 4);
    }

    /** Without the option: at most 64 buffers (4 MiB of 64 KiB datagrams). */
    @Test
    void theDefaultKeepsSixtyFourBuffersAtMost() throws Exception {
        sendFallingSizes(Map.of(), 64);
    }

    private static void sendFallingSizes(Map<String, String> options, int limit) throws Exception {
        int count = 300;
        try (UdpReceiver rx = new UdpReceiver()) {
            UdpDestination d = (UdpDestination) Destinations.open("udp://127.0.0.1:" + rx.port(), options);
            List<byte[]> sent = new ArrayList<>();
            java.util.Random random = new java.util.Random(7);
            for (int i = 0; i < count; i++) {
                byte[] dgram = new byte[60_000 - i * 197];
                random.nextBytes(dgram);
                sent.add(dgram);
                d.send(java.nio.ByteBuffer.wrap(dgram));
                if (i % 20 == 19) {
                    Thread.sleep(2); // loopback UDP drops when the receiver's buffer is full
                }
            }
            DestinationContract.waitFor(() -> d.stats().envelopes() == count, Duration.ofSeconds(10));
            assertTrue(d.buffersMade() >= 1 && d.buffersMade() <= limit, "buffers made: " + d.buffersMade());
            d.close();
            List<byte[]> got = rx.await(count, Duration.ofSeconds(10));
            assertEquals(count, got.size(), "datagrams");
            for (int i = 0; i < count; i++) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(sent.get(i), got.get(i), "datagram " + i);
            }
        }
    }

    @Test
    void oversizeEnvelopesAreRefusedAndCounted() throws Exception {
        try (UdpReceiver rx = new UdpReceiver()) {
            Destination d = Destinations.open("udp://127.0.0.1:" + rx.port(), Map.of("max.datagram.bytes", "1400"));
            SinkPipeline p = new SinkPipeline(d, new ProtobufListMarshaller(), PipelineConfig.builder().build());
            TestBatches.Batch big = TestBatches.batches(1, 40, 40, 60000, 30).get(0);
            TestBatches.Batch small = TestBatches.batches(41, 3, 3, 60000, 0).get(0);
            assertTrue(big.framed.length > 1400 && small.framed.length <= 1400);
            p.offer(big.buffer(), big.records);
            p.offer(small.buffer(), small.records);
            p.close();
            assertEquals(40, p.stats().droppedRecords("too-large"));
            assertEquals(1, d.stats().errors("oversize"));
            List<byte[]> got = rx.await(1, Duration.ofSeconds(5));
            assertEquals(1, got.size());
            TestBatches.assertRange(41, 3, TestBatches.counters(got.get(0)));
        }
    }

    @Test
    void sendFailuresAreCountedWhenNobodyListens() throws Exception {
        int port;
        try (java.nio.channels.DatagramChannel tmp = java.nio.channels.DatagramChannel.open()) {
            tmp.bind(new java.net.InetSocketAddress("127.0.0.1", 0));
            port = ((java.net.InetSocketAddress) tmp.getLocalAddress()).getPort();
        }
        try (Destination d = Destinations.open("udp://127.0.0.1:" + port, Map.of())) {
            TestBatches.Batch b = TestBatches.batches(1, 3, 3, 4000, 0).get(0);
            for (int i = 0; i < 20; i++) {
                d.send(b.buffer());
                Thread.sleep(2);
            }
            DestinationContract.waitFor(() -> d.stats().envelopes() + d.stats().errors() >= 20, Duration.ofSeconds(5));
            System.out.println("udp to a closed port: " + d.stats());
            assertTrue(d.stats().errors("PortUnreachableException") > 0, d.stats().toString());
        }
    }
}
