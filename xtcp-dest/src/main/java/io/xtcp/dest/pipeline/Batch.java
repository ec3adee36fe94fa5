package io.xtcp.dest.pipeline;

import java.nio.ByteBuffer;

/**
 * One protobufList batch owned by the pipeline: a private copy of its bytes, {@code data[0, size)},
 * and its record count. {@code data} may be longer than the batch when it came from a
 * {@link BatchPool}.
 */
final class Batch {
    final byte[] data;
    final int records;
    private final int size;

    Batch(byte[] data, int records) {
        this(data, data.length, records);
    }

    Batch(byte[] data, int size, int records) {
        this.data = data;
        this.size = size;
        this.records = records;
    }

    /** Bytes of the batch. */
    int size() {
        return size;
    }

    /** The batch's bytes, from position 0 to its size. */
    ByteBuffer bytes() {
        return ByteBuffer.wrap(data, 0, size);
    }
}
