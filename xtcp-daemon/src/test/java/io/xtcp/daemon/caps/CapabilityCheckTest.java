package io.xtcp.daemon.caps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xtcp.core.linux.Capabilities;
import io.xtcp.core.linux.Capability;
import io.xtcp.daemon.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The table against configurations: which capabilities each uses, and what the check does when one is missing. */
class CapabilityCheckTest {
    static final CapabilityUse ALL_WITH_PROC = new CapabilityUse(true, true, List.of());
    static final CapabilityUse ALL_BIND_MOUNTS = new CapabilityUse(true, false, List.of());
    static final CapabilityUse SELF = new CapabilityUse(false, false, List.of());

    static long set(Capability... caps) {
        long m = 0;
        for (Capability c : caps) {
            m |= 1L << c.number();
        }
        return m;
    }

    static CapabilityCheck check(CapabilityUse use, Capability... held) {
        long eff = set(held);
        return new CapabilityCheck(Capabilities.of(eff, eff), use);
    }

    static Set<Capability> used(CapabilityUse use) {
        return CapabilityRequirement.usedBy(use).stream().map(CapabilityRequirement::capability)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Each configuration against the capabilities it uses, as measured under setpriv (docs/deployment.md#capabilities). */
    @Test
    void eachConfigurationUsesOnlyWhatItNeeds() {
        assertEquals(Set.of(Capability.NET_ADMIN), used(SELF), "--netns self: no setns, no /proc scan");
        assertEquals(Set.of(Capability.NET_ADMIN, Capability.SYS_ADMIN), used(ALL_BIND_MOUNTS));
        assertEquals(Set.of(Capability.NET_ADMIN, Capability.SYS_ADMIN, Capability.SYS_PTRACE), used(ALL_WITH_PROC));
        assertEquals(Set.of(Capability.NET_ADMIN, Capability.SYS_ADMIN, Capability.DAC_READ_SEARCH),
                used(new CapabilityUse(true, false, List.of(Path.of("/run/docker/netns")))));
        for (CapabilityRequirement r : CapabilityRequirement.TABLE) {
            assertFalse(r.neededFor().contains("raw") || r.neededFor().contains("io_uring") || r.withoutIt().contains("io_uring"),
                    () -> "promises a feature xtcp lacks: " + r);
        }
    }

    @Test
    void selfNeedsNoSysAdminToStart() {
        CapabilityCheck noCaps = check(SELF);
        assertEquals(0, noCaps.enforce(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
        assertEquals(List.of(Capability.NET_ADMIN), noCaps.missing().stream().map(CapabilityRequirement::capability).toList());
    }

    @Test
    void missingSysAdminStopsWithExit3AndAdviceForThisConfiguration() {
        CapabilityCheck check = check(ALL_BIND_MOUNTS, Capability.NET_ADMIN);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(Main.EXIT_CAPABILITY, check.enforce(new PrintStream(err, true, StandardCharsets.UTF_8)));
        String msg = err.toString(StandardCharsets.UTF_8);
        assertTrue(msg.startsWith("xtcp: missing capability CAP_SYS_ADMIN (fatal)"), msg);
        assertTrue(msg.contains("AmbientCapabilities=CAP_SYS_ADMIN CAP_NET_ADMIN\n"), msg);
        assertTrue(msg.contains("--ambient-caps=+sys_admin,+net_admin "), msg);
        assertTrue(msg.contains("docker run --cap-add SYS_ADMIN --cap-add NET_ADMIN ..."), msg);
        assertFalse(msg.contains("SYS_PTRACE"), "the /proc scan is off here: " + msg);
    }

    @Test
    void degradedOnlyLetItRun() {
        CapabilityCheck check = check(ALL_WITH_PROC, Capability.SYS_ADMIN);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, check.enforce(new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertEquals("", err.toString(StandardCharsets.UTF_8), "warnings go to the log, not to stderr as a failure");
        assertEquals(List.of(Capability.NET_ADMIN, Capability.SYS_PTRACE),
                check.missing().stream().map(CapabilityRequirement::capability).toList());
    }

    @Test
    void tableShowsStateUseAndWhatDegrades() {
        CapabilityCheck check = check(ALL_BIND_MOUNTS, Capability.SYS_ADMIN, Capability.SYS_PTRACE);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        check.printTable(new PrintStream(out, true, StandardCharsets.UTF_8));
        String table = out.toString(StandardCharsets.UTF_8);
        assertTrue(table.lines().anyMatch(l -> l.matches("CAP_SYS_ADMIN +present +fatal .*")), table);
        assertTrue(table.lines().anyMatch(l -> l.matches("CAP_NET_ADMIN +MISSING +degraded .*")), table);
        assertTrue(table.lines().anyMatch(l -> l.matches("CAP_SYS_PTRACE +present +unused .*")), table);
        assertTrue(table.contains("used when --netns-dirs includes /proc"), table);
        assertTrue(table.contains("without it: records carry no mark"), table);
    }

    /** A folder the process cannot list is what DAC_READ_SEARCH is for; root can list anything, so drop to nobody's view. */
    @Test
    void lockedFolderIsFoundByListingIt(@TempDir Path dir) throws Exception {
        Path open = Files.createDirectory(dir.resolve("open"));
        Path missing = dir.resolve("missing");
        assertEquals(List.of(), CapabilityUse.of(List.of("all"), List.of(open, missing, Path.of("/proc"))).lockedFolders());
        assertTrue(CapabilityUse.of(List.of("all"), List.of(open, Path.of("/proc"))).procScan());
        assertFalse(CapabilityUse.of(List.of("self"), List.of(open, Path.of("/proc"))).procScan(), "self scans nothing");
        Path locked = Files.createDirectory(dir.resolve("locked"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("---------")));
        boolean root = Files.isReadable(locked); // root (CAP_DAC_OVERRIDE) lists it anyway
        assertEquals(root ? List.of() : List.of(locked), CapabilityUse.of(List.of("all"), List.of(locked)).lockedFolders());
    }

    /** Every deployment grants exactly what its configuration uses, and says what it withholds. */
    @Test
    void snippetsComeFromTheTable() {
        String systemd = DeploymentSnippet.SYSTEMD.text();
        assertTrue(systemd.contains("\nCapabilityBoundingSet=CAP_SYS_ADMIN CAP_NET_ADMIN\nAmbientCapabilities=CAP_SYS_ADMIN CAP_NET_ADMIN\n"),
                systemd);
        assertTrue(systemd.contains("Environment=XTCP_NETNS_DIRS=/run/netns,/run/docker/netns\n"), systemd);
        assertTrue(systemd.contains("# Not granted: CAP_SYS_PTRACE"), systemd);
        assertTrue(systemd.contains("# Not granted: CAP_DAC_READ_SEARCH"), systemd);
        assertTrue(systemd.lines().allMatch(l -> l.length() <= 100), systemd);
        String nix = DeploymentSnippet.NIX.text();
        assertTrue(nix.contains("    CapabilityBoundingSet = \"CAP_SYS_ADMIN CAP_NET_ADMIN\";\n"), nix);
        String k8s = DeploymentSnippet.KUBERNETES.text();
        assertEquals(List.of("SYS_ADMIN", "NET_ADMIN", "SYS_PTRACE"),
                k8s.lines().filter(l -> l.strip().startsWith("- ")).map(l -> l.strip().substring(2)).toList(), k8s);
        assertTrue(k8s.contains("not added: DAC_READ_SEARCH"), k8s);
    }
}
