package io.xtcp.dest.marshal;

import io.xtcp.dest.format.Formats;
import java.util.List;

/** Marshallers by {@link MarshalFormat}, or by the name {@code --marshal} takes. */
public final class Marshallers {
    public static final List<String> NAMES = MarshalFormat.names();

    private Marshallers() {}

    /**
     * @param columns for csv/tsv: schema field names; null or empty for the default columns
     * @throws IllegalArgumentException for an unknown name (naming the known ones) or column
     */
    public static Marshaller byName(String name, List<String> columns) {
        return of(MarshalFormat.parse(name), columns);
    }

    /**
     * @param columns for csv/tsv: schema field names; null or empty for the default columns
     * @throws IllegalArgumentException for an unknown column
     */
    public static Marshaller of(MarshalFormat format, List<String> columns) {
        switch (format) {
            case PROTOBUF_LIST:
                return new ProtobufListMarshaller();
            case JSONL:
            case CSV:
            case TSV:
                return new TextMarshaller(format.flagName(), Formats.byName(format.flagName(), columns));
            case PROTO_JSON:
                return new ProtoJsonMarshaller();
            default:
                throw new AssertionError(format);
        }
    }
}
