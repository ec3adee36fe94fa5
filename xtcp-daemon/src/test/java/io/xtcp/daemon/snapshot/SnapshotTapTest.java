package io.xtcp.daemon.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xtcp.core.netlink.DumpStats;
import io.xtcp.core.netlink.InetDiagDumper;
import io.xtcp.core.pcap.DatagramReplay;
import io.xtcp.core.record.DecodedRecord;
import io.xtcp.core.record.Decoder;
import io.xtcp.core.record.EnvelopeBuilder;
import io.xtcp.core.record.RecordEncoder;
import io.xtcp.core.record.RecordStamp;
import io.xtcp.core.record.SocketDecoder;
import io.xtcp.core.testing.Fixtures;
import io.xtcp.daemon.netns.Namespace;
import io.xtcp.daemon.poll.PollWorker;
import io.xtcp.schema.v1.XtcpFlatRecord;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The keys the poll path reads from netlink messages (SnapshotTap) against the keys parsed back
 * from the records' wire bytes (the envelope path), over real kernel captures polled as two
 * namespaces, with a limit that cuts the second namespace short.
 */
class SnapshotTapTest {
    @ParameterizedTest
    @ValueSource(strings = {"5_4_281", "5_15_164", "6_10_3"})
    void tapKeysAndCountsMatchTheRecordsWireBytes(String kernel) throws Exception {
        DatagramReplay replay = DatagramReplay.lastDump(Fixtures.netlink(kernel, "tcp_1000_sockets.pcap"));
        int max = 1500;
        PollFeed feed = new PollFeed();
        feed.want();
        SnapshotCollector collector = new SnapshotCollector(feed, max);
        SnapshotBuilder oracle = PollSnapshot.builder(max);
        List<byte[]> bodies = new ArrayList<>();
        EnvelopeBuilder envelopes = new EnvelopeBuilder(100, 64 * 1024, env -> {
            ByteBuffer body = env.body();
            byte[] copy = new byte[body.remaining()];
            body.get(copy);
            bodies.add(copy);
        });
        XtcpFlatRecord base = RecordStamp.base("test", "host", "", "", "").build();
        PollWorker worker = new PollWorker(new RecordEncoder(new SocketDecoder(Decoder.all()), envelopes),
                base, null, collector.tap());
        InetDiagDumper dumper = new InetDiagDumper(new DumpStats()).checkSequence(false);
        for (String ns : new String[] {"first", "second"}) {
            worker.begin(new Namespace(ns, 4026531840L, 0, "/proc/self/ns/net", false), 1L);
            replay.send(null);
            dumper.readReplies(replay, InetDiagDumper.ANY_REPLY_TYPE, 0, worker);
            worker.end(null);
        }
        collector.publish();
        for (byte[] body : bodies) {
            oracle.addEnvelope(ByteBuffer.wrap(body));
        }
        PollSnapshot want = oracle.build(1, 0);
        PollSnapshot got = feed.latest();

        assertEquals(dumper.stats().sockets, got.total());
        assertEquals(want.total(), got.total());
        assertEquals(max, got.size());
        assertTrue(got.truncated());
        assertEquals(want.byState(), got.byState());
        assertEquals(want.byNetns(), got.byNetns());
        assertEquals(want.byCongestion(), got.byCongestion());
        DecodedRecord scratch = new DecodedRecord();
        for (int i = 0; i < max; i++) {
            String at = kernel + " record " + i;
            assertEquals(want.netns(i), got.netns(i), at);
            assertEquals(want.state(i), got.state(i), at);
            assertEquals(want.srcPort(i), got.srcPort(i), at);
            assertEquals(want.dstPort(i), got.dstPort(i), at);
            assertEquals(want.rtt(i), got.rtt(i), at);
            assertEquals(want.retrans(i), got.retrans(i), at);
            assertEquals(want.bytes(i), got.bytes(i), at);
            assertEquals(want.cwnd(i), got.cwnd(i), at);
            StringBuilder a = new StringBuilder();
            StringBuilder b = new StringBuilder();
            want.appendJson(i, scratch, a);
            got.appendJson(i, scratch, b);
            assertEquals(a.toString(), b.toString(), at);
        }
    }
}
