package io.xtcp.daemon.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Snapshot arrays reused from poll to poll, and given back when nobody asks for records: each
 * poll of a real capture is stamped with a namespace name of a different length, so a record
 * written over another poll's arrays would read back with the wrong name or shifted bytes. The
 * oracle is the text of every kept record taken when its snapshot was published, and the
 * capture's socket count for polls that only count.
 */
class SnapshotRecyclingTest {
    private static final int MAX = 1200;

    /** Records are kept 400 ms after they were asked for: {@link #poll} asks each time, {@link #publishPoll} does not. */
    private final PollFeed feed = new PollFeed(Duration.ofSeconds(1), Duration.ofMillis(400));
    private final SnapshotCollector collector = new SnapshotCollector(feed, MAX);
    private final PollWorker worker;
    private final InetDiagDumper dumper = new InetDiagDumper(new DumpStats()).checkSequence(false);
    private final DatagramReplay replay;

    SnapshotRecyclingTest() throws Exception {
        replay = DatagramReplay.lastDump(Fixtures.netlink("6_10_3", "tcp_1000_sockets.pcap"));
        XtcpFlatRecord base = RecordStamp.base("test", "host", "", "", "").build();
        EnvelopeBuilder envelopes = new EnvelopeBuilder(100, 64 * 1024, env -> { });
        worker = new PollWorker(new RecordEncoder(new SocketDecoder(Decoder.all()), envelopes), base, null,
                collector.tap());
    }

    /** One poll of the capture as namespace {@code name}, published. */
    private PollSnapshot publishPoll(String name) throws Exception {
        worker.begin(new Namespace(name, 4026531840L, 0, "/proc/self/ns/net", false), 1L);
        replay.send(null);
        dumper.readReplies(replay, InetDiagDumper.ANY_REPLY_TYPE, 0, worker);
        worker.end(null);
        collector.publish();
        return feed.latest();
    }

    /** Asks for records and polls the capture as namespace {@code name}; returns the published snapshot's records as text. */
    private List<String> poll(String name) throws Exception {
        feed.want();
        publishPoll(name);
        PollSnapshot s = feed.acquire();
        try {
            assertEquals(MAX, s.size());
            return text(s);
        } finally {
            s.release();
        }
    }

    private static List<String> text(PollSnapshot s) {
        List<String> out = new ArrayList<>();
        DecodedRecord scratch = new DecodedRecord();
        for (int i = 0; i < s.size(); i++) {
            StringBuilder sb = new StringBuilder();
            s.appendJson(i, scratch, sb);
            out.add(s.netns(i) + " " + s.srcPort(i) + " " + s.rtt(i) + " " + sb);
        }
        return out;
    }

    @Test
    void aSteadyPollerReusesTheArraysAndEveryPollReadsBackAsPublished() throws Exception {
        String[] names = {"a", "ns-two", "third-namespace-name", "b", "ns-five", "6"};
        for (int p = 0; p < names.length; p++) {
            List<String> got = poll(names[p]);
            for (String line : got) {
                assertTrue(line.startsWith(names[p] + " ") && line.contains("\"netns\":\"" + names[p] + "\""), line);
            }
            // Poll p+1 replaced poll p: with no reader left, poll p's arrays came back.
            assertEquals(p, collector.recycled(), "after poll " + (p + 1));
        }
    }

    @Test
    void aReaderHoldingAnOldPollKeepsItIntactWhileLaterPollsAreBuilt() throws Exception {
        poll("first");
        List<String> second = poll("second-poll");
        PollSnapshot held = feed.acquire(); // e.g. a slow /stream client on poll 2
        for (String name : new String[] {"x", "a-much-longer-namespace", "y", "zz"}) {
            List<String> now = poll(name);
            assertTrue(now.get(0).startsWith(name + " "), now.get(0));
            assertEquals(second, text(held), "poll 2 unchanged while held, after poll " + name);
        }
        long before = collector.recycled();
        held.release();
        assertEquals(before + 1, collector.recycled(), "the held poll is recycled when its reader lets go");
        assertFalse(held.retain(), "a recycled snapshot cannot be taken again");
        assertThrows(IllegalStateException.class, held::release, "released once too often");
        List<String> after = poll("after");
        assertTrue(after.get(MAX - 1).startsWith("after "), after.get(MAX - 1));
    }

    @Test
    void pollsKeepRecordsOnlyWhileAskedAndGiveTheArraysBackOtherwise() throws Exception {
        PollSnapshot idle = publishPoll("nobody-asked");
        assertFalse(idle.recorded(), "nobody asked: the poll only counts");
        assertEquals(0, idle.size());
        assertEquals(0, idle.retainedBytes());
        assertFalse(idle.truncated());

        feed.want(); // an /api/sockets request between polls
        PollSnapshot asked = publishPoll("asked");
        assertTrue(asked.recorded());
        assertEquals(MAX, asked.size());
        long sockets = asked.total();
        assertTrue(sockets > MAX, "the capture has more sockets than the limit: " + sockets);
        assertEquals(sockets, idle.total(), "the unrecorded poll counted every socket all the same");
        assertEquals(Map.of("nobody-asked", sockets), idle.byNetns());
        assertEquals(asked.byState(), idle.byState());
        assertEquals(asked.byCongestion(), idle.byCongestion());
        assertTrue(asked.truncated());
        assertTrue(asked.retainedBytes() > MAX * 100L, "records held: " + asked.retainedBytes());
        List<String> records = poll("still-asked");
        assertEquals(MAX, records.size());
        assertTrue(records.get(0).startsWith("still-asked "), records.get(0));
        assertTrue(collector.heldBytes() > 0, "the next poll's arrays are ready");

        Thread.sleep(600); // past the 400 ms the feed keeps records after the last request
        assertFalse(feed.wanted());
        PollSnapshot lapsed = publishPoll("lapsed");
        assertFalse(lapsed.recorded());
        assertEquals(0, lapsed.retainedBytes());
        assertEquals(sockets, lapsed.total());
        assertEquals(0, collector.heldBytes(), "no record arrays held for the next poll either");
        // The recorded poll before it was released when "lapsed" was published; its arrays are nobody's now.
        assertEquals(0, publishPoll("idle").retainedBytes());
        assertEquals(0, collector.heldBytes());
    }
}
