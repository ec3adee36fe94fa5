package io.xtcp.dest.marshal;

import io.xtcp.core.record.FieldSink;
import io.xtcp.core.record.WireReader;
import java.nio.ByteBuffer;

/**
 * Walks a protobufList batch's wire bytes without building message objects, through the core
 * {@link WireReader}: for each row of the Envelope it hands every field the schema knows to a
 * {@link FieldSink} (numbers and byte strings; fields proto3 left out because they were zero are
 * simply absent). Unknown fields are skipped; malformed bytes are a {@link MalformedBatchException}
 * saying what and at which byte.
 */
public final class EnvelopeReader {
    /** Receives the rows of a batch. */
    public interface RowHandler {
        /** Called before the fields of each row. */
        void beginRow();

        /** Called after the fields of each row. */
        void endRow();
    }

    private final WireReader envelope = new WireReader();
    private RowHandler rows;
    private FieldSink fields;
    private int count;
    private final WireReader.RowVisitor visitor = this::row;

    /** Reads the batch at {@code framed}'s position..limit and returns the number of rows. */
    public int read(ByteBuffer framed, RowHandler rows, FieldSink fields) {
        envelope.wrap(framed);
        long len = envelope.prefix();
        if (len != envelope.remaining()) {
            throw new MalformedBatchException(envelope.malformed()
                    ? "protobufList batch: length prefix: " + envelope.fault()
                    : "protobufList batch: length prefix " + len + " but " + envelope.remaining() + " bytes follow");
        }
        this.rows = rows;
        this.fields = fields;
        count = 0;
        try {
            if (!envelope.rows(visitor)) {
                throw malformed(envelope);
            }
        } finally {
            this.rows = null;
            this.fields = null;
        }
        return count;
    }

    private void row(WireReader row) {
        rows.beginRow();
        if (!row.record(fields)) {
            throw malformed(row);
        }
        rows.endRow();
        count++;
    }

    private static MalformedBatchException malformed(WireReader r) {
        return new MalformedBatchException("protobufList batch: " + r.fault());
    }
}
