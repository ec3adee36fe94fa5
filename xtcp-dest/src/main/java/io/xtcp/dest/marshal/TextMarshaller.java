package io.xtcp.dest.marshal;

import io.xtcp.core.record.DecodedRecord;
import io.xtcp.dest.format.RecordFormat;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * {@code jsonl}, {@code csv}, {@code tsv}: each row of the batch rendered by the same
 * {@link RecordFormat} the one-shot commands use, one line per record, UTF-8. The CSV/TSV header
 * is the stream {@link #header()}, written by the sink once per file or stream, never per batch.
 * Fields proto3 leaves out (zeros) are absent from the wire and so from the text: an empty CSV
 * cell, no JSON key.
 */
public final class TextMarshaller implements Marshaller, EnvelopeReader.RowHandler {
    private final String name;
    private final RecordFormat format;
    private final EnvelopeReader reader = new EnvelopeReader();
    private final DecodedRecord record = new DecodedRecord();
    private final StringBuilder text = new StringBuilder(1 << 16);

    public TextMarshaller(String name, RecordFormat format) {
        this.name = name;
        this.format = format;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public byte[] header() {
        return format.header().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public ByteBuffer marshal(ByteBuffer framedEnvelope) {
        text.setLength(0);
        reader.read(framedEnvelope, this, record);
        return ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void beginRow() {
        record.reset();
    }

    @Override
    public void endRow() {
        format.append(record, text);
    }
}
