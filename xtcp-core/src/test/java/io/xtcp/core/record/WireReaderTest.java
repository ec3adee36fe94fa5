package io.xtcp.core.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.xtcp.schema.v1.Envelope;
import io.xtcp.schema.v1.XtcpFlatRecord;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The protobuf wire reader against protobuf-java's own bytes, and against truncated and corrupted input. */
class WireReaderTest {
    private static final XtcpFlatRecord RECORD = XtcpFlatRecord.newBuilder()
            .setHostname("host-a")
            .setTcpInfoRtt(1234)
            .setTcpInfoMaxPacingRate(-1L) // u64 all-ones: a 10-byte varint
            .setInetDiagMsgSocketSourcePort(443)
            .setInetDiagMsgSocketSource(ByteString.copyFrom(new byte[] {127, 0, 0, 1}))
            .build();

    private static byte[] bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = (byte) b[i];
        }
        return out;
    }

    private static WireReader on(byte[] b) {
        return new WireReader().wrap(b, 0, b.length);
    }

    private static DecodedRecord decode(WireReader r) {
        DecodedRecord d = new DecodedRecord();
        assertTrue(r.record(d), r.fault());
        return d;
    }

    @Test
    void readsProtobufJavasBytesFieldByField() {
        DecodedRecord d = decode(on(RECORD.toByteArray()));
        assertEquals("host-a", d.string(XtcpFlatRecord.HOSTNAME_FIELD_NUMBER));
        assertEquals(1234, d.number(XtcpFlatRecord.TCP_INFO_RTT_FIELD_NUMBER));
        assertEquals(-1L, d.number(XtcpFlatRecord.TCP_INFO_MAX_PACING_RATE_FIELD_NUMBER));
        assertEquals(443, d.number(XtcpFlatRecord.INET_DIAG_MSG_SOCKET_SOURCE_PORT_FIELD_NUMBER));
        assertEquals("127.0.0.1", d.address(XtcpFlatRecord.INET_DIAG_MSG_SOCKET_SOURCE_FIELD_NUMBER));
        assertEquals(5, d.size());
    }

    @Test
    void aDirectBufferIsReadInPlaceAndGivesTheSameFields() {
        byte[] wire = RECORD.toByteArray();
        ByteBuffer direct = ByteBuffer.allocateDirect(wire.length + 3);
        direct.position(3);
        direct.put(wire);
        direct.position(3);
        DecodedRecord d = decode(new WireReader().wrap(direct));
        assertEquals(3, direct.position(), "the buffer's position is not moved");
        assertEquals("host-a", d.string(XtcpFlatRecord.HOSTNAME_FIELD_NUMBER));
        assertEquals(-1L, d.number(XtcpFlatRecord.TCP_INFO_MAX_PACING_RATE_FIELD_NUMBER));
    }

    @Test
    void cursorGivesTagsValuesAndPlaces() {
        // field 1 varint 150; field 2 "hi"; field 3 fixed32 1; field 4 fixed64 2
        byte[] b = bytes(0x08, 0x96, 0x01, 0x12, 2, 'h', 'i', 0x1D, 1, 0, 0, 0, 0x21, 2, 0, 0, 0, 0, 0, 0, 0);
        WireReader r = on(b);
        assertTrue(r.next());
        assertEquals(1, r.field());
        assertEquals(WireReader.WIRE_VARINT, r.wireType());
        assertEquals(150, r.number());
        assertTrue(r.next());
        assertEquals(2, r.field());
        assertEquals(WireReader.WIRE_LEN, r.wireType());
        assertEquals(2, r.length());
        assertEquals("hi", new String(r.array(), r.valueOffset(), r.length(), StandardCharsets.US_ASCII));
        assertTrue(r.next());
        assertEquals(WireReader.WIRE_FIXED32, r.wireType());
        assertEquals(1, r.number());
        assertTrue(r.next());
        assertEquals(WireReader.WIRE_FIXED64, r.wireType());
        assertEquals(2, r.number());
        assertFalse(r.next());
        assertFalse(r.malformed());
        assertNull(r.fault());
    }

    @Test
    void anEmptyRegionHasNoFieldsAndIsNotMalformed() {
        WireReader r = new WireReader().wrap(new byte[8], 8, 0);
        assertFalse(r.next());
        assertFalse(r.malformed());
    }

    @Test
    void truncatedVarintValue() {
        WireReader r = on(bytes(0x08, 0x96)); // field 1, varint continues past the end
        assertFalse(r.next());
        assertEquals(WireReader.Fault.TRUNCATED_VARINT, r.faultKind());
        assertEquals("truncated varint at byte 1", r.fault());
    }

    @Test
    void truncatedTag() {
        WireReader r = on(bytes(0x80));
        assertFalse(r.next());
        assertEquals("truncated varint at byte 0", r.fault());
    }

    @Test
    void varintOfElevenBytes() {
        byte[] b = new byte[12];
        b[0] = 0x08;
        Arrays.fill(b, 1, 11, (byte) 0xFF);
        b[11] = 1;
        WireReader r = on(b);
        assertFalse(r.next());
        assertEquals(WireReader.Fault.VARINT_TOO_LONG, r.faultKind());
        assertEquals("varint longer than 10 bytes at byte 1", r.fault());
    }

    @Test
    void tenByteVarintIsTheLongest() {
        byte[] b = new byte[11];
        b[0] = 0x08;
        Arrays.fill(b, 1, 10, (byte) 0xFF);
        b[10] = 1;
        WireReader r = on(b);
        assertTrue(r.next());
        assertEquals(-1L, r.number());
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 4, 100, 0x7FFFFFFF})
    void overlongLengthNeverReadsPastTheLimit(int claimed) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x12); // field 2, length-delimited
        int v = claimed;
        while ((v & ~0x7F) != 0) {
            out.write((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.write(v);
        out.write('a');
        out.write('b');
        byte[] b = out.toByteArray();
        // the region ends before the array does: a length that fits the array but not the region is still past the end
        byte[] padded = Arrays.copyOf(b, b.length + 200);
        WireReader r = new WireReader().wrap(padded, 0, b.length);
        assertFalse(r.next());
        assertEquals(WireReader.Fault.LENGTH_PAST_END, r.faultKind());
        assertEquals("length " + claimed + " past the end at byte 1", r.fault());
    }

    @Test
    void negativeLengthIsPastTheEnd() {
        byte[] b = new byte[12];
        b[0] = 0x12;
        Arrays.fill(b, 1, 10, (byte) 0xFF);
        b[10] = 1; // 2^64 - 1 as a length
        WireReader r = on(b);
        assertFalse(r.next());
        assertEquals(WireReader.Fault.LENGTH_PAST_END, r.faultKind());
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 4, 6, 7})
    void unknownWireTypes(int wire) {
        WireReader r = on(bytes(0x08, 1, 2 << 3 | wire, 0, 0, 0, 0, 0, 0, 0, 0));
        assertTrue(r.next(), "the field before is read");
        assertFalse(r.next());
        assertEquals(WireReader.Fault.UNKNOWN_WIRE_TYPE, r.faultKind());
        assertEquals("unknown wire type " + wire + " at byte 2", r.fault());
        assertFalse(r.next(), "a reader stays stopped at its fault");
    }

    @Test
    void truncatedFixedValues() {
        WireReader r32 = on(bytes(0x0D, 1, 2, 3));
        assertFalse(r32.next());
        assertEquals("truncated fixed32 at byte 1", r32.fault());
        WireReader r64 = on(bytes(0x09, 1, 2, 3, 4, 5, 6, 7));
        assertFalse(r64.next());
        assertEquals("truncated fixed64 at byte 1", r64.fault());
    }

    @Test
    void fieldZeroIsMalformed() {
        WireReader r = on(bytes(0x00, 0x05));
        assertFalse(r.next());
        assertEquals(WireReader.Fault.FIELD_ZERO, r.faultKind());
    }

    @Test
    void recordSkipsUnknownFieldsAndFixedValues() {
        // field 9999 (not in the schema) varint 7, hostname "h", field 3 fixed32
        byte[] unknown = bytes(0xF8, 0xE0, 0x04, 7);
        byte[] known = XtcpFlatRecord.newBuilder().setHostname("h").build().toByteArray();
        byte[] b = new byte[unknown.length + known.length];
        System.arraycopy(unknown, 0, b, 0, unknown.length);
        System.arraycopy(known, 0, b, unknown.length, known.length);
        DecodedRecord d = decode(on(b));
        assertEquals(1, d.size());
        assertEquals("h", d.string(XtcpFlatRecord.HOSTNAME_FIELD_NUMBER));
    }

    @Test
    void recordDeliversTheFieldsBeforeAFault() {
        byte[] good = RECORD.toByteArray();
        byte[] b = Arrays.copyOf(good, good.length + 2);
        b[good.length] = 0x08; // field 1 varint, truncated
        b[good.length + 1] = (byte) 0x80;
        DecodedRecord d = new DecodedRecord();
        WireReader r = on(b);
        assertFalse(r.record(d));
        assertEquals(5, d.size());
        assertEquals("truncated varint at byte " + (good.length + 1), r.fault());
    }

    private static byte[] envelope(int rows) {
        Envelope.Builder e = Envelope.newBuilder();
        for (int i = 1; i <= rows; i++) {
            e.addRow(XtcpFlatRecord.newBuilder().setRecordCounter(i).setHostname("h" + i));
        }
        return e.build().toByteArray();
    }

    @Test
    void field10RowsOfAnEnvelope() {
        byte[] env = envelope(3);
        List<Long> counters = new ArrayList<>();
        List<String> hosts = new ArrayList<>();
        DecodedRecord d = new DecodedRecord();
        WireReader r = on(env);
        assertTrue(r.rows(row -> {
            d.reset();
            assertTrue(row.record(d));
            counters.add(d.number(XtcpFlatRecord.RECORD_COUNTER_FIELD_NUMBER));
            hosts.add(d.string(XtcpFlatRecord.HOSTNAME_FIELD_NUMBER));
        }));
        assertEquals(List.of(1L, 2L, 3L), counters);
        assertEquals(List.of("h1", "h2", "h3"), hosts);
    }

    @Test
    void rowsGiveEachRowsPlaceInTheArray() throws Exception {
        byte[] env = envelope(2);
        byte[] first = Envelope.parseFrom(env).getRow(0).toByteArray();
        List<byte[]> rows = new ArrayList<>();
        on(env).rows(row -> rows.add(Arrays.copyOfRange(row.array(), row.start(), row.end())));
        assertEquals(2, rows.size());
        assertArrayEquals(first, rows.get(0));
    }

    @Test
    void otherEnvelopeFieldsAreSkippedAndAField10VarintIsNotARow() {
        byte[] env = envelope(1);
        byte[] extra = bytes(0x50, 5, 0x5A, 0); // field 10 as a varint, then field 11 empty bytes
        byte[] b = new byte[extra.length + env.length];
        System.arraycopy(extra, 0, b, 0, extra.length);
        System.arraycopy(env, 0, b, extra.length, env.length);
        int[] n = {0};
        assertTrue(on(b).rows(row -> n[0]++));
        assertEquals(1, n[0]);
    }

    @Test
    void truncatedEnvelopeDeliversTheWholeRowsBeforeTheFault() {
        byte[] env = envelope(3);
        byte[] cut = Arrays.copyOf(env, env.length - 2);
        int[] n = {0};
        WireReader r = on(cut);
        assertFalse(r.rows(row -> n[0]++));
        assertEquals(2, n[0]);
        assertEquals(WireReader.Fault.LENGTH_PAST_END, r.faultKind());
    }

    @Test
    void faultPositionsInARowCountFromTheEnvelopesStart() {
        byte[] env = envelope(1);
        int rowStart = 2; // tag, one-byte length
        byte[] b = Arrays.copyOf(env, env.length);
        b[rowStart] = 0x07; // field 0 wire type 7 in the row
        String[] fault = {null};
        on(b).rows(row -> {
            row.record(new DecodedRecord());
            fault[0] = row.fault();
        });
        assertEquals("field number 0 at byte 2", fault[0]);
    }

    @Test
    void protobufListPrefix() {
        byte[] env = envelope(2);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            Envelope.parseFrom(env).writeDelimitedTo(out);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        byte[] framed = out.toByteArray();
        WireReader r = on(framed);
        assertEquals(env.length, r.prefix());
        assertEquals(env.length, r.remaining());
        int[] n = {0};
        assertTrue(r.rows(row -> n[0]++));
        assertEquals(2, n[0]);

        WireReader bad = on(bytes(0xFF, 0xFF));
        assertEquals(-1, bad.prefix());
        assertEquals(WireReader.Fault.TRUNCATED_VARINT, bad.faultKind());
    }

    @Test
    void wrapChecksItsBounds() {
        assertThrows(IndexOutOfBoundsException.class, () -> new WireReader().wrap(new byte[4], 2, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> new WireReader().wrap(new byte[4], -1, 1));
    }

    @Test
    void rewrapClearsAFault() {
        WireReader r = on(bytes(0x80));
        assertFalse(r.next());
        byte[] ok = bytes(0x08, 1);
        r.wrap(ok, 0, ok.length);
        assertTrue(r.next());
        assertFalse(r.malformed());
    }

    @Test
    void readingAllocatesNothingPerField() {
        byte[] env = envelope(50);
        WireReader r = new WireReader();
        DecodedRecord d = new DecodedRecord();
        WireReader.RowVisitor v = row -> {
            d.reset();
            row.record(d);
        };
        for (int i = 0; i < 20_000; i++) { // warm up: escape analysis needs the compiled code
            r.wrap(env, 0, env.length).rows(v);
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 1000; i++) {
            r.wrap(env, 0, env.length).rows(v);
        }
        long per = (threads.getCurrentThreadAllocatedBytes() - before) / (1000 * 50);
        assertTrue(per < 8, per + " bytes allocated per row");
    }
}
