package io.xtcp.daemon.config;

import io.xtcp.core.netlink.DumpRequest;
import picocli.CommandLine;

/** Reads {@code --request}: exactly {@code legacy} or {@code by-family}. */
public final class RequestConverter implements CommandLine.ITypeConverter<DumpRequest.Mode> {
    @Override
    public DumpRequest.Mode convert(String value) {
        switch (value) {
            case "legacy":
                return DumpRequest.Mode.LEGACY;
            case "by-family":
                return DumpRequest.Mode.BY_FAMILY;
            default:
                throw new SettingRefusal("--request must be legacy or by-family, got '" + SettingText.shown(value) + "'");
        }
    }

    /** The flag's word for {@code mode}, for the start-up log: {@code legacy} or {@code by-family}. */
    public static String format(DumpRequest.Mode mode) {
        return mode == DumpRequest.Mode.LEGACY ? "legacy" : "by-family";
    }
}
