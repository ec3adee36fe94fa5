package io.xtcp.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * packaging/systemd against systemd's own tools on this host (systemd is not PID 1 here; the unit
 * runs under a real systemd in SystemdUnitVmIT): {@code systemd-analyze verify} finds nothing,
 * {@code systemd-analyze security} says what docs/deployment.md records, and the daemon accepts
 * the env file.
 */
class SystemdUnitIT {
    private static final Path UNIT = Xtcp.root().resolve("packaging/systemd/xtcp.service");
    private static final Path ENV = Xtcp.root().resolve("packaging/systemd/xtcp.env");
    private static final Path DOC = Xtcp.root().resolve("docs/deployment.md");

    @TempDir
    Path dir;

    /** A copy of the unit whose ExecStart names this checkout's launcher (verify wants an existing file). */
    private Path installedCopy(String unitText) throws Exception {
        Path copy = dir.resolve("xtcp.service");
        Files.writeString(copy, unitText.replace("ExecStart=/opt/xtcp/bin/xtcp ", "ExecStart=" + Xtcp.root().resolve("bin/xtcp") + " "));
        return copy;
    }

    private static Cmd.Result analyze(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("systemd-analyze"));
        cmd.addAll(List.of(args));
        return Cmd.run(java.time.Duration.ofSeconds(60), cmd);
    }

    @Test
    void verifyFindsNothing() throws Exception {
        Xtcp.requireRootAnd("systemd-analyze");
        String unit = Files.readString(UNIT);
        assertTrue(unit.contains("ExecStart=/opt/xtcp/bin/xtcp run"), "the unit runs the installed launcher");
        Path copy = installedCopy(unit);
        Cmd.Result p = analyze("verify", "--man=no", copy.toString());
        assertEquals(0, p.exit(), p.err() + p.out());
        assertEquals("", (p.err() + p.out()).strip(), "systemd-analyze verify prints nothing for a clean unit");
    }

    /** The oracle works here: verify does complain about a broken copy of the same unit. */
    @Test
    void verifyComplainsAboutABrokenCopy() throws Exception {
        Xtcp.requireRootAnd("systemd-analyze");
        Path copy = installedCopy(Files.readString(UNIT).replace("Type=notify", "Type=notifyy")
                .replace("RestrictNamespaces=net", "RestrictNamespaces=nett"));
        Cmd.Result p = analyze("verify", "--man=no", copy.toString());
        String out = p.err() + p.out();
        assertTrue(out.contains("notifyy") && out.contains("nett"), out);
    }

    @Test
    void securityVerdictIsTheOneDocumented() throws Exception {
        Xtcp.requireRootAnd("systemd-analyze");
        Path copy = installedCopy(Files.readString(UNIT));
        Cmd.Result p = analyze("security", "--offline=true", "--no-pager", copy.toString());
        assertEquals(0, p.exit(), p.err());
        String doc = Files.readString(DOC);
        Matcher block = Pattern.compile("<!-- systemd-analyze security begin -->\\s*```text\\n(.*?)```\\s*<!-- systemd-analyze security end -->",
                Pattern.DOTALL).matcher(doc);
        assertTrue(block.find(), "docs/deployment.md records the output between the security begin/end markers");
        assertEquals(trimLines(p.out()), trimLines(block.group(1)),
                "docs/deployment.md records today's verdict (re-run systemd-analyze security and paste it)");

        List<String> exposures = p.out().lines().filter(l -> l.startsWith("✗ "))
                .map(l -> l.substring(2).split("\\s{2,}")[0].strip()).collect(Collectors.toList());
        assertTrue(exposures.size() >= 5, p.out());
        for (String e : exposures) {
            String cell = "| `" + e.replace("|", "\\|") + "` |";
            assertTrue(doc.contains(cell), "docs/deployment.md justifies " + e + " in a table row starting " + cell);
        }
    }

    /** The exposure systemd-analyze scores the unit with stays at or below 2.5 (of 10). */
    @Test
    void exposureScoreIsAtMost2point5() throws Exception {
        Xtcp.requireRootAnd("systemd-analyze");
        Cmd.Result p = analyze("security", "--offline=yes", "--no-pager", installedCopy(Files.readString(UNIT)).toString());
        Matcher m = Pattern.compile("Overall exposure level for xtcp\\.service: (\\d+\\.\\d)").matcher(p.out());
        assertTrue(m.find(), p.out());
        double score = Double.parseDouble(m.group(1));
        assertTrue(score <= 2.5, "exposure " + score + " > 2.5:\n" + p.out());
    }

    /** The capability lines are what `xtcp caps --for systemd` prints from the daemon's table, verbatim. */
    @Test
    void capabilitiesAreTheTablesSnippet() throws Exception {
        Xtcp.requireRootAnd();
        Cmd.Result snippet = Xtcp.run("caps", "--for", "systemd");
        assertEquals(0, snippet.exit(), snippet::toString);
        String unit = Files.readString(UNIT);
        assertTrue(unit.contains("\n" + snippet.out()), "packaging/systemd/xtcp.service must contain exactly:\n" + snippet.out());
        Map<String, List<String>> service = UnitFile.parse(unit).get("Service");
        assertEquals(1, service.get("AmbientCapabilities").size());
        assertEquals(1, service.get("CapabilityBoundingSet").size());
    }

    /** Closed network and syscalls: loopback only unless a drop-in allows more; userfaultfd and kcmp denied. */
    @Test
    void ipAndSyscallsAreClosed() throws Exception {
        Map<String, List<String>> service = UnitFile.parse(Files.readString(UNIT)).get("Service");
        assertEquals(List.of("any"), service.get("IPAddressDeny"));
        assertEquals(List.of("localhost"), service.get("IPAddressAllow"));
        List<String> denied = service.get("SystemCallFilter").stream().filter(f -> f.startsWith("~"))
                .flatMap(f -> java.util.Arrays.stream(f.substring(1).split("\\s+"))).collect(Collectors.toList());
        assertTrue(denied.containsAll(List.of("userfaultfd", "kcmp", "@privileged", "process_vm_readv")), denied.toString());
    }

    private static String trimLines(String s) {
        return s.lines().map(String::stripTrailing).collect(Collectors.joining("\n")).strip();
    }

    @Test
    void envFileIsAcceptedByTheDaemon() throws Exception {
        Xtcp.requireRootAnd();
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : Files.readAllLines(ENV)) {
            String l = line.strip();
            if (!l.isEmpty() && !l.startsWith("#")) {
                int eq = l.indexOf('=');
                assertNotEquals(-1, eq, "KEY=VALUE lines only: " + line);
                env.put(l.substring(0, eq), l.substring(eq + 1));
            }
        }
        assertTrue(env.keySet().stream().allMatch(k -> k.startsWith("XTCP_")), env.toString());
        boolean stateExisted = Files.exists(Path.of("/var/lib/xtcp"));
        ProcessBuilder pb = new ProcessBuilder(Xtcp.launcher("run", "--max-polls", "1", "--dest", "null:", "--http-listen", "off",
                "--poll-interval", "1s", "--poll-timeout", "500ms", "--startup-jitter", "0s"));
        pb.environment().keySet().removeIf(k -> k.startsWith("XTCP_") && !k.equals("XTCP_JAR"));
        pb.environment().putAll(env);
        Path log = dir.resolve("xtcp.log");
        Process p = pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
        } finally {
            p.destroyForcibly();
            if (!stateExisted) {
                Cmd.run("rm", "-rf", "/var/lib/xtcp"); // the env file's spool dir: leave the host as it was
            }
        }
        String out = Files.readString(log);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("overflow=spool spool-dir=/var/lib/xtcp/spool"), "the file's values took effect:\n" + out);
    }
}
