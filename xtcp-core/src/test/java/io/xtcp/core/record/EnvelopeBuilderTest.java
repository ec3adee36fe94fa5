package io.xtcp.core.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.CodedInputStream;
import io.xtcp.core.netlink.DumpStats;
import io.xtcp.core.netlink.InetDiagDumper;
import io.xtcp.core.testing.Fixtures;
import io.xtcp.core.testing.MemoryChannel;
import io.xtcp.core.testing.NetlinkBytes;
import io.xtcp.schema.v1.XtcpFlatRecord;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** protobufList framing (varint length + Envelope) and when EnvelopeBuilder hands envelopes over. */
class EnvelopeBuilderTest {
    private final List<byte[]> bodies = new ArrayList<>();
    private final List<byte[]> framed = new ArrayList<>();
    private final List<Integer> rows = new ArrayList<>();

    private void keep(Envelope e) {
        bodies.add(bytes(e.body()));
        framed.add(bytes(e.framed()));
        rows.add(e.rows());
    }

    @Test
    void framedEnvelopeIsAVarintLengthThenAnEnvelopeTheGeneratedClassesParse() throws Exception {
        EnvelopeBuilder b = new EnvelopeBuilder(100, 64 * 1024, this::keep);
        List<XtcpFlatRecord> records = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            XtcpFlatRecord r = XtcpFlatRecord.newBuilder().setRecordCounter(i).setHostname("host-" + "x".repeat(40 * i))
                    .setTcpInfoRtt(1000 * i).setInetDiagMsgSocketCookie(-i).build();
            records.add(r);
            byte[] wire = r.toByteArray();
            b.append(wire, wire.length);
        }
        assertEquals(5, b.pendingRows());
        b.flush();
        assertEquals(1, b.envelopes());
        assertEquals(0, b.pendingRows());

        byte[] body = bodies.get(0);
        assertTrue(body.length >= 128, "a two-byte varint prefix");
        CodedInputStream in = CodedInputStream.newInstance(framed.get(0));
        assertEquals(body.length, in.readUInt32());
        assertEquals(2, in.getTotalBytesRead());
        assertArrayEquals(body, in.readRawBytes(body.length));
        assertTrue(in.isAtEnd());

        assertEquals(records, io.xtcp.schema.v1.Envelope.parseFrom(body).getRowList());
        ByteArrayInputStream stream = new ByteArrayInputStream(framed.get(0));
        assertEquals(records, io.xtcp.schema.v1.Envelope.parseDelimitedFrom(stream).getRowList());
        assertEquals(0, stream.available());
    }

    @Test
    void shortBodyHasAOneByteVarint() {
        EnvelopeBuilder b = new EnvelopeBuilder(10, 1024, this::keep);
        byte[] wire = XtcpFlatRecord.newBuilder().setRecordCounter(1).build().toByteArray();
        b.append(wire, wire.length);
        b.flush();
        assertEquals(bodies.get(0).length, framed.get(0)[0]);
        assertEquals(bodies.get(0).length + 1, framed.get(0).length);
    }

    @Test
    void flushesWhenMaxRowsIsReached() throws Exception {
        EnvelopeBuilder b = new EnvelopeBuilder(3, 64 * 1024, this::keep);
        for (int i = 1; i <= 7; i++) {
            byte[] wire = XtcpFlatRecord.newBuilder().setRecordCounter(i).build().toByteArray();
            b.append(wire, wire.length);
        }
        assertEquals(List.of(3, 3), rows, "handed over at the 3rd and 6th row");
        assertEquals(1, b.pendingRows());
        b.flush();
        b.flush(); // nothing pending: no empty envelope
        assertEquals(List.of(3, 3, 1), rows);
        assertEquals(3, b.envelopes());
        long counter = 1;
        for (byte[] body : bodies) {
            for (XtcpFlatRecord r : io.xtcp.schema.v1.Envelope.parseFrom(body).getRowList()) {
                assertEquals(counter++, r.getRecordCounter(), "rows in order across envelopes");
            }
        }
    }

    @Test
    void flushesBeforeARowThatWouldPassMaxBytes() throws Exception {
        int maxBytes = 200;
        EnvelopeBuilder b = new EnvelopeBuilder(1000, maxBytes, this::keep);
        byte[] wire = XtcpFlatRecord.newBuilder().setHostname("h".repeat(47)).build().toByteArray();
        assertEquals(50, wire.length);
        for (int i = 0; i < 10; i++) {
            b.append(wire, wire.length);
        }
        b.flush();
        // each row costs 1 tag + 1 length + 50 bytes = 52: three fit in 200, a fourth would not
        assertEquals(List.of(3, 3, 3, 1), rows);
        for (byte[] body : bodies) {
            assertTrue(body.length <= maxBytes, "body " + body.length);
            assertEquals(body.length / 52, io.xtcp.schema.v1.Envelope.parseFrom(body).getRowCount());
        }
    }

    @Test
    void aRowLargerThanMaxBytesTravelsAlone() throws Exception {
        EnvelopeBuilder b = new EnvelopeBuilder(1000, 200, this::keep);
        byte[] small = XtcpFlatRecord.newBuilder().setRecordCounter(1).build().toByteArray();
        byte[] big = XtcpFlatRecord.newBuilder().setHostname("h".repeat(400)).build().toByteArray();
        b.append(small, small.length);
        b.append(big, big.length);
        b.append(small, small.length);
        b.flush();
        assertEquals(List.of(1, 1, 1), rows);
        assertEquals(400, io.xtcp.schema.v1.Envelope.parseFrom(bodies.get(1)).getRow(0).getHostname().length());
    }

    @Test
    void aRowBeyondTheBufferIsRefusedAndLimitsAreValidated() {
        EnvelopeBuilder b = new EnvelopeBuilder(10, 64, this::keep);
        byte[] huge = new byte[64 + 4096 + 16];
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> b.append(huge, huge.length));
        assertTrue(e.getMessage().contains("exceeds"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new EnvelopeBuilder(0, 1024, this::keep));
        assertThrows(IllegalArgumentException.class, () -> new EnvelopeBuilder(1, 63, this::keep));
    }

    /** RecordEncoder puts the poll's stamp and a running counter in front of each socket's fields. */
    @Test
    void encoderRowsCarryTheStampAndCounter() throws Exception {
        List<byte[]> datagrams = NetlinkBytes.replyDatagrams(Fixtures.netlink("6_1_103", "tcp_10_sockets.pcap"));
        EnvelopeBuilder b = new EnvelopeBuilder(100, 64 * 1024, this::keep);
        RecordEncoder enc = new RecordEncoder(new SocketDecoder(Decoder.all()), b);
        enc.stamp(RecordStamp.of(RecordStamp.base("0.1.0", "vm3", "lab", "", "t").build(), 1722126733000000000L, "ns1", 4026531840L, 0));
        new InetDiagDumper(new DumpStats()).checkSequence(false)
                .readReplies(MemoryChannel.of(datagrams), InetDiagDumper.ANY_REPLY_TYPE, 0, enc);
        b.flush();
        List<XtcpFlatRecord> got = io.xtcp.schema.v1.Envelope.parseFrom(bodies.get(0)).getRowList();
        assertEquals(12, got.size(), "the IPv4 dump of the 10-socket capture");
        for (int i = 0; i < got.size(); i++) {
            XtcpFlatRecord r = got.get(i);
            assertEquals(i + 1, r.getRecordCounter());
            assertEquals("vm3", r.getHostname());
            assertEquals("ns1", r.getNetns());
            assertEquals(4026531840L, r.getNetnsInode());
            assertEquals(1722126733000000000L, r.getTimestampNs());
            assertEquals(RecordStamp.SCHEMA_VERSION, r.getSchemaVersion());
            assertEquals(2, r.getInetDiagMsgFamily());
            assertTrue(r.getInetDiagMsgSocketCookie() != 0);
        }
        assertEquals(12, enc.records());
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
