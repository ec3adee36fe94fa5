package io.xtcp.core.netlink;

import static io.xtcp.core.testing.NetlinkBytes.le;
import static io.xtcp.schema.v1.XtcpFlatRecord.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xtcp.core.record.DecodedRecord;
import io.xtcp.core.record.Decoder;
import io.xtcp.core.record.SocketDecoder;
import io.xtcp.core.testing.CaptureReplay;
import io.xtcp.core.testing.DecodedSocket;
import io.xtcp.core.testing.Fixtures;
import io.xtcp.core.testing.MemoryChannel;
import io.xtcp.core.testing.NetlinkBytes;
import io.xtcp.core.testing.NetlinkBytes.Attr;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real kernel reply datagrams (6.10.3, 8 IPv4 sockets in the first datagram) with one named offset
 * corrupted: the walk must count the damage in {@link DumpStats}, skip it, keep what came before,
 * and never throw or hang.
 */
class InetDiagDumperBadInputTest {
    private static final int ATTR_BAD = 2;
    private static byte[] eight;
    private static byte[] doneDatagram;
    private static List<DecodedSocket> clean;

    /** What a dump returned. */
    private record Outcome(DumpResult result, DumpStats stats, List<DecodedSocket> sockets) {}

    @BeforeAll
    static void realDatagrams() throws Exception {
        List<byte[]> d = NetlinkBytes.replyDatagrams(Fixtures.netlink("6_10_3", "tcp_10_sockets.pcap"));
        eight = d.get(0);
        doneDatagram = d.get(2);
        assertEquals(8, NetlinkBytes.messages(eight).size(), "fixture: first reply datagram holds 8 sockets");
        assertEquals(Netlink.NLMSG_DONE, le(doneDatagram).getShort(4), "fixture: third datagram is NLMSG_DONE");
        Outcome base = run(eight, doneDatagram);
        assertEquals(DumpResult.DONE, base.result());
        assertEquals(counters(8, 9, 2), counters(base.stats()));
        clean = base.sockets();
    }

    // ---- nlmsghdr

    @ParameterizedTest(name = "nlmsg_len = {0}")
    @ValueSource(ints = {0, 1, 15})
    void nlmsgLenBelowTheHeaderSkipsTheRestOfTheDatagram(int len) {
        byte[] bad = eight.clone();
        le(bad).putInt(offsetOfMessage(3), len);
        Outcome o = run(bad, doneDatagram);
        assertEquals(DumpResult.DONE, o.result());
        Map<String, Long> expected = counters(3, 4, 2);
        expected.put("malformedMessages", 1L);
        assertEquals(expected, counters(o.stats()));
        assertSameSockets(clean.subList(0, 3), o.sockets());
    }

    @ParameterizedTest(name = "nlmsg_len past the datagram by {0}")
    @ValueSource(ints = {1, 4, 1 << 20, -1})
    void nlmsgLenPastTheDatagramSkipsTheRestOfTheDatagram(int excess) {
        byte[] bad = eight.clone();
        int at = offsetOfMessage(5);
        le(bad).putInt(at, excess == -1 ? -1 : bad.length - at + excess); // -1: 0xFFFFFFFF
        Outcome o = run(bad, doneDatagram);
        assertEquals(DumpResult.DONE, o.result());
        Map<String, Long> expected = counters(5, 6, 2);
        expected.put("malformedMessages", 1L);
        assertEquals(expected, counters(o.stats()));
        assertSameSockets(clean.subList(0, 5), o.sockets());
    }

    @ParameterizedTest(name = "inet_diag payload of {0} bytes")
    @ValueSource(ints = {0, 1, 52, 71})
    void replyShorterThanInetDiagMsgIsSkipped(int payload) {
        List<byte[]> msgs = NetlinkBytes.messages(eight);
        byte[] shortMsg = java.util.Arrays.copyOf(msgs.get(2), 16 + payload);
        le(shortMsg).putInt(0, shortMsg.length);
        msgs.set(2, shortMsg);
        Outcome o = run(NetlinkBytes.datagram(msgs.toArray(new byte[0][])), doneDatagram);
        assertEquals(DumpResult.DONE, o.result());
        Map<String, Long> expected = counters(7, 9, 2);
        expected.put("shortMessages", 1L);
        assertEquals(expected, counters(o.stats()));
        List<DecodedSocket> want = new ArrayList<>(clean);
        want.remove(2);
        assertSameSockets(want, o.sockets());
    }

    @Test
    void unexpectedTypeIsCountedAndTheWalkGoesOn() {
        byte[] bad = eight.clone();
        le(bad).putShort(offsetOfMessage(4) + 4, (short) 0x99);
        Outcome o = run(bad, doneDatagram);
        Map<String, Long> expected = counters(7, 9, 2);
        expected.put("unexpectedTypes", 1L);
        assertEquals(expected, counters(o.stats()));
        assertEquals(DumpResult.DONE, o.result());
    }

    @Test
    void dumpInterruptedFlagIsCountedAndTheSocketsKept() {
        byte[] flagged = eight.clone();
        for (int at : NetlinkBytes.messageOffsets(flagged)) {
            le(flagged).putShort(at + 6, (short) (Netlink.NLM_F_MULTI | Netlink.NLM_F_DUMP_INTR));
        }
        Outcome o = run(flagged, doneDatagram);
        Map<String, Long> expected = counters(8, 9, 2);
        expected.put("interrupted", 8L);
        assertEquals(expected, counters(o.stats()));
        assertSameSockets(clean, o.sockets());
    }

    @Test
    void repliesOfAnotherSequenceNumberAreSkipped() throws Exception {
        byte[] stale = eight.clone();
        byte[] current = eight.clone();
        byte[] done = doneDatagram.clone();
        for (int at : NetlinkBytes.messageOffsets(stale)) {
            le(stale).putInt(at + 8, 41);
            le(current).putInt(at + 8, 42);
        }
        le(done).putInt(8, 42);
        DumpStats stats = new DumpStats();
        List<DecodedSocket> sockets = new ArrayList<>();
        DumpResult r = new InetDiagDumper(stats).readReplies(MemoryChannel.of(List.of(stale, current, done)),
                Netlink.SOCK_DIAG_BY_FAMILY, 42, CaptureReplay.collector(new SocketDecoder(Decoder.all()), sockets));
        assertEquals(DumpResult.DONE, r);
        Map<String, Long> expected = counters(8, 17, 3);
        expected.put("sequenceMismatches", 8L);
        assertEquals(expected, counters(stats));
        assertSameSockets(clean, sockets);
    }

    // ---- rtattr

    @ParameterizedTest(name = "rta_len = {0}")
    @ValueSource(ints = {0, 1, 3})
    void rtaLenBelowTheHeaderEndsTheAttributeWalk(int len) {
        byte[] bad = eight.clone();
        byte[] first = NetlinkBytes.messages(eight).get(0);
        List<Attr> attrs = NetlinkBytes.attributes(first);
        le(bad).putShort(attrs.get(ATTR_BAD).offset(), (short) len);
        assertAttributesBeforeTheBadOneSurvive(attrs, run(bad, doneDatagram));
    }

    @Test
    void rtaLenPastTheMessageEndEndsTheAttributeWalk() {
        byte[] bad = eight.clone();
        byte[] first = NetlinkBytes.messages(eight).get(0);
        List<Attr> attrs = NetlinkBytes.attributes(first);
        Attr a = attrs.get(ATTR_BAD);
        le(bad).putShort(a.offset(), (short) (first.length - a.offset() + 4));
        assertAttributesBeforeTheBadOneSurvive(attrs, run(bad, doneDatagram));
    }

    private static void assertAttributesBeforeTheBadOneSurvive(List<Attr> attrs, Outcome o) {
        assertEquals(DumpResult.DONE, o.result());
        Map<String, Long> expected = counters(8, 9, 2);
        expected.put("malformedAttributes", 1L);
        assertEquals(expected, counters(o.stats()));
        DecodedRecord damaged = o.sockets().get(0).fields();
        DecodedRecord whole = clean.get(0).fields();
        int checked = 0;
        for (int i = 0; i < attrs.size(); i++) {
            int field = presenceField(attrs.get(i).type());
            if (field < 0) {
                continue;
            }
            checked++;
            if (i < ATTR_BAD) {
                assertTrue(damaged.has(field), "attribute before the bad one: " + InetDiagAttr.name(attrs.get(i).type()));
                assertEquals(whole.number(field), damaged.number(field));
            } else {
                assertFalse(damaged.has(field), "attribute at/after the bad one: " + InetDiagAttr.name(attrs.get(i).type()));
            }
        }
        assertTrue(checked >= 5, "attribute kinds checked: " + checked);
        assertEquals(whole.number(INET_DIAG_MSG_SOCKET_COOKIE_FIELD_NUMBER), damaged.number(INET_DIAG_MSG_SOCKET_COOKIE_FIELD_NUMBER));
        assertSameSockets(clean.subList(1, 8), o.sockets().subList(1, 8));
    }

    // ---- truncated tcp_info

    @Test
    void tcpInfoTruncatedTo100BytesLeavesLaterFieldsAbsent() {
        List<byte[]> msgs = NetlinkBytes.messages(eight);
        msgs.set(0, NetlinkBytes.withAttributeTruncated(msgs.get(0), InetDiagAttr.INFO, 100));
        Outcome o = run(NetlinkBytes.datagram(msgs.toArray(new byte[0][])), doneDatagram);
        assertEquals(counters(8, 9, 2), counters(o.stats()), "a short tcp_info is valid input, not damage");
        DecodedRecord cut = o.sockets().get(0).fields();
        DecodedRecord whole = clean.get(0).fields();
        // struct tcp_info: rtt at 68, rcv_space ends exactly at 100, total_retrans starts at 100.
        int[] inside = {TCP_INFO_STATE_FIELD_NUMBER, TCP_INFO_OPTIONS_FIELD_NUMBER, TCP_INFO_SEND_SCALE_FIELD_NUMBER,
            TCP_INFO_DELIVERY_RATE_APP_LIMITED_FIELD_NUMBER, TCP_INFO_RTO_FIELD_NUMBER, TCP_INFO_SND_MSS_FIELD_NUMBER,
            TCP_INFO_LAST_ACK_RECV_FIELD_NUMBER, TCP_INFO_RTT_FIELD_NUMBER, TCP_INFO_SND_CWND_FIELD_NUMBER,
            TCP_INFO_RCV_SPACE_FIELD_NUMBER};
        int[] beyond = {TCP_INFO_TOTAL_RETRANS_FIELD_NUMBER, TCP_INFO_PACING_RATE_FIELD_NUMBER,
            TCP_INFO_BYTES_ACKED_FIELD_NUMBER, TCP_INFO_SEGS_OUT_FIELD_NUMBER, TCP_INFO_MIN_RTT_FIELD_NUMBER,
            TCP_INFO_DELIVERY_RATE_FIELD_NUMBER, TCP_INFO_BUSY_TIME_FIELD_NUMBER, TCP_INFO_DELIVERED_FIELD_NUMBER,
            TCP_INFO_BYTES_SENT_FIELD_NUMBER, TCP_INFO_SND_WND_FIELD_NUMBER, TCP_INFO_RCV_WND_FIELD_NUMBER};
        for (int f : inside) {
            assertTrue(cut.has(f), "present: " + f);
            assertEquals(whole.number(f), cut.number(f), "value of " + f);
        }
        for (int f : beyond) {
            assertTrue(whole.has(f), "the untruncated reply has " + f);
            assertFalse(cut.has(f), "absent, not zero: " + f);
        }
        // Attributes after the short tcp_info still decode.
        assertEquals(whole.string(CONGESTION_ALGORITHM_STRING_FIELD_NUMBER), cut.string(CONGESTION_ALGORITHM_STRING_FIELD_NUMBER));
        assertEquals(whole.number(SK_MEM_INFO_SND_BUF_FIELD_NUMBER), cut.number(SK_MEM_INFO_SND_BUF_FIELD_NUMBER));
        assertTrue(cut.has(SK_MEM_INFO_SND_BUF_FIELD_NUMBER));
    }

    @Test
    void tcpInfoOfSevenBytesKeepsTheWscaleByteButNotTheAppLimitedByte() {
        List<byte[]> msgs = NetlinkBytes.messages(eight);
        msgs.set(0, NetlinkBytes.withAttributeTruncated(msgs.get(0), InetDiagAttr.INFO, 7));
        DecodedRecord cut = run(NetlinkBytes.datagram(msgs.toArray(new byte[0][])), doneDatagram).sockets().get(0).fields();
        assertTrue(cut.has(TCP_INFO_OPTIONS_FIELD_NUMBER));
        assertTrue(cut.has(TCP_INFO_SEND_SCALE_FIELD_NUMBER));
        assertTrue(cut.has(TCP_INFO_RCV_SCALE_FIELD_NUMBER));
        assertFalse(cut.has(TCP_INFO_DELIVERY_RATE_APP_LIMITED_FIELD_NUMBER));
        assertFalse(cut.has(TCP_INFO_RTO_FIELD_NUMBER));
    }

    // ---- errors

    @Test
    void nlmsgErrorEpermEndsTheDumpWithErrno() {
        Outcome o = run(eight, NetlinkBytes.datagram(NetlinkBytes.error(0, -1)));
        assertEquals(DumpResult.ERROR, o.result());
        Map<String, Long> expected = counters(8, 9, 2);
        expected.put("errors", 1L);
        expected.put("lastErrno", 1L);
        assertEquals(expected, counters(o.stats()));
        assertSameSockets(clean, o.sockets());
    }

    @Test
    void nlmsgErrorTooShortForAnErrnoIsAMalformedError() {
        byte[] shortError = NetlinkBytes.message(2, 0, 0, new byte[0]);
        Outcome o = run(eight, NetlinkBytes.datagram(shortError));
        assertEquals(DumpResult.ERROR, o.result());
        Map<String, Long> expected = counters(8, 9, 2);
        expected.put("errors", 1L);
        expected.put("malformedMessages", 1L);
        expected.put("lastErrno", (long) InetDiagDumper.EBADMSG);
        assertEquals(expected, counters(o.stats()));
    }

    @Test
    void trailingBytesTooShortForAHeaderAreCounted() {
        byte[] tail = java.util.Arrays.copyOf(eight, eight.length + 8);
        Outcome o = run(tail, doneDatagram);
        assertEquals(DumpResult.DONE, o.result());
        Map<String, Long> expected = counters(8, 9, 2);
        expected.put("malformedMessages", 1L);
        assertEquals(expected, counters(o.stats()));
        assertSameSockets(clean, o.sockets());
    }

    @Test
    void nlmsgErrorZeroIsAnAcknowledgementNotAnError() {
        Outcome o = run(NetlinkBytes.datagram(NetlinkBytes.error(0, 0)), eight, doneDatagram);
        assertEquals(DumpResult.DONE, o.result());
        assertEquals(counters(8, 10, 3), counters(o.stats()));
    }

    @Test
    void nlmsgDoneWithNegativeErrorEndsTheDumpWithErrno() {
        Outcome o = run(eight, NetlinkBytes.datagram(NetlinkBytes.done(0, -16)));
        assertEquals(DumpResult.ERROR, o.result());
        Map<String, Long> expected = counters(8, 9, 2);
        expected.put("errors", 1L);
        expected.put("lastErrno", 16L);
        assertEquals(expected, counters(o.stats()));
    }

    @Test
    void dumpStopsAtEpermWithoutAskingForTheSecondFamily() throws Exception {
        MemoryChannel ch = MemoryChannel.answering(List.of(eight, NetlinkBytes.datagram(NetlinkBytes.error(0, -1))));
        DumpStats stats = new DumpStats();
        List<DecodedSocket> sockets = new ArrayList<>();
        DumpResult r = new InetDiagDumper(stats).dump(ch, DumpRequest.byFamily(Netlink.ALL_STATES, 0xFF,
                DumpRequest.AF_INET, DumpRequest.AF_INET6), CaptureReplay.collector(new SocketDecoder(Decoder.all()), sockets));
        assertEquals(DumpResult.ERROR, r);
        assertEquals(1, ch.sent().size(), "no AF_INET6 request after the error");
        Map<String, Long> expected = counters(8, 9, 2);
        expected.put("dumps", 1L);
        expected.put("errors", 1L);
        expected.put("lastErrno", 1L);
        assertEquals(expected, counters(stats));
        assertSameSockets(clean, sockets);
    }

    // ---- garbage

    @Test
    void seededRandomDatagramsNeverThrowOrHang() {
        Random rnd = new Random(20240803L);
        List<byte[]> garbage = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            byte[] d = new byte[rnd.nextInt(4097)];
            rnd.nextBytes(d);
            if (i % 3 == 0 && d.length >= 16) {
                // a plausible header over random bytes reaches the message and attribute walkers
                le(d).putInt(0, 16 + rnd.nextInt(d.length - 15));
                le(d).putShort(4, (short) (rnd.nextBoolean() ? Netlink.SOCK_DIAG_BY_FAMILY : Netlink.TCPDIAG_GETSOCK));
            }
            garbage.add(d);
        }
        DumpStats stats = new DumpStats();
        List<CaptureReplay.Dump> dumps = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> CaptureReplay.readAll(MemoryChannel.of(garbage), stats));
        assertEquals(garbage.size(), stats.datagrams, "every datagram consumed once");
        assertEquals(garbage.stream().mapToLong(d -> d.length).sum(), stats.bytes);
        assertTrue(stats.malformedMessages > 0 && stats.shortMessages + stats.malformedAttributes > 0, stats::toString);
        assertEquals(stats.sockets, dumps.stream().mapToLong(d -> d.sockets().size()).sum());
    }

    @Test
    void seededBitFlipsInRealDatagramsNeverThrowOrHang() throws Exception {
        List<byte[]> real = NetlinkBytes.replyDatagrams(Fixtures.netlink("6_10_3", "tcp_100_sockets.pcap"));
        Random rnd = new Random(7);
        List<byte[]> mutated = new ArrayList<>();
        for (int round = 0; round < 40; round++) {
            for (byte[] d : real) {
                byte[] m = d.clone();
                for (int flips = 1 + rnd.nextInt(8); flips > 0; flips--) {
                    m[rnd.nextInt(m.length)] ^= (byte) (1 << rnd.nextInt(8));
                }
                mutated.add(m);
            }
        }
        DumpStats stats = new DumpStats();
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> CaptureReplay.readAll(MemoryChannel.of(mutated), stats));
        assertEquals(mutated.size(), stats.datagrams);
        assertTrue(stats.sockets > 0 && stats.problems() > 0, stats::toString);
    }

    // ---- helpers

    private static Outcome run(byte[]... datagrams) {
        DumpStats stats = new DumpStats();
        List<DecodedSocket> sockets = new ArrayList<>();
        DumpResult r = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> new InetDiagDumper(stats)
                .checkSequence(false)
                .readReplies(MemoryChannel.of(List.of(datagrams)), InetDiagDumper.ANY_REPLY_TYPE, 0,
                        CaptureReplay.collector(new SocketDecoder(Decoder.all()), sockets)));
        return new Outcome(r, stats, sockets);
    }

    private static int offsetOfMessage(int i) {
        return NetlinkBytes.messageOffsets(eight).get(i);
    }

    /** Every counter of a clean walk; tests put the ones their damage should move. */
    private static Map<String, Long> counters(long sockets, long messages, long datagrams) {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("dumps", 0L);
        m.put("sockets", sockets);
        m.put("messages", messages);
        m.put("datagrams", datagrams);
        for (String k : new String[] {"malformedMessages", "shortMessages", "malformedAttributes", "unknownAttributes",
            "sequenceMismatches", "unexpectedTypes", "interrupted", "errors", "lastErrno"}) {
            m.put(k, 0L);
        }
        return m;
    }

    private static Map<String, Long> counters(DumpStats s) {
        Map<String, Long> m = counters(s.sockets, s.messages, s.datagrams);
        m.put("dumps", s.dumps);
        m.put("malformedMessages", s.malformedMessages);
        m.put("shortMessages", s.shortMessages);
        m.put("malformedAttributes", s.malformedAttributes);
        m.put("unknownAttributes", s.unknownAttributes);
        m.put("sequenceMismatches", s.sequenceMismatches);
        m.put("unexpectedTypes", s.unexpectedTypes);
        m.put("interrupted", s.interrupted);
        m.put("errors", s.errors);
        m.put("lastErrno", (long) s.lastErrno);
        return m;
    }

    /** Same sockets with the same decoded values, in order. */
    private static void assertSameSockets(List<DecodedSocket> want, List<DecodedSocket> got) {
        assertEquals(want.size(), got.size(), "sockets");
        for (int i = 0; i < want.size(); i++) {
            DecodedRecord a = want.get(i).fields();
            DecodedRecord b = got.get(i).fields();
            assertEquals(a.size(), b.size(), "field count of socket " + i);
            for (int k = 0; k < a.size(); k++) {
                int f = a.fieldAt(k);
                assertTrue(b.has(f));
                assertEquals(a.number(f), b.number(f), "field " + f + " of socket " + i);
                assertArrayEquals(a.bytesOf(f), b.bytesOf(f), "field " + f + " of socket " + i);
            }
        }
    }

    /** A record field that is present exactly when the attribute was decoded; -1 when none. */
    private static int presenceField(int attrType) {
        switch (attrType) {
            case InetDiagAttr.MEMINFO: return MEM_INFO_RMEM_FIELD_NUMBER;
            case InetDiagAttr.INFO: return TCP_INFO_STATE_FIELD_NUMBER;
            case InetDiagAttr.VEGASINFO: return VEGAS_INFO_ENABLED_FIELD_NUMBER;
            case InetDiagAttr.CONG: return CONGESTION_ALGORITHM_ENUM_FIELD_NUMBER;
            case InetDiagAttr.TOS: return TYPE_OF_SERVICE_FIELD_NUMBER;
            case InetDiagAttr.TCLASS: return TRAFFIC_CLASS_FIELD_NUMBER;
            case InetDiagAttr.SKMEMINFO: return SK_MEM_INFO_RMEM_ALLOC_FIELD_NUMBER;
            case InetDiagAttr.SHUTDOWN: return SHUTDOWN_STATE_FIELD_NUMBER;
            case InetDiagAttr.CLASS_ID: return CLASS_ID_FIELD_NUMBER;
            case InetDiagAttr.CGROUP_ID: return C_GROUP_FIELD_NUMBER;
            case InetDiagAttr.SOCKOPT: return SOCK_OPT_FIELD_NUMBER;
            default: return -1;
        }
    }
}
