package io.xtcp.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code xtcp caps} and {@code dump --netns all} run by the real launcher under
 * {@code capsh --drop=...}: the dropped capability leaves the bounding set, so the JVM never has it.
 * Oracles: the kernel's CapEff in /proc/self/status; stat(2) and the Python peer's sockets.
 */
@Timeout(180)
class CapabilitiesIT {
    private static final String[][] TABLE = {
        {"CAP_NET_ADMIN", "12"}, {"CAP_SYS_ADMIN", "21"}, {"CAP_SYS_PTRACE", "19"}, {"CAP_NET_RAW", "13"},
        {"CAP_SYS_RESOURCE", "24"},
    };

    @Test
    void tableMatchesTheKernelsEffectiveSet() {
        Privileges.requireRootAnd();
        Cmd.Result r = Xtcp.run("caps");
        assertEquals(0, r.exit(), r::toString);
        long eff = Privileges.effectiveCapabilities(); // the launched JVM inherits the same set from this root JVM
        for (String[] cap : TABLE) {
            boolean has = (eff & (1L << Integer.parseInt(cap[1]))) != 0;
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith(cap[0] + " ") && l.contains(has ? "present" : "MISSING")),
                    () -> cap[0] + " should be " + (has ? "present" : "MISSING") + ":\n" + r.out());
        }
    }

    @Test
    void withoutNetAdminCapsExits3AndNamesIt() {
        requireCapsh();
        assertFatal("cap_net_admin", "CAP_NET_ADMIN");
    }

    @Test
    void withoutSysAdminCapsExits3AndNamesIt() {
        requireCapsh();
        assertFatal("cap_sys_admin", "CAP_SYS_ADMIN");
    }

    /** The daemon itself refuses to start, before polling anything, with the same message. */
    @Test
    void runWithoutNetAdminOrSysAdminExits3AndNamesIt() {
        requireCapsh();
        for (String[] c : new String[][] {{"cap_net_admin", "CAP_NET_ADMIN"}, {"cap_sys_admin", "CAP_SYS_ADMIN"}}) {
            Cmd.Result r = Xtcp.runWithout(c[0], "run", "--max-polls", "1", "--dest", "null:", "--http-listen", "off");
            assertEquals(3, r.exit(), r::toString);
            assertTrue(r.err().contains("missing capability " + c[1]), r::toString);
            assertTrue(r.err().contains("AmbientCapabilities="), () -> "no systemd advice: " + r);
            assertFalse(r.err().contains("polling "), () -> "it started polling: " + r);
        }
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
        Privileges.requireRootAnd("ip", "python3", "unshare");
        Cmd.Result caps = Xtcp.runWithout("cap_sys_ptrace", "caps");
        assertEquals(0, caps.exit(), caps::toString);
        assertTrue(caps.out().lines().anyMatch(l -> l.startsWith("CAP_SYS_PTRACE ") && l.contains("MISSING") && l.contains("warning")),
                caps::toString);
        assertTrue(caps.out().contains("only bind-mounted namespaces"), caps::toString);

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

    private static void requireCapsh() {
        Privileges.requireRootAnd("capsh");
    }
}
