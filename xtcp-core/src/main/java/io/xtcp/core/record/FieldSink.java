package io.xtcp.core.record;

import io.xtcp.core.netlink.NativeBytes;

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

    /**
     * {@code count} consecutive host-order u32s at {@code src[offset, offset + 4 * count)}, as the
     * fields numbered {@code field}, {@code field + 1}, ... (a struct whose fields the schema numbers
     * in order). By default one {@link #number} each; the protobuf writer writes the run in one go.
     */
    default void u32s(int field, byte[] src, int offset, int count) {
        for (int i = 0; i < count; i++) {
            number(field + i, NativeBytes.u32(src, offset + 4 * i));
        }
    }

    /** As {@link #u32s}, for host-order u64s at {@code src[offset, offset + 8 * count)}. */
    default void u64s(int field, byte[] src, int offset, int count) {
        for (int i = 0; i < count; i++) {
            number(field + i, NativeBytes.i64(src, offset + 8 * i));
        }
    }
}
