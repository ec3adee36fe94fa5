package io.xtcp.daemon.config;

import io.xtcp.dest.marshal.MarshalFormat;
import picocli.CommandLine;

/**
 * Reads {@code --marshal}: a {@link MarshalFormat} name in any letter case, or {@code auto}, which
 * converts to null: the format then follows from {@code --dest} once every option is read.
 */
public final class MarshalConverter implements CommandLine.ITypeConverter<MarshalFormat> {
    public static final String AUTO = "auto";

    @Override
    public MarshalFormat convert(String value) {
        if (value.equals(AUTO)) {
            return null;
        }
        try {
            return MarshalFormat.parse(value);
        } catch (IllegalArgumentException e) {
            throw new SettingRefusal("--marshal: " + e.getMessage());
        }
    }

    /** {@code auto}'s choice: jsonl for {@code stdout:}, protobufList for every other destination. */
    public static MarshalFormat auto(String dest) {
        return dest.startsWith("stdout:") ? MarshalFormat.JSONL : MarshalFormat.PROTOBUF_LIST;
    }
}
