package io.xtcp.core.record;

/**
 * Receives the fields of one record, by protobuf field number, as the decoder finds them. Every
 * field the kernel sent is delivered, zero or not; a sink decides what to keep (the protobuf
 * writer skips zeros as proto3 does, the text renderers print them).
 */
public interface FieldSink {
    /** A varint field (uint32, uint64, int64, enum); the value is unsigned. */
    void number(int field, long value);

    /** A bytes or string field copied from {@code src[offset, offset + length)}. */
    void bytes(int field, byte[] src, int offset, int length);
}
