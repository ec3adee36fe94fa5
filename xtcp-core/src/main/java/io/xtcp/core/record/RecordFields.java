package io.xtcp.core.record;

import com.google.protobuf.Descriptors.FieldDescriptor;
import io.xtcp.schema.v1.XtcpFlatRecord;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Metadata of every XtcpFlatRecord field, indexed by field number, read once from the generated
 * descriptor: the schema's names (snake_case and protobuf JSON lowerCamelCase) and how to render
 * the value.
 */
public final class RecordFields {
    /** How a field's value is rendered. */
    public enum Kind { NUMBER, ENUM, STRING, BYTES }

    private static final int MAX;
    private static final String[] NAMES;
    private static final String[] JSON_NAMES;
    private static final Kind[] KINDS;
    private static final List<Integer> NUMBERS;

    static {
        int max = 0;
        for (FieldDescriptor f : XtcpFlatRecord.getDescriptor().getFields()) {
            max = Math.max(max, f.getNumber());
        }
        MAX = max;
        NAMES = new String[max + 1];
        JSON_NAMES = new String[max + 1];
        KINDS = new Kind[max + 1];
        List<Integer> numbers = new ArrayList<>();
        for (FieldDescriptor f : XtcpFlatRecord.getDescriptor().getFields()) {
            int n = f.getNumber();
            NAMES[n] = f.getName();
            JSON_NAMES[n] = f.getJsonName();
            switch (f.getJavaType()) {
                case STRING:
                    KINDS[n] = Kind.STRING;
                    break;
                case BYTE_STRING:
                    KINDS[n] = Kind.BYTES;
                    break;
                case ENUM:
                    KINDS[n] = Kind.ENUM;
                    break;
                default:
                    KINDS[n] = Kind.NUMBER;
            }
            numbers.add(n);
        }
        Collections.sort(numbers);
        NUMBERS = Collections.unmodifiableList(numbers);
    }

    private RecordFields() {}

    /** The highest field number. */
    public static int max() {
        return MAX;
    }

    /** Every field number, ascending. */
    public static List<Integer> numbers() {
        return NUMBERS;
    }

    public static boolean exists(int field) {
        return field > 0 && field <= MAX && NAMES[field] != null;
    }

    /** snake_case name, e.g. {@code tcp_info_rtt}. */
    public static String name(int field) {
        return NAMES[field];
    }

    /** protobuf JSON name, e.g. {@code tcpInfoRtt}. */
    public static String jsonName(int field) {
        return JSON_NAMES[field];
    }

    public static Kind kind(int field) {
        return KINDS[field];
    }

    /** The field number for a snake_case or JSON name; -1 when there is none. */
    public static int byName(String name) {
        for (int n : NUMBERS) {
            if (NAMES[n].equals(name) || JSON_NAMES[n].equals(name)) {
                return n;
            }
        }
        return -1;
    }
}
