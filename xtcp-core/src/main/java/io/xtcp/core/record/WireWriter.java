package io.xtcp.core.record;

import java.nio.ByteBuffer;

/** Protobuf wire primitives over a growable byte array. */
final class WireWriter {
    static final int WIRE_VARINT = 0;
    static final int WIRE_LEN = 2;

    byte[] buf;
    int pos;

    WireWriter(int capacity) {
        buf = new byte[capacity];
    }

    void reset() {
        pos = 0;
    }

    void ensure(int more) {
        if (pos + more > buf.length) {
            buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
        }
    }

    void varint(long v) {
        ensure(10);
        byte[] b = buf;
        int p = pos;
        while ((v & ~0x7FL) != 0) {
            b[p++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        b[p++] = (byte) v;
        pos = p;
    }

    void tag(int field, int wireType) {
        varint((long) field << 3 | wireType);
    }

    void bytes(ByteBuffer src, int offset, int length) {
        varint(length);
        ensure(length);
        src.get(offset, buf, pos, length);
        pos += length;
    }

    void bytes(byte[] src, int offset, int length) {
        ensure(length);
        System.arraycopy(src, offset, buf, pos, length);
        pos += length;
    }

    static int varintSize(long v) {
        int n = 1;
        while ((v & ~0x7FL) != 0) {
            v >>>= 7;
            n++;
        }
        return n;
    }
}
