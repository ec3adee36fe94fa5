package io.xtcp.daemon.snapshot;

import io.xtcp.core.record.FieldSink;
import java.nio.ByteBuffer;

/**
 * Reads XtcpFlatRecord protobuf wire bytes back into a {@link FieldSink}, and envelope bodies
 * row by row. Total: malformed input ends the walk and returns false, never throws.
 */
final class WireRecords {
    private static final int ROW_FIELD = 10;

    private WireRecords() {}

    /** Receives one row of an envelope: its bytes are {@code b[offset, offset + length)}. */
    interface RowConsumer {
        void row(byte[] b, int offset, int length);
    }

    /** Walks the rows of an envelope body; false when it is malformed (rows before the fault were delivered). */
    static boolean rows(byte[] b, int offset, int length, RowConsumer consumer) {
        int p = offset;
        int end = offset + length;
        long[] v = new long[1];
        while (p < end) {
            p = varint(b, p, end, v);
            if (p < 0) {
                return false;
            }
            int field = (int) (v[0] >>> 3);
            int type = (int) (v[0] & 7);
            if (type != 2) {
                p = skip(b, p, end, type, v);
                if (p < 0) {
                    return false;
                }
                continue;
            }
            p = varint(b, p, end, v);
            if (p < 0 || v[0] < 0 || v[0] > end - p) {
                return false;
            }
            if (field == ROW_FIELD) {
                consumer.row(b, p, (int) v[0]);
            }
            p += (int) v[0];
        }
        return true;
    }

    /** Walks the rows of an envelope body in place when it is array-backed (a copy otherwise). */
    static boolean rows(ByteBuffer body, RowConsumer consumer) {
        if (body.hasArray()) {
            return rows(body.array(), body.arrayOffset() + body.position(), body.remaining(), consumer);
        }
        byte[] copy = new byte[body.remaining()];
        body.duplicate().get(copy);
        return rows(copy, 0, copy.length, consumer);
    }

    /** Delivers each field of one record: varints as numbers, length-delimited as bytes. */
    static boolean read(byte[] b, int offset, int length, FieldSink sink) {
        return read(b, offset, length, sink, new long[1]);
    }

    /** As {@link #read(byte[], int, int, FieldSink)}, with a caller's one-element scratch array. */
    static boolean read(byte[] b, int offset, int length, FieldSink sink, long[] v) {
        int p = offset;
        int end = offset + length;
        while (p < end) {
            p = varint(b, p, end, v);
            if (p < 0) {
                return false;
            }
            int field = (int) (v[0] >>> 3);
            int type = (int) (v[0] & 7);
            if (field <= 0) {
                return false;
            }
            switch (type) {
                case 0:
                    p = varint(b, p, end, v);
                    if (p < 0) {
                        return false;
                    }
                    sink.number(field, v[0]);
                    break;
                case 2:
                    p = varint(b, p, end, v);
                    if (p < 0 || v[0] < 0 || v[0] > end - p) {
                        return false;
                    }
                    sink.bytes(field, b, p, (int) v[0]);
                    p += (int) v[0];
                    break;
                default:
                    p = skip(b, p, end, type, v);
                    if (p < 0) {
                        return false;
                    }
            }
        }
        return true;
    }

    private static int skip(byte[] b, int p, int end, int type, long[] v) {
        switch (type) {
            case 0:
                return varint(b, p, end, v);
            case 1:
                return p + 8 <= end ? p + 8 : -1;
            case 5:
                return p + 4 <= end ? p + 4 : -1;
            case 2:
                p = varint(b, p, end, v);
                return p < 0 || v[0] < 0 || v[0] > end - p ? -1 : p + (int) v[0];
            default:
                return -1;
        }
    }

    /** Reads a varint at p into v[0]; returns the position after it, or -1. */
    private static int varint(byte[] b, int p, int end, long[] v) {
        long r = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (p >= end) {
                return -1;
            }
            byte x = b[p++];
            r |= (long) (x & 0x7F) << shift;
            if (x >= 0) {
                v[0] = r;
                return p;
            }
        }
        return -1;
    }
}
