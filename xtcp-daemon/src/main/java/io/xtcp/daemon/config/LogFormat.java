package io.xtcp.daemon.config;

import picocli.CommandLine;

/** How the daemon writes its log lines to stderr ({@code --log-format}). */
public enum LogFormat {
    /** One line of text per event. */
    TEXT("text"),
    /** One JSON object per line, for log shippers. */
    JSON("json");

    private final String flagName;

    LogFormat(String flagName) {
        this.flagName = flagName;
    }

    /** The word {@code --log-format} takes. */
    public String flagName() {
        return flagName;
    }

    /** Reads {@code --log-format}: exactly {@code text} or {@code json}. */
    public static final class Converter implements CommandLine.ITypeConverter<LogFormat> {
        @Override
        public LogFormat convert(String value) {
            for (LogFormat f : values()) {
                if (f.flagName.equals(value)) {
                    return f;
                }
            }
            throw new SettingRefusal("--log-format must be text or json, got '" + SettingText.shown(value) + "'");
        }
    }
}
