package io.xtcp.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xtcp.testsupport.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code xtcp caps} and {@code dump --netns all} run by the real launcher under
 * {@code capsh --drop=...}: the dropped capability leaves the bounding set, so the JVM never has it.
 * Oracles: the kernel's CapEff in /proc/self/status; stat(2) and the Python peer's sockets.
 */
@Timeout(180)
class CapabilitiesIT {
    private static final String[][] TABLE = {
        {"CAP_SYS_ADMIN", "21"}, {"CAP_NET_ADMIN", "12"}, {"CAP_SYS_PTRACE", "19"}, {"CAP_DAC_READ_SEARCH", "2"},
    };

    @Test
    void tableMatchesTheKernelsEffectiveSet() {
        Xtcp.requireRootAnd();
        Cmd.Result r = Xtcp.run("caps");
        assertEquals(0, r.exit(), r::toString);
        long eff = Prerequisites.effectiveCapabilities(); // the launched JVM inherits the same set from this root JVM
        for (String[] cap : TABLE) {
            boolean has = (eff & (1L << Integer.parseInt(cap[1]))) != 0;
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith(cap[0] + " ") && l.contains(has ? "present" : "MISSING")),
                    () -> cap[0] + " should be " + (has ? "present" : "MISSING") + ":\n" + r.out());
        }
    }

    /** Without CAP_NET_ADMIN every socket is still dumped, only the mark is gone: degraded, not fatal. */
    @Test
    void withoutNetAdminCapsWarnsAndRuns() {
        requireCapsh();
        Cmd.Result r = Xtcp.runWithout("cap_net_admin", "caps");
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("CAP_NET_ADMIN ") && l.contains("MISSING") && l.contains("degraded")), r::toString);
        assertTrue(r.out().contains("records carry no mark"), r::toString);
    }

    @Test
    void withoutSysAdminCapsExits3AndNamesIt() {
        requireCapsh();
        assertFatal("cap_sys_admin", "CAP_SYS_ADMIN");
    }

    /** The daemon itself refuses to start, before polling anything, with the same message. */
    @Test
    void runWithoutSysAdminExits3AndNamesIt() {
        requireCapsh();
        Cmd.Result r = Xtcp.runWithout("cap_sys_admin", "run", "--max-polls", "1", "--dest", "null:", "--http-listen", "off");
        assertEquals(3, r.exit(), r::toString);
        assertTrue(r.err().contains("missing capability CAP_SYS_ADMIN"), r::toString);
        assertTrue(r.err().contains("AmbientCapabilities="), () -> "no systemd advice: " + r);
        assertFalse(r.err().contains("polling "), () -> "it started polling: " + r);
    }

    /** {@code --netns self} never calls setns: it runs without CAP_SYS_ADMIN, and says nothing about it. */
    @Test
    void runSelfWithoutSysAdminPolls() {
        requireCapsh();
        Cmd.Result r = Xtcp.runWithout("cap_sys_admin", "run", "--netns", "self", "--max-polls", "1", "--poll-interval", "1s",
                "--poll-timeout", "500ms", "--dest", "null:", "--http-listen", "off");
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.err().contains("stopping after 1 polls"), () -> "did not poll: " + r);
        assertFalse(r.err().contains("CAP_SYS_ADMIN"), () -> "--netns self does not use CAP_SYS_ADMIN: " + r);
    }

    /** Without CAP_SYS_PTRACE the daemon warns and still polls. */
    @Test
    void runWithoutSysPtraceWarnsAndPolls() {
        requireCapsh();
        Cmd.Result r = Xtcp.runWithout("cap_sys_ptrace", "run", "--max-polls", "1", "--poll-interval", "1s", "--poll-timeout", "500ms",
                "--dest", "null:", "--http-listen", "off");
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.err().contains("missing capability CAP_SYS_PTRACE"), () -> "no warning: " + r);
        assertTrue(r.err().contains("stopping after 1 polls"), () -> "did not poll: " + r);
    }

    private static void assertFatal(String drop, String name) {
        Cmd.Result r = Xtcp.runWithout(drop, "caps");
        assertEquals(3, r.exit(), r::toString);
        assertTrue(r.err().contains("missing capability " + name), r::toString);
        assertTrue(r.err().contains("AmbientCapabilities="), () -> "no systemd advice: " + r);
        assertTrue(r.err().contains("capsh"), () -> "no shell advice: " + r);
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith(name + " ") && l.contains("MISSING") && l.contains("fatal")), r::toString);
    }

    /**
     * Without CAP_SYS_PTRACE: a warning, exit 0, and bind-mounted namespaces are still dumped; a
     * namespace held only by a process with more capabilities than xtcp (unshare -n, spawned by
     * this root JVM) cannot be opened through /proc and is left out, as the warning says.
     */
    @Test
    void withoutSysPtraceBindMountedNamespacesStillWork() throws Exception {
        requireCapsh();
        Xtcp.requireRootAnd("ip", "python3", "unshare");
        Cmd.Result caps = Xtcp.runWithout("cap_sys_ptrace", "caps");
        assertEquals(0, caps.exit(), caps::toString);
        assertTrue(caps.out().lines().anyMatch(l -> l.startsWith("CAP_SYS_PTRACE ") && l.contains("MISSING") && l.contains("degraded")),
                caps::toString);
        assertTrue(caps.out().contains("bind-mounted ones (--netns-dirs) and xtcp's own still are"), caps::toString);

        int port = Ports.belowEphemeral(2);
        try (TestNamespaces namespaces = new TestNamespaces(); SocketPeer peer = SocketPeer.start()) {
            String bound = namespaces.add("bound");
            peer.listen(TestNamespaces.path(bound), "0.0.0.0", port);
            int pid = peer.spawnNamespace();
            peer.listen("/proc/" + pid + "/ns/net", "0.0.0.0", port + 1);

            List<String> dumpAll = new ArrayList<>(List.of("dump", "--netns", "all", "--format", "jsonl", "--decoders", "info"));
            dumpAll.addAll(namespaces.excludeOthers());
            Cmd.Result r = Xtcp.runWithout("cap_sys_ptrace", dumpAll.toArray(new String[0]));
            assertEquals(0, r.exit(), r::toString);
            assertTrue(r.err().contains("missing capability CAP_SYS_PTRACE"), () -> "no warning: " + r);
            List<Map<String, String>> records = JsonLines.parse(r.out());
            List<String> boundPort = records.stream()
                    .filter(m -> Integer.toString(port).equals(m.get("inetDiagMsgSocketSourcePort")))
                    .map(m -> m.get("netns") + "/" + m.get("netnsInode")).collect(Collectors.toList());
            assertEquals(List.of(bound + "/" + TestNamespaces.inode(TestNamespaces.path(bound))), boundPort, r::toString);
            assertFalse(records.stream().anyMatch(m -> Integer.toString(port + 1).equals(m.get("inetDiagMsgSocketSourcePort"))),
                    () -> "the /proc-only namespace of pid " + pid + " was opened without CAP_SYS_PTRACE:\n" + r);

            // the same with the capability: the /proc-only namespace is there, named after its pid
            Cmd.Result full = Xtcp.run(dumpAll.toArray(new String[0]));
            assertEquals(0, full.exit(), full::toString);
            assertTrue(JsonLines.parse(full.out()).stream().anyMatch(m -> Integer.toString(port + 1).equals(m.get("inetDiagMsgSocketSourcePort"))
                    && ("pid:" + pid).equals(m.get("netns"))), full::toString);
        }
    }

    /**
     * A correctly deployed host fires no capability alert: the daemon started as a non-root uid
     * (as the unit's DynamicUser) with exactly the unit's capabilities and its XTCP_NETNS_DIRS,
     * through {@code setpriv}, exports only gauges that are 1, and polls a bind-mounted namespace
     * besides its own. Oracle for the set: the kernel's CapEff of the running daemon.
     */
    @Test
    void theUnitsCapabilitiesFireNoAlert(@TempDir Path dir) throws Exception {
        Xtcp.requireRootAnd("setpriv", "ip", "python3");
        Map<String, List<String>> service = UnitFile.parse(Files.readString(Xtcp.root().resolve("packaging/systemd/xtcp.service"))).get("Service");
        List<String> granted = List.of(service.get("AmbientCapabilities").get(0).split("\\s+"));
        assertEquals(service.get("CapabilityBoundingSet"), service.get("AmbientCapabilities"));
        String netnsDirs = service.get("Environment").stream().filter(e -> e.startsWith("XTCP_NETNS_DIRS=")).findFirst()
                .orElseThrow().substring("XTCP_NETNS_DIRS=".length());
        String setprivCaps = "-all," + granted.stream().map(c -> "+" + c.substring(4).toLowerCase(Locale.ROOT)).collect(Collectors.joining(","));

        int port = Ports.belowEphemeral(1);
        int httpPort = Metrics.freePort();
        try (TestNamespaces namespaces = new TestNamespaces(); SocketPeer peer = SocketPeer.start()) {
            String bound = namespaces.create("unit");
            peer.listen(TestNamespaces.path(bound), "127.0.0.1", port);
            List<String> argv = new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                    "--inh-caps=" + setprivCaps, "--ambient-caps=" + setprivCaps, "--bounding-set=" + setprivCaps, "--"));
            argv.addAll(Xtcp.command("run", "--dest", "null:", "--http-listen", "127.0.0.1:" + httpPort, "--poll-interval", "1s",
                    "--poll-timeout", "800ms", "--startup-jitter", "0s", "--netns", "self," + bound));
            ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(dir.resolve("xtcp.log").toFile());
            pb.environment().keySet().removeIf(k -> k.startsWith("XTCP_"));
            pb.environment().put("XTCP_NETNS_DIRS", netnsDirs);
            Process p = pb.start();
            try {
                Metrics m = null;
                long deadline = System.nanoTime() + java.time.Duration.ofSeconds(90).toNanos();
                while (System.nanoTime() < deadline && p.isAlive()) {
                    try {
                        m = Metrics.scrape(httpPort);
                        if (m.text().contains("xtcp_polls_total{result=\"ok\"}") && m.sum("xtcp_polls_total") >= 1) {
                            break;
                        }
                    } catch (java.io.IOException e) {
                        // not listening yet
                    }
                    Thread.sleep(200);
                }
                String log = Files.readString(dir.resolve("xtcp.log"));
                assertTrue(p.isAlive() && m != null, "the daemon did not serve a poll:\n" + log);
                long eff = Long.parseLong(Files.readAllLines(Path.of("/proc/" + p.pid() + "/status")).stream()
                        .filter(l -> l.startsWith("CapEff:")).findFirst().orElseThrow().substring(7).strip(), 16);
                long expected = 0;
                for (String c : granted) {
                    expected |= 1L << Integer.parseInt(java.util.Arrays.stream(TABLE).filter(t -> t[0].equals(c)).findFirst().orElseThrow()[1]);
                }
                assertEquals(Long.toHexString(expected), Long.toHexString(eff), "the daemon holds exactly the unit's set");
                Map<String, String> gauges = new java.util.TreeMap<>();
                for (String line : m.text().split("\n")) {
                    if (line.startsWith("xtcp_capability{")) {
                        gauges.put(line.substring(line.indexOf('"') + 1, line.indexOf('"', line.indexOf('"') + 1)),
                                line.substring(line.lastIndexOf(' ') + 1));
                    }
                }
                assertEquals(new java.util.TreeSet<>(granted), gauges.keySet(), "the gauges are those the configuration uses:\n" + m.text());
                assertTrue(gauges.values().stream().allMatch(v -> v.equals("1.0")), () -> "XtcpCapabilityMissing would fire: " + gauges);
                assertEquals(2, m.count("xtcp_namespaces_active"), "its own namespace and " + bound + ":\n" + log);
                assertFalse(log.contains("missing capability") || log.contains("EPERM"), log);
            } finally {
                p.destroy();
                p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
                p.destroyForcibly();
            }
        }
    }

    /**
     * A bind-mount folder under a root-only directory (as docker's /run/docker) is what
     * CAP_DAC_READ_SEARCH is for: as uid 65534 (with CAP_SYS_ADMIN, which --netns all needs)
     * {@code caps} finds it used and missing (degraded, exit 0), and with the capability the folder
     * lists and the row is unused again.
     */
    @Test
    void aFolderTheUserCannotListUsesDacReadSearch(@TempDir Path dir) throws Exception {
        Xtcp.requireRootAnd("setpriv");
        Path root = Files.createDirectory(dir.resolve("runtime"));
        Path netns = Files.createDirectory(root.resolve("netns"));
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(root, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        for (String caps : List.of("-all,+sys_admin", "-all,+sys_admin,+dac_read_search")) {
            List<String> argv = new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                    "--inh-caps=" + caps, "--ambient-caps=" + caps, "--bounding-set=" + caps, "--"));
            argv.addAll(Xtcp.command("caps", "--netns-dirs", netns.toString()));
            Cmd.Result r = Cmd.run(java.time.Duration.ofSeconds(120), argv);
            boolean granted = caps.contains("dac");
            assertEquals(0, r.exit(), r::toString); // degraded is not fatal
            String row = r.out().lines().filter(l -> l.startsWith("CAP_DAC_READ_SEARCH ")).findFirst().orElseThrow();
            assertTrue(granted ? row.contains("present") && row.contains("unused") : row.contains("MISSING") && row.contains("degraded"),
                    () -> caps + ":\n" + r.out());
        }
    }

    private static void requireCapsh() {
        Xtcp.requireRootAnd("capsh");
    }
}
