package io.xtcp.core.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import io.xtcp.core.netlink.DumpResult;
import io.xtcp.core.netlink.DumpStats;
import io.xtcp.core.netlink.InetDiagDumper;
import io.xtcp.core.pcap.PcapFile;
import io.xtcp.core.pcap.PcapReplayChannel;
import io.xtcp.core.record.DecodedRecord;
import io.xtcp.core.record.Decoder;
import io.xtcp.core.record.EnvelopeBuilder;
import io.xtcp.core.record.RecordEncoder;
import io.xtcp.core.record.SocketDecoder;
import io.xtcp.core.testing.CaptureReplay;
import io.xtcp.core.testing.DecodedSocket;
import io.xtcp.core.testing.Fixtures;
import io.xtcp.core.testing.SsSocket;
import io.xtcp.core.testing.SsText;
import io.xtcp.schema.v1.XtcpFlatRecord;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The golden test: for each kernel whose {@code ss} text was rendered from the very replies in the
 * capture, every socket ss printed is decoded, and every field ss printed matches the decoded value
 * after ss's unit conversions.
 */
class GoldenCaptureTest {

    static Stream<Arguments> captures() {
        return Stream.of(
                Arguments.of("5_4_281", 10), Arguments.of("5_4_281", 100), Arguments.of("5_4_281", 1000),
                Arguments.of("5_15_164", 10), Arguments.of("5_15_164", 100), Arguments.of("5_15_164", 1000),
                Arguments.of("6_1_103", 10), Arguments.of("6_1_103", 100),
                Arguments.of("6_10_3", 10), Arguments.of("6_10_3", 100), Arguments.of("6_10_3", 1000));
    }

    @ParameterizedTest(name = "{0} tcp_{1}_sockets")
    @MethodSource("captures")
    void everyFieldSsPrintedMatchesTheDecodedSocket(String kernel, int size) throws Exception {
        CaptureReplay replay = CaptureReplay.of(Fixtures.netlink(kernel, "tcp_" + size + "_sockets.pcap"));
        List<SsSocket> ss = SsText.read(Fixtures.netlink(kernel, "ss_tcp_info_a_" + size + ".txt"));
        Map<Long, SsSocket> ssByCookie = SsText.byCookie(ss);
        Map<Long, DecodedSocket> decoded = byCookie(replay.lastPerFamily());

        assertTrue(ss.size() >= size, "ss text holds fewer sockets than the capture is named for: " + ss.size());
        assertEquals(new TreeSet<>(ssByCookie.keySet()), new TreeSet<>(decoded.keySet()), "socket cookies");
        assertEquals(0, replay.stats().problems(), () -> "a clean kernel capture counted problems: " + replay.stats());
        assertTrue(replay.dumps().stream().allMatch(d -> d.result() == DumpResult.DONE), "every dump ends in NLMSG_DONE");

        SsComparison cmp = new SsComparison();
        for (Map.Entry<Long, SsSocket> e : ssByCookie.entrySet()) {
            cmp.compare(e.getValue(), decoded.get(e.getKey()));
        }
        assertTrue(cmp.mismatches().isEmpty(), () -> cmp.mismatches().size() + " mismatches, first: "
                + cmp.mismatches().stream().limit(25).collect(Collectors.joining("\n  ", "\n  ", "")));

        long withInfo = ss.stream().filter(s -> s.has("cwnd")).count();
        // Each socket yields ~20 message/attribute checks and each socket with tcp_info ~50 more:
        // a parser or decoder that matched nothing could not reach this.
        assertTrue(cmp.compared() >= 15 * ss.size() + 40 * withInfo,
                "only " + cmp.compared() + " fields compared for " + ss.size() + " sockets");
        assertTrue(cmp.tcpInfoCompared() >= 40 * withInfo, "only " + cmp.tcpInfoCompared() + " tcp_info fields compared");
        System.out.printf("golden %s tcp_%d: %d sockets (%d with tcp_info), %d fields compared (%d tcp_info)%n",
                kernel, size, ss.size(), withInfo, cmp.compared(), cmp.tcpInfoCompared());
    }

    /**
     * The protobuf path: the same capture through RecordEncoder and EnvelopeBuilder, framed as
     * protobufList batches and parsed back with the generated classes, carries every value the
     * decoder produced (proto3 leaves zeros out, so an absent field reads as 0).
     */
    @ParameterizedTest(name = "{0} tcp_{1}_sockets")
    @MethodSource("captures")
    void envelopesParseBackToTheDecodedValues(String kernel, int size) throws Exception {
        Path pcap = Fixtures.netlink(kernel, "tcp_" + size + "_sockets.pcap");
        List<DecodedSocket> decoded = CaptureReplay.of(pcap).allSockets();

        List<byte[]> batches = new ArrayList<>();
        EnvelopeBuilder envelopes = new EnvelopeBuilder(64, 32 * 1024, env -> {
            ByteBuffer framed = env.framed();
            byte[] copy = new byte[framed.remaining()];
            framed.get(copy);
            batches.add(copy);
        });
        RecordEncoder encoder = new RecordEncoder(new SocketDecoder(Decoder.all()), envelopes);
        PcapReplayChannel channel = new PcapReplayChannel(PcapFile.open(pcap));
        InetDiagDumper dumper = new InetDiagDumper(new DumpStats()).checkSequence(false);
        while (dumper.readReplies(channel, InetDiagDumper.ANY_REPLY_TYPE, 0, encoder) != DumpResult.END_OF_STREAM) {
            // one readReplies per dump in the capture
        }
        envelopes.flush();

        List<XtcpFlatRecord> rows = new ArrayList<>();
        for (byte[] batch : batches) {
            ByteArrayInputStream in = new ByteArrayInputStream(batch);
            io.xtcp.schema.v1.Envelope env = io.xtcp.schema.v1.Envelope.parseDelimitedFrom(in);
            assertEquals(0, in.available(), "bytes after the framed envelope");
            assertTrue(env.getRowCount() > 0 && env.getRowCount() <= 64);
            rows.addAll(env.getRowList());
        }
        assertEquals(decoded.size(), rows.size(), "rows");
        assertEquals(decoded.size(), encoder.records());

        int fields = 0;
        for (int i = 0; i < rows.size(); i++) {
            XtcpFlatRecord row = rows.get(i);
            DecodedRecord d = decoded.get(i).fields();
            assertEquals(i + 1, row.getRecordCounter(), "record_counter");
            assertEquals(d.number(XtcpFlatRecord.INET_DIAG_MSG_SOCKET_COOKIE_FIELD_NUMBER), row.getInetDiagMsgSocketCookie());
            assertEquals(d.number(XtcpFlatRecord.INET_DIAG_MSG_SOCKET_SOURCE_PORT_FIELD_NUMBER),
                    row.getInetDiagMsgSocketSourcePort());
            assertEquals(d.number(XtcpFlatRecord.INET_DIAG_MSG_SOCKET_DESTINATION_PORT_FIELD_NUMBER),
                    row.getInetDiagMsgSocketDestinationPort());
            assertEquals(d.number(XtcpFlatRecord.TCP_INFO_RTT_FIELD_NUMBER), Integer.toUnsignedLong(row.getTcpInfoRtt()));
            for (FieldDescriptor f : XtcpFlatRecord.getDescriptor().getFields()) {
                if (f.getNumber() == XtcpFlatRecord.RECORD_COUNTER_FIELD_NUMBER) {
                    continue;
                }
                assertEquals(expectedWireValue(d, f), normalize(f, row.getField(f)),
                        () -> "row " + row.getRecordCounter() + " field " + f.getName());
                fields++;
            }
        }
        assertTrue(fields >= rows.size() * 100, "fields compared: " + fields);
    }

    /** What the generated class must return for a field, given the decoded record. */
    private static Object expectedWireValue(DecodedRecord d, FieldDescriptor f) {
        int n = f.getNumber();
        switch (f.getJavaType()) {
            case STRING:
                return d.string(n);
            case BYTE_STRING:
                return ByteString.copyFrom(d.bytesOf(n));
            case ENUM:
                return d.number(n);
            case INT:
                return d.number(n) & 0xFFFFFFFFL;
            default:
                return d.number(n);
        }
    }

    private static Object normalize(FieldDescriptor f, Object v) {
        if (v instanceof EnumValueDescriptor e) {
            return (long) e.getNumber();
        }
        if (v instanceof Integer i) {
            return Integer.toUnsignedLong(i);
        }
        return v;
    }

    static Map<Long, DecodedSocket> byCookie(List<DecodedSocket> sockets) {
        Map<Long, DecodedSocket> m = new LinkedHashMap<>();
        for (DecodedSocket s : sockets) {
            long cookie = s.fields().number(XtcpFlatRecord.INET_DIAG_MSG_SOCKET_COOKIE_FIELD_NUMBER);
            if (m.put(cookie, s) != null) {
                throw new AssertionError("two decoded sockets share cookie " + Long.toHexString(cookie));
            }
        }
        return m;
    }
}
