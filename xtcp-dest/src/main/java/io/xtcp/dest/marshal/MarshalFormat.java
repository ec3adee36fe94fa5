package io.xtcp.dest.marshal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The formats a sink's batches can be marshalled to, under the names {@code --marshal} takes. */
public enum MarshalFormat {
    /** Varint length-prefixed protobuf Envelopes, as the daemon queues them. */
    PROTOBUF_LIST("protobufList"),
    /** One JSON object per record and line ({@link TextMarshaller}). */
    JSONL("jsonl"),
    /** One comma-separated line per record, the header once per stream ({@link TextMarshaller}). */
    CSV("csv"),
    /** One tab-separated line per record, the header once per stream ({@link TextMarshaller}). */
    TSV("tsv"),
    /** Each batch as the protobuf JSON mapping of its Envelope, on one line ({@link ProtoJsonMarshaller}). */
    PROTO_JSON("protoJson");

    private final String flagName;

    MarshalFormat(String flagName) {
        this.flagName = flagName;
    }

    /** The name {@code --marshal} takes: {@code protobufList}, {@code jsonl}, ... */
    public String flagName() {
        return flagName;
    }

    /** Every name, in declaration order. */
    public static List<String> names() {
        List<String> l = new ArrayList<>();
        for (MarshalFormat f : values()) {
            l.add(f.flagName);
        }
        return List.copyOf(l);
    }

    /**
     * The format named {@code name}, in any letter case.
     *
     * @throws IllegalArgumentException naming the formats there are
     */
    public static MarshalFormat parse(String name) {
        for (MarshalFormat f : values()) {
            if (f.flagName.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown marshaller '" + name + "'; known: " + String.join(", ", names()));
    }
}
