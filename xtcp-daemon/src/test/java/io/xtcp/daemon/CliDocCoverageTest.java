package io.xtcp.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * docs/cli.md and the command line agree, both ways: every command (enumerated from picocli's
 * model, so a new subcommand is covered the day it is added) and every option its {@code --help}
 * shows are in the doc; every flag the doc names is an option of some command; the {@code xtcp run}
 * section's table has one row per {@code run} flag and no other, and the table of what to ask the
 * kernel has one per {@code dump} flag that is not an output format's.
 */
class CliDocCoverageTest {
    private static final Path CLI_MD = Path.of("..", "docs", "cli.md");
    /** A flag as a doc names it: not inside a longer word or flag ({@code -XX:...}, {@code non-hidden}). */
    private static final Pattern DOC_FLAG = Pattern.compile("(?<![A-Za-z0-9_-])--[a-z][a-z0-9-]*(?![A-Za-z0-9_-])");
    /** A short flag in backticks, alone or with its value: {@code `-h`}. */
    private static final Pattern DOC_SHORT = Pattern.compile("`(-[A-Za-z])(?![A-Za-z0-9_-])");
    /** Shown by every command's --help; documented once, not in each command's table. */
    private static final Set<String> STANDARD = Set.of("--help", "-h", "--version", "-V");

    static List<CommandSpec> commands() {
        List<CommandSpec> all = new ArrayList<>();
        collect(new CommandLine(new Main()).getCommandSpec(), all);
        return all;
    }

    private static void collect(CommandSpec spec, List<CommandSpec> into) {
        into.add(spec);
        spec.subcommands().values().stream().map(CommandLine::getCommandSpec).distinct().forEach(s -> collect(s, into));
    }

    /** The option names --help shows for {@code spec}. */
    static Set<String> flags(CommandSpec spec) {
        Set<String> names = new TreeSet<>();
        for (OptionSpec o : spec.options()) {
            if (!o.hidden()) {
                names.addAll(List.of(o.names()));
            }
        }
        return names;
    }

    static boolean mentions(String doc, String flag) {
        return Pattern.compile("(?<![A-Za-z0-9_-])" + Pattern.quote(flag) + "(?![A-Za-z0-9_-])").matcher(doc).find();
    }

    private static String doc() throws Exception {
        return Files.readString(CLI_MD);
    }

    @Test
    void theCommandsAreTheOnesExpectedAtLeast() {
        Set<String> names = new TreeSet<>();
        commands().forEach(c -> names.add(c.qualifiedName()));
        assertTrue(names.containsAll(List.of("xtcp", "xtcp run", "xtcp dump", "xtcp decode", "xtcp caps")), names.toString());
    }

    @Test
    void everyCommandAndEveryFlagItsHelpShowsIsInTheDoc() throws Exception {
        String doc = doc();
        List<String> missing = new ArrayList<>();
        for (CommandSpec c : commands()) {
            if (c.parent() != null && !doc.contains("`" + c.qualifiedName())) {
                missing.add("the command `" + c.qualifiedName() + "`");
            }
            String usage = new CommandLine(c).getUsageMessage(CommandLine.Help.Ansi.OFF);
            for (String flag : flags(c)) {
                assertTrue(mentions(usage, flag), c.qualifiedName() + " --help shows " + flag);
                if (!mentions(doc, flag)) {
                    missing.add(c.qualifiedName() + " " + flag);
                }
            }
        }
        assertEquals(List.of(), missing, "not in docs/cli.md");
    }

    @Test
    void everyFlagTheDocNamesExists() throws Exception {
        Set<String> known = new TreeSet<>();
        commands().forEach(c -> known.addAll(flags(c)));
        Set<String> unknown = new TreeSet<>();
        for (String flag : found(DOC_FLAG, doc(), 0)) {
            if (!known.contains(flag)) {
                unknown.add(flag);
            }
        }
        for (String flag : found(DOC_SHORT, doc(), 1)) {
            if (!known.contains(flag)) {
                unknown.add(flag);
            }
        }
        assertEquals(Set.of(), unknown, "docs/cli.md names flags no command has");
    }

    @Test
    void theRunTableHasARowForEveryRunFlagAndNoOther() throws Exception {
        Set<String> want = new TreeSet<>(flags(spec("run")));
        want.removeAll(STANDARD);
        assertEquals(want, rowFlags(section(doc(), "## `xtcp run`")), "rows of the `xtcp run` table against `xtcp run --help`");
    }

    @Test
    void theKernelTableHasARowForEveryDumpFlagButTheOutputs() throws Exception {
        Set<String> want = new TreeSet<>(flags(spec("dump")));
        want.removeAll(STANDARD);
        String doc = doc();
        Set<String> outputs = rowFlags(section(doc, "## Formats"));
        for (String f : List.of("--format", "--columns")) {
            assertTrue(outputs.contains(f) || mentions(section(doc, "## Formats"), f), f + " under Formats");
            want.remove(f);
        }
        assertEquals(want, rowFlags(section(doc, "## What to ask the kernel")), "rows of 'What to ask the kernel' against `xtcp dump --help`");
    }

    private static CommandSpec spec(String name) {
        return commands().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    /** From the heading that starts with {@code heading} to the next heading of its level or above. */
    static String section(String doc, String heading) {
        int at = doc.indexOf("\n" + heading);
        assertTrue(at >= 0, "docs/cli.md has " + heading);
        String hashes = heading.substring(0, heading.indexOf(' '));
        Matcher next = Pattern.compile("\n#{1," + hashes.length() + "} ").matcher(doc);
        int end = next.find(at + heading.length() + 1) ? next.start() : doc.length();
        return doc.substring(at, end);
    }

    /** The flags in the first cell of the table rows of {@code text}. */
    static Set<String> rowFlags(String text) {
        Set<String> flags = new TreeSet<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("| `-")) {
                String first = line.substring(1, line.indexOf(" |", 1) < 0 ? line.length() : line.indexOf(" |", 1));
                flags.addAll(found(DOC_FLAG, first, 0));
            }
        }
        return flags;
    }

    private static Set<String> found(Pattern p, String text, int group) {
        Set<String> out = new TreeSet<>();
        Matcher m = p.matcher(text);
        while (m.find()) {
            out.add(m.group(group));
        }
        return out;
    }
}
