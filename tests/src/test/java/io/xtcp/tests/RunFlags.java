package io.xtcp.tests;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The flags of {@code xtcp run}, read from its {@code --help} as a user would. */
public final class RunFlags {
    /** Options of every picocli command, not settings. */
    private static final java.util.Set<String> STANDARD = java.util.Set.of("help", "version");
    /** {@code      --netns=SELECTOR[,SELECTOR...]} at the start of an option line. */
    private static final Pattern OPTION = Pattern.compile("^\\s+(?:-\\w, )?--([a-z][a-z0-9-]*)(=\\S+)?", Pattern.MULTILINE);

    private RunFlags() {}

    /** Flag name (without "--") → whether it takes a comma-separated list ({@code [,X...]}). */
    public static Map<String, Boolean> fromHelp() throws Exception {
        Cmd.Result p = Cmd.run(Xtcp.launcher("run", "--help").toArray(String[]::new));
        if (p.exit() != 0) {
            throw new IllegalStateException("xtcp run --help exited " + p.exit() + ": " + p.err());
        }
        Map<String, Boolean> flags = new TreeMap<>();
        Matcher m = OPTION.matcher(p.out());
        while (m.find()) {
            if (!STANDARD.contains(m.group(1))) {
                flags.put(m.group(1), m.group(2) != null && m.group(2).contains("[,"));
            }
        }
        if (flags.size() < 10) {
            throw new IllegalStateException("found only " + flags + " in:\n" + p.out());
        }
        return flags;
    }
}
