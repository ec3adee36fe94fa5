package io.xtcp.dest.marshal;

import io.xtcp.dest.format.Formats;
import java.util.List;
import java.util.Locale;

/** Marshallers by the name {@code --marshal} takes. */
public final class Marshallers {
    public static final List<String> NAMES = List.of("protobufList", "jsonl", "csv", "tsv", "protoJson");

    private Marshallers() {}

    /**
     * @param columns for csv/tsv: schema field names; null or empty for the default columns
     */
    public static Marshaller byName(String name, List<String> columns) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "protobuflist":
                return new ProtobufListMarshaller();
            case "jsonl":
            case "csv":
            case "tsv":
                String n = name.toLowerCase(Locale.ROOT);
                return new TextMarshaller(n, Formats.byName(n, columns));
            case "protojson":
                return new ProtoJsonMarshaller();
            default:
                throw new IllegalArgumentException("unknown marshaller '" + name + "'; known: " + String.join(", ", NAMES));
        }
    }
}
