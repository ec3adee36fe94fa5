package io.xtcp.dest.format;

import io.xtcp.core.record.DecodedRecord;
import io.xtcp.core.record.RecordFields;

/**
 * One JSON object per record. Keys are the schema's protobuf JSON names
 * ({@code tcpInfoRtt}); every field the kernel sent is present, zero or not; numbers are JSON
 * numbers (unsigned), states and enums too (machine formats give numbers, only {@code table}
 * names), addresses are text.
 */
public final class JsonLinesFormat implements RecordFormat {
    @Override
    public String header() {
        return "";
    }

    @Override
    public void append(DecodedRecord r, StringBuilder out) {
        out.append('{');
        for (int i = 0; i < r.size(); i++) {
            int f = r.fieldAt(i);
            if (i > 0) {
                out.append(',');
            }
            out.append('"').append(RecordFields.jsonName(f)).append("\":");
            switch (RecordFields.kind(f)) {
                case NUMBER:
                case ENUM: // a machine format: the enum's number, as the state's (congestionAlgorithmString has the name)
                    out.append(Long.toUnsignedString(r.number(f)));
                    break;
                case BYTES:
                    quote(r.address(f), out);
                    break;
                default:
                    quote(r.string(f), out);
            }
        }
        out.append("}\n");
    }

    @Override
    public String footer() {
        return "";
    }

    /** Appends {@code s} as a JSON string; U+2028/U+2029 are escaped too, so the text is safe inside a script. */
    public static void quote(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"':
                    out.append("\\\"");
                    break;
                case '\\':
                    out.append("\\\\");
                    break;
                case '\n':
                    out.append("\\n");
                    break;
                case '\r':
                    out.append("\\r");
                    break;
                case '\t':
                    out.append("\\t");
                    break;
                default:
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }
}
