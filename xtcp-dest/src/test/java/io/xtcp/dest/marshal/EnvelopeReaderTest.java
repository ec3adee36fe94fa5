package io.xtcp.dest.marshal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xtcp.core.record.DecodedRecord;
import io.xtcp.dest.testing.TestBatches;
import io.xtcp.schema.v1.XtcpFlatRecord;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The batch walk over the core wire reader: heap and direct buffers, and the refusals' messages. */
class EnvelopeReaderTest {
    private final TestBatches.Batch batch = TestBatches.batches(1, 5, 5, 8000, 0).get(0);

    private static List<Long> counters(ByteBuffer framed) {
        DecodedRecord record = new DecodedRecord();
        List<Long> out = new ArrayList<>();
        int n = new EnvelopeReader().read(framed, new EnvelopeReader.RowHandler() {
            @Override
            public void beginRow() {
                record.reset();
            }

            @Override
            public void endRow() {
                out.add(record.number(XtcpFlatRecord.RECORD_COUNTER_FIELD_NUMBER));
            }
        }, record);
        assertEquals(n, out.size());
        return out;
    }

    private static int skipVarint(byte[] b, int p) {
        while (b[p] < 0) {
            p++;
        }
        return p + 1;
    }

    @Test
    void heapAndDirectBuffersGiveTheSameRows() {
        ByteBuffer direct = ByteBuffer.allocateDirect(batch.framed.length);
        direct.put(batch.framed).flip();
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), counters(batch.buffer()));
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), counters(direct));
        assertEquals(0, direct.position(), "the buffer's position is not moved");
    }

    @Test
    void aPrefixThatDisagreesWithTheBytesIsRefused() {
        byte[] truncated = Arrays.copyOf(batch.framed, batch.framed.length - 3);
        MalformedBatchException e = assertThrows(MalformedBatchException.class, () -> counters(ByteBuffer.wrap(truncated)));
        assertTrue(e.getMessage().startsWith("protobufList batch: length prefix "), e.getMessage());
        assertTrue(e.getMessage().endsWith("bytes follow"), e.getMessage());
    }

    @Test
    void aCorruptRowIsRefusedNamingTheByte() {
        byte[] b = batch.framed.clone();
        int rowStart = skipVarint(b, skipVarint(b, 0) + 1); // the prefix, the row's tag 0x52, its length
        b[rowStart] = 0x07; // field 0, wire type 7
        MalformedBatchException e = assertThrows(MalformedBatchException.class, () -> counters(ByteBuffer.wrap(b)));
        assertEquals("protobufList batch: field number 0 at byte " + rowStart, e.getMessage());
    }
}
