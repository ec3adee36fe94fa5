package io.xtcp.dest.format;

import io.xtcp.core.record.DecodedRecord;
import io.xtcp.core.record.RecordFields;
import io.xtcp.schema.v1.XtcpFlatRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * CSV (RFC 4180 quoting) or TSV: a header line of snake_case field names, then one row per record
 * with the chosen columns. Numbers (states and enums too, as in jsonl and protoJson), addresses as
 * text; absent fields are empty cells.
 */
public final class DelimitedFormat implements RecordFormat {
    private final char separator;
    private final int[] columns;

    public DelimitedFormat(char separator, List<String> columnNames) {
        this.separator = separator;
        this.columns = resolve(columnNames);
    }

    /** Field numbers for names; unknown names are an error that lists how to find the known ones. */
    public static int[] resolve(List<String> names) {
        if (names == null || names.isEmpty()) {
            return defaultColumns();
        }
        int[] cols = new int[names.size()];
        for (int i = 0; i < cols.length; i++) {
            int f = RecordFields.byName(names.get(i).trim());
            if (f < 0) {
                throw new IllegalArgumentException("unknown column '" + names.get(i).trim()
                        + "'; columns are the schema's field names, e.g. tcp_info_rtt, inet_diag_msg_socket_source_port");
            }
            cols[i] = f;
        }
        return cols;
    }

    /** The stamp fields that identify a record, then every socket field the decoders produce. */
    public static int[] defaultColumns() {
        List<Integer> cols = new ArrayList<>(List.of(
                XtcpFlatRecord.TIMESTAMP_NS_FIELD_NUMBER, XtcpFlatRecord.HOSTNAME_FIELD_NUMBER,
                XtcpFlatRecord.NETNS_FIELD_NUMBER, XtcpFlatRecord.NETNS_INODE_FIELD_NUMBER));
        for (int f : RecordFields.numbers()) {
            if (f > 1000) {
                cols.add(f);
            }
        }
        return cols.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public String header() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < columns.length; i++) {
            if (i > 0) {
                sb.append(separator);
            }
            sb.append(RecordFields.name(columns[i]));
        }
        return sb.append('\n').toString();
    }

    @Override
    public void append(DecodedRecord r, StringBuilder out) {
        for (int i = 0; i < columns.length; i++) {
            if (i > 0) {
                out.append(separator);
            }
            int f = columns[i];
            if (r.has(f)) {
                cell(text(r, f), out);
            }
        }
        out.append('\n');
    }

    /**
     * A field as a machine format gives it, as jsonl and protoJson do: numbers (states and enums
     * too: {@code 1} for ESTABLISHED, the schema's number for a congestion algorithm), addresses as
     * text; only {@code table} shows names.
     */
    static String text(DecodedRecord r, int f) {
        switch (RecordFields.kind(f)) {
            case NUMBER:
            case ENUM:
                return Long.toUnsignedString(r.number(f));
            case BYTES:
                return r.address(f);
            default: // from the kernel or the user: no control character reaches a terminal raw
                return TerminalText.escapeControls(r.string(f));
        }
    }

    private void cell(String s, StringBuilder out) {
        if (separator == '\t') {
            out.append(s.replace('\t', ' ').replace('\n', ' '));
            return;
        }
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0) {
            out.append(s);
            return;
        }
        out.append('"').append(s.replace("\"", "\"\"")).append('"');
    }

    @Override
    public String footer() {
        return "";
    }
}
