package io.xtcp.core.record;

import java.nio.ByteBuffer;

/**
 * Writes one XtcpFlatRecord as protobuf wire bytes, field by field, skipping zero values as
 * proto3 does. The buffer is reused for every record.
 */
public final class ProtoRecordWriter implements FieldSink {
    private final WireWriter out = new WireWriter(2048);

    public void reset() {
        out.reset();
    }

    @Override
    public void number(int field, long value) {
        if (value != 0) {
            out.tag(field, WireWriter.WIRE_VARINT);
            out.varint(value);
        }
    }

    @Override
    public void bytes(int field, ByteBuffer src, int offset, int length) {
        if (length != 0) {
            out.tag(field, WireWriter.WIRE_LEN);
            out.bytes(src, offset, length);
        }
    }

    /** Appends bytes already in wire form (a pre-encoded stamp). */
    public void raw(byte[] wire, int length) {
        out.bytes(wire, 0, length);
    }

    public byte[] array() {
        return out.buf;
    }

    public int length() {
        return out.pos;
    }
}
