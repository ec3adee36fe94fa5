package io.xtcp.dest.marshal;

import io.xtcp.core.record.FieldSink;
import io.xtcp.core.record.RecordFields;
import java.nio.ByteBuffer;

/**
 * Walks a protobufList batch's wire bytes without building message objects: for each row of the
 * Envelope it hands every known field to a {@link FieldSink} (numbers and byte strings; fields
 * proto3 left out because they were zero are simply absent). Unknown fields are skipped.
 */
public final class EnvelopeReader {
    /** Envelope.row. */
    static final int ROW_FIELD = 10;

    /** Receives the rows of a batch. */
    public interface RowHandler {
        /** Called before the fields of each row. */
        void beginRow();

        /** Called after the fields of each row. */
        void endRow();
    }

    private ByteBuffer buf;
    /** The bytes of {@code buf} as an array (its own, or a copy for a direct buffer) and where index 0 is. */
    private byte[] array = new byte[0];
    private int arrayBase;
    private int pos;
    private int limit;

    /** Reads the batch at {@code framed}'s position..limit and returns the number of rows. */
    public int read(ByteBuffer framed, RowHandler rows, FieldSink fields) {
        buf = framed;
        if (framed.hasArray()) {
            array = framed.array();
            arrayBase = framed.arrayOffset();
        } else {
            if (array.length < framed.limit()) {
                array = new byte[framed.limit()];
            }
            framed.get(0, array, 0, framed.limit());
            arrayBase = 0;
        }
        pos = framed.position();
        limit = framed.limit();
        long len = varint();
        if (len != limit - pos) {
            throw new MalformedBatchException("protobufList batch: length prefix " + len + " but " + (limit - pos) + " bytes follow");
        }
        int count = 0;
        while (pos < limit) {
            long tag = varint();
            int field = (int) (tag >>> 3);
            int wire = (int) (tag & 7);
            if (field == ROW_FIELD && wire == 2) {
                int rowLen = length();
                int rowEnd = pos + rowLen;
                rows.beginRow();
                readRow(rowEnd, fields);
                rows.endRow();
                pos = rowEnd;
                count++;
            } else {
                skip(wire);
            }
        }
        return count;
    }

    private void readRow(int end, FieldSink fields) {
        int saved = limit;
        limit = end;
        while (pos < end) {
            long tag = varint();
            int field = (int) (tag >>> 3);
            int wire = (int) (tag & 7);
            boolean known = RecordFields.exists(field);
            if (wire == 0) {
                long v = varint();
                if (known) {
                    fields.number(field, v);
                }
            } else if (wire == 2) {
                int n = length();
                if (known) {
                    fields.bytes(field, array, arrayBase + pos, n);
                }
                pos += n;
            } else {
                skip(wire);
            }
        }
        limit = saved;
    }

    private void skip(int wire) {
        switch (wire) {
            case 0:
                varint();
                break;
            case 1:
                need(8);
                pos += 8;
                break;
            case 2:
                int n = length();
                pos += n;
                break;
            case 5:
                need(4);
                pos += 4;
                break;
            default:
                throw new MalformedBatchException("protobufList batch: wire type " + wire + " at byte " + pos);
        }
    }

    private int length() {
        long n = varint();
        if (n < 0 || n > limit - pos) {
            throw new MalformedBatchException("protobufList batch: length " + n + " past the end at byte " + pos);
        }
        return (int) n;
    }

    private void need(int n) {
        if (limit - pos < n) {
            throw new MalformedBatchException("protobufList batch: truncated at byte " + pos);
        }
    }

    private long varint() {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            need(1);
            byte b = buf.get(pos++);
            v |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return v;
            }
        }
        throw new MalformedBatchException("protobufList batch: varint too long at byte " + pos);
    }
}
