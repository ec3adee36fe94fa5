package io.xtcp.daemon.http;

import io.xtcp.dest.format.JsonLinesFormat;

/**
 * Writes JSON text into a StringBuilder, placing commas itself. Strings are escaped per RFC 8259;
 * non-finite doubles become null. Not validating: callers pair begin and end.
 */
final class JsonWriter {
    private final StringBuilder out;
    private long firsts = 1;
    private int depth;
    private boolean afterName;

    JsonWriter(StringBuilder out) {
        this.out = out;
    }

    JsonWriter() {
        this(new StringBuilder(256));
    }

    private void separate() {
        if (afterName) {
            afterName = false;
            return;
        }
        if (depth == 0) {
            return;
        }
        long bit = 1L << depth;
        if ((firsts & bit) != 0) {
            firsts &= ~bit;
        } else {
            out.append(',');
        }
    }

    private void open(char c) {
        separate();
        out.append(c);
        depth++;
        if (depth >= 63) {
            throw new IllegalStateException("JSON nesting too deep");
        }
        firsts |= 1L << depth;
    }

    JsonWriter beginObject() {
        open('{');
        return this;
    }

    JsonWriter endObject() {
        depth--;
        out.append('}');
        return this;
    }

    JsonWriter beginArray() {
        open('[');
        return this;
    }

    JsonWriter endArray() {
        depth--;
        out.append(']');
        return this;
    }

    JsonWriter name(String name) {
        separate();
        quote(name, out);
        out.append(':');
        afterName = true;
        return this;
    }

    JsonWriter value(String s) {
        separate();
        if (s == null) {
            out.append("null");
        } else {
            quote(s, out);
        }
        return this;
    }

    JsonWriter value(long v) {
        separate();
        out.append(v);
        return this;
    }

    JsonWriter value(double v) {
        separate();
        if (Double.isFinite(v)) {
            out.append(v);
        } else {
            out.append("null");
        }
        return this;
    }

    JsonWriter value(boolean v) {
        separate();
        out.append(v);
        return this;
    }

    /** Appends text that is already one JSON value (a rendered record). */
    JsonWriter raw(CharSequence json) {
        separate();
        out.append(json);
        return this;
    }

    JsonWriter field(String name, String v) {
        return name(name).value(v);
    }

    JsonWriter field(String name, long v) {
        return name(name).value(v);
    }

    JsonWriter field(String name, double v) {
        return name(name).value(v);
    }

    JsonWriter field(String name, boolean v) {
        return name(name).value(v);
    }

    StringBuilder builder() {
        return out;
    }

    @Override
    public String toString() {
        return out.toString();
    }

    static void quote(String s, StringBuilder out) {
        JsonLinesFormat.quote(s, out);
    }
}
