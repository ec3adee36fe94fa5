package io.xtcp.core.record;

import java.nio.ByteBuffer;

/**
 * A batch of records as {@code Envelope { repeated XtcpFlatRecord row = 10; }} wire bytes, with
 * room in front for the protobufList varint length prefix so framing never copies.
 */
public final class Envelope {
    /** Bytes reserved in front of the body for the varint length prefix. */
    static final int PREFIX_ROOM = 5;

    final byte[] buf;
    int end = PREFIX_ROOM;
    int rows;

    Envelope(int maxBytes) {
        buf = new byte[PREFIX_ROOM + maxBytes + 4096];
    }

    public int rows() {
        return rows;
    }

    /** Length of the Envelope message itself. */
    public int bodyLength() {
        return end - PREFIX_ROOM;
    }

    /** The serialized Envelope message. */
    public ByteBuffer body() {
        return ByteBuffer.wrap(buf, PREFIX_ROOM, bodyLength()).slice();
    }

    /** The Envelope preceded by its length as a varint: one protobufList batch. */
    public ByteBuffer framed() {
        int len = bodyLength();
        int n = Varints.size(len);
        int start = PREFIX_ROOM - n;
        Varints.write(buf, start, len);
        return ByteBuffer.wrap(buf, start, n + len).slice();
    }

    void clear() {
        end = PREFIX_ROOM;
        rows = 0;
    }
}
