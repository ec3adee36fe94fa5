package io.xtcp.dest.format;

import io.xtcp.core.record.DecodedRecord;

/** Renders decoded records as text: a header, one entry per record, and a footer. */
public interface RecordFormat {
    /** Text before the first record (a CSV header line); empty when none. */
    String header();

    /** Appends one record (a JSON line, a CSV row; a table buffers until the footer). */
    void append(DecodedRecord record, StringBuilder out);

    /** Text after the last record (a table's rows); empty when none. */
    String footer();
}
