package io.xtcp.dest.pipeline;

import java.nio.ByteBuffer;

/** One protobufList batch owned by the pipeline: a private copy of its bytes and its record count. */
final class Batch {
    final byte[] data;
    final int records;

    Batch(byte[] data, int records) {
        this.data = data;
        this.records = records;
    }

    static Batch copyOf(ByteBuffer framed, int records) {
        byte[] b = new byte[framed.remaining()];
        framed.duplicate().get(b);
        return new Batch(b, records);
    }

    int size() {
        return data.length;
    }
}
