package io.xtcp.core.record;

/** Protobuf base-128 varints over byte arrays. */
final class Varints {
    static final int WIRE_VARINT = 0;
    static final int WIRE_LEN = 2;

    private Varints() {}

    /** Writes {@code v} at {@code b[p]} and returns the position after it. */
    static int write(byte[] b, int p, long v) {
        while ((v & ~0x7FL) != 0) {
            b[p++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        b[p++] = (byte) v;
        return p;
    }

    static int size(long v) {
        int n = 1;
        while ((v & ~0x7FL) != 0) {
            v >>>= 7;
            n++;
        }
        return n;
    }
}
