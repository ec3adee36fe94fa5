package io.xtcp.daemon.config;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Where each {@code run} option's value came from, for messages that name it: the command line
 * ({@code flag}), the environment or the {@code --config} file ({@link ConfigSources#origin}), or
 * nowhere (the built-in default: {@link #of} returns null).
 */
public final class ValueOrigins {
    private static final Pattern LEADING_FLAG = Pattern.compile("^(--[a-z0-9][a-z0-9-]*)[ :]");

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

    /**
     * The value of {@code longOption} and where it came from, as a refusal starts:
     * {@code --poll-threads -3 (flag)}, {@code XTCP_POLL_THREADS=-3 (environment)},
     * {@code xtcp.conf:4: poll-threads = -3}, {@code --spool-dir /var/lib/xtcp/spool (default)}.
     * Secrets are hidden and control characters escaped.
     */
    public String source(String longOption) {
        if (parsed != null && parsed.hasMatchedOption(longOption)) {
            List<String> raw = parsed.matchedOption(longOption).originalStringValues();
            return longOption + " " + SettingText.shown(longOption, String.join(",", raw)) + " (flag)";
        }
        String s = sources != null ? sources.source(longOption) : null;
        if (s != null) {
            return s;
        }
        CommandLine.Model.OptionSpec o = parsed == null ? null : parsed.commandSpec().findOption(longOption);
        String d = o == null ? null : o.defaultValue();
        return longOption + (d == null || d.isEmpty() ? "" : " " + SettingText.shown(longOption, d)) + " (default)";
    }

    /**
     * A problem that starts with the flag it is about ({@code --poll-threads must be ...}) as one
     * line naming the value's source: {@code XTCP_POLL_THREADS=-3 (environment): --poll-threads must be ...}.
     * A problem about no single flag is returned as it is.
     */
    public String refusal(String problem) {
        Matcher m = LEADING_FLAG.matcher(problem + " ");
        if (!m.find() || (parsed != null && parsed.commandSpec().findOption(m.group(1)) == null)) {
            return problem;
        }
        String flag = m.group(1);
        String source = source(flag);
        String echoed = valueEchoed(flag, source, problem);
        return echoed != null ? source + echoed : source + ": " + problem;
    }

    /**
     * When {@code problem} starts by repeating the flag and the value the source already shows
     * ({@code --http-token-file /x: no such file}), the rest after them ({@code : no such file}),
     * so the refusal reads {@code --http-token-file /x (flag): no such file}; else null.
     */
    private static String valueEchoed(String flag, String source, String problem) {
        if (!source.startsWith(flag + " ") || !source.endsWith(")")) {
            return null;
        }
        int open = source.lastIndexOf(" (");
        if (open <= flag.length()) {
            return null;
        }
        String flagAndValue = source.substring(0, open);
        if (problem.startsWith(flagAndValue + ": ")) {
            return problem.substring(flagAndValue.length());
        }
        return null;
    }
}
