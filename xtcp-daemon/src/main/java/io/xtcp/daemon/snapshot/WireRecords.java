package io.xtcp.daemon.snapshot;

import io.xtcp.core.record.FieldSink;
import io.xtcp.core.record.WireReader;
import java.nio.ByteBuffer;

/**
 * The snapshot's view of the core {@link WireReader}: envelope bodies row by row, and one record's
 * fields into a {@link FieldSink}. Total: malformed input ends the walk and returns false, never
 * throws (a malformed record is skipped, as the poll path skips a malformed netlink message).
 * Each thread reads through a reader of its own, reused.
 */
final class WireRecords {
    private static final ThreadLocal<WireReader> READERS = ThreadLocal.withInitial(WireReader::new);

    private WireRecords() {}

    /** Receives one row of an envelope: its bytes are {@code b[offset, offset + length)}. */
    interface RowConsumer {
        void row(byte[] b, int offset, int length);
    }

    /** Walks the rows of an envelope body; false when it is malformed (rows before the fault were delivered). */
    static boolean rows(byte[] b, int offset, int length, RowConsumer consumer) {
        // a reader of its own: the consumer reads each row's fields through this thread's reader
        return new WireReader().wrap(b, offset, length).rows(row -> consumer.row(row.array(), row.start(), row.end() - row.start()));
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

    /** Delivers each field of one record the schema knows: varints as numbers, length-delimited as bytes. */
    static boolean read(byte[] b, int offset, int length, FieldSink sink) {
        return READERS.get().wrap(b, offset, length).record(sink);
    }

    /** As {@link #read(byte[], int, int, FieldSink)}; the scratch array is no longer needed and kept for callers. */
    static boolean read(byte[] b, int offset, int length, FieldSink sink, long[] v) {
        return read(b, offset, length, sink);
    }
}
