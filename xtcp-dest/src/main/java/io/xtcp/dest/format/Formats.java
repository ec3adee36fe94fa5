package io.xtcp.dest.format;

import java.util.List;
import java.util.Locale;

/** Text formats by name: {@code jsonl}, {@code csv}, {@code tsv}, {@code table}. */
public final class Formats {
    public static final List<String> NAMES = List.of("jsonl", "csv", "tsv", "table");

    private Formats() {}

    public static RecordFormat byName(String name, List<String> columns) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "jsonl":
            case "json":
                return new JsonLinesFormat();
            case "csv":
                return new DelimitedFormat(',', columns);
            case "tsv":
                return new DelimitedFormat('\t', columns);
            case "table":
                return new TableFormat();
            default:
                throw new IllegalArgumentException("unknown format '" + name + "'; known: " + String.join(", ", NAMES));
        }
    }
}
