package io.xtcp.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The exit statuses agree everywhere they are written: Main's constants, the table in
 * docs/cli.md, the unit's and the Nix module's RestartPreventExitStatus (configuration and
 * capability only: a fatal error and out of memory are restarted) and the launcher's JVM flags
 * (out of memory kills, never exits 3).
 */
class ExitStatusAgreementTest {
    private static final Path ROOT = Path.of("..");

    @Test
    void theUnitAndTheNixModuleDoNotRestartOnlyConfigurationAndCapability() throws Exception {
        Set<Integer> noRestart = new TreeSet<>(List.of(Main.EXIT_USAGE, Main.EXIT_CAPABILITY));
        String unit = Files.readString(ROOT.resolve("packaging/systemd/xtcp.service"));
        assertEquals(noRestart, numbers(value(unit, "^RestartPreventExitStatus=(.*)$")));
        assertEquals("on-failure", value(unit, "^Restart=(.*)$"));
        Set<Integer> success = numbers(value(unit, "^SuccessExitStatus=(.*)$"));
        for (int restarted : List.of(Main.EXIT_FATAL, Main.EXIT_OUT_OF_MEMORY, Main.EXIT_FAILURE)) {
            assertFalse(success.contains(restarted), restarted + " is a failure, restarted");
            assertFalse(noRestart.contains(restarted));
        }
        String nix = Files.readString(ROOT.resolve("nix/service-config.nix"));
        assertEquals(noRestart, numbers(value(nix, "^\\s*RestartPreventExitStatus = \"(.*)\";$")));
    }

    @Test
    void theLauncherKillsOnOutOfMemoryInsteadOfExitingWithTheCapabilityStatus() throws Exception {
        List<String> code = Files.readAllLines(ROOT.resolve("bin/xtcp")).stream()
                .filter(l -> !l.strip().startsWith("#")).toList();
        assertTrue(code.stream().anyMatch(l -> l.contains("\"-XX:OnOutOfMemoryError=kill -9 %p\"")), "the kill on out of memory");
        assertTrue(code.stream().noneMatch(l -> l.contains("ExitOnOutOfMemoryError")), "-XX:+ExitOnOutOfMemoryError exits 3");
        assertEquals(128 + 9, Main.EXIT_OUT_OF_MEMORY, "the status of a process killed by SIGKILL");
    }

    @Test
    void theDocumentedTableHasARowForEveryStatus() throws Exception {
        String cli = Files.readString(ROOT.resolve("docs/cli.md"));
        String table = cli.substring(cli.indexOf("## Exit status"), cli.indexOf("\n## ", cli.indexOf("## Exit status") + 1));
        Set<Integer> rows = new TreeSet<>();
        Matcher m = Pattern.compile("^\\| (\\d+)[ ,|]", Pattern.MULTILINE).matcher(table);
        while (m.find()) {
            rows.add(Integer.parseInt(m.group(1)));
        }
        for (int status : List.of(0, Main.EXIT_FAILURE, Main.EXIT_USAGE, Main.EXIT_CAPABILITY, Main.EXIT_INCOMPLETE, Main.EXIT_FATAL,
                Main.EXIT_OUT_OF_MEMORY)) {
            assertTrue(rows.contains(status), "a row for " + status + " in " + rows);
        }
    }

    private static String value(String text, String regex) {
        Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(text);
        assertTrue(m.find(), regex);
        return m.group(1).strip();
    }

    private static Set<Integer> numbers(String list) {
        return Arrays.stream(list.split("\\s+")).map(Integer::parseInt).collect(Collectors.toCollection(TreeSet::new));
    }
}
