package io.xtcp.daemon.config;

import picocli.CommandLine;

/**
 * Where each {@code run} option's value came from, for messages that name it: the command line
 * ({@code flag}), the environment or the {@code --config} file ({@link ConfigSources#origin}), or
 * nowhere (the built-in default: {@link #of} returns null).
 */
public final class ValueOrigins {
    private final CommandLine.ParseResult parsed;
    private final ConfigSources sources;

    private ValueOrigins(CommandLine.ParseResult parsed, ConfigSources sources) {
        this.parsed = parsed;
        this.sources = sources;
    }

    /** The origins of a parsed command ({@code run}'s parse result) whose defaults came from {@code sources} (may be null). */
    public static ValueOrigins of(CommandLine.ParseResult parsed, ConfigSources sources) {
        return new ValueOrigins(parsed, sources);
    }

    /** {@code flag}, {@code environment variable XTCP_…}, {@code key '…' in FILE}, or null for the default. */
    public String of(String longOption) {
        if (parsed != null && parsed.hasMatchedOption(longOption)) {
            return "flag";
        }
        return sources != null ? sources.origin(longOption) : null;
    }

    /** Whether the user gave the value (in any of the three places). */
    public boolean given(String longOption) {
        return of(longOption) != null;
    }

    /** {@code (flag)}, {@code (environment variable X)}, … or {@code (default)}, to follow a value in a message. */
    public String describe(String longOption) {
        String o = of(longOption);
        return "(" + (o != null ? o : "default") + ")";
    }
}
