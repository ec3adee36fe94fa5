package io.xtcp.daemon.config;

import picocli.CommandLine;

/** What the side server's token guards ({@code --http-auth}). */
public enum HttpAuth {
    /** On loopback the token guards /api/poll, /stream and /debug/*; off loopback it guards all of /api too. */
    PROTECTED("protected"),
    /** The token guards /api/* as well, on loopback too; /, /metrics and the health routes stay open. */
    ALL("all");

    private final String flagName;

    HttpAuth(String flagName) {
        this.flagName = flagName;
    }

    /** The word {@code --http-auth} takes. */
    public String flagName() {
        return flagName;
    }

    /** Reads {@code --http-auth}: exactly {@code protected} or {@code all}. */
    public static final class Converter implements CommandLine.ITypeConverter<HttpAuth> {
        @Override
        public HttpAuth convert(String value) {
            for (HttpAuth a : values()) {
                if (a.flagName.equals(value)) {
                    return a;
                }
            }
            throw new SettingRefusal("--http-auth must be protected or all, got '" + SettingText.shown(value) + "'");
        }
    }
}
