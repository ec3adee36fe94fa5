package io.xtcp.core.record;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Writes one XtcpFlatRecord as protobuf wire bytes, field by field, skipping zero values as
 * proto3 does. The buffer is reused for every record. The varint path is written out by hand:
 * one capacity check per field and the tag's one to three bytes without a loop.
 */
public final class ProtoRecordWriter implements FieldSink {
    /** A tag (at most 3 bytes for field numbers below 2^18) plus a 10-byte varint. */
    private static final int MAX_NUMBER_FIELD = 13;

    private byte[] buf = new byte[2048];
    private int pos;

    public void reset() {
        pos = 0;
    }

    @Override
    public void number(int field, long value) {
        if (value == 0) {
            return;
        }
        byte[] b = buf;
        int p = pos;
        if (p + MAX_NUMBER_FIELD > b.length) {
            b = grow(MAX_NUMBER_FIELD);
        }
        int tag = field << 3; // wire type 0: varint
        if (tag < 0x80) {
            b[p++] = (byte) tag;
        } else if (tag < 0x4000) {
            b[p++] = (byte) (tag | 0x80);
            b[p++] = (byte) (tag >>> 7);
        } else {
            b[p++] = (byte) (tag | 0x80);
            b[p++] = (byte) ((tag >>> 7) | 0x80);
            b[p++] = (byte) (tag >>> 14);
        }
        while ((value & ~0x7FL) != 0) {
            b[p++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        b[p++] = (byte) value;
        pos = p;
    }

    @Override
    public void bytes(int field, ByteBuffer src, int offset, int length) {
        if (length == 0) {
            return;
        }
        byte[] b = buf;
        int p = pos;
        if (p + MAX_NUMBER_FIELD + length > b.length) {
            b = grow(MAX_NUMBER_FIELD + length);
        }
        p = Varints.write(b, p, field << 3 | Varints.WIRE_LEN);
        p = Varints.write(b, p, length);
        src.get(offset, b, p, length);
        pos = p + length;
    }

    /** Appends bytes already in wire form (a pre-encoded stamp). */
    public void raw(byte[] wire, int length) {
        if (pos + length > buf.length) {
            grow(length);
        }
        System.arraycopy(wire, 0, buf, pos, length);
        pos += length;
    }

    private byte[] grow(int more) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
        return buf;
    }

    public byte[] array() {
        return buf;
    }

    public int length() {
        return pos;
    }
}
