package io.xtcp.daemon.netns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /proc in the folders turns the /proc scan on; without it the daemon's own namespace is still found. Oracle: the kernel's readlink. */
class NamespaceDiscoveryTest {
    static long ownInode() throws Exception {
        String link = Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString(); // net:[INODE]
        return Long.parseLong(link.substring(link.indexOf('[') + 1, link.indexOf(']')));
    }

    @Test
    void withoutProcOnlyTheOwnNamespaceAndBindMounts(@TempDir Path empty) throws Exception {
        NamespaceDiscovery d = new NamespaceDiscovery(List.of(empty));
        assertFalse(d.scansProc());
        assertEquals(List.of(empty), d.bindMountDirs());
        NamespaceDiscovery.Scan scan = d.scan();
        assertEquals(1, scan.namespaces().size(), scan.toString());
        Namespace own = scan.namespaces().get(ownInode());
        assertTrue(own != null && own.self(), scan.toString());
        String expected = ownInode() == NamespaceDiscovery.hostInode() ? Namespace.HOST : Namespace.PID_PREFIX + ProcessHandle.current().pid();
        assertEquals(expected, own.name(), "named host when it is the host's, else after the daemon's pid");
        assertEquals(0, scan.procDenied());
    }

    @Test
    void procInTheFoldersScansProc(@TempDir Path empty) throws Exception {
        NamespaceDiscovery d = new NamespaceDiscovery(List.of(empty, Path.of("/proc/")));
        assertTrue(d.scansProc());
        assertEquals(List.of(empty), d.bindMountDirs(), "/proc is not watched as a bind-mount folder");
        assertTrue(d.scan().namespaces().get(ownInode()).self());
        assertTrue(NamespaceDiscovery.defaults().scansProc(), "the default keeps the /proc scan");
    }

    @Test
    void theHostsNamespaceIsNamedHost(@TempDir Path empty) throws Exception {
        long host = NamespaceDiscovery.hostInode();
        assertTrue(host > 0, "the test machine shows PID 1 or kthreadd");
        Namespace found = new NamespaceDiscovery(List.of(empty, Path.of("/proc"))).scan().namespaces().get(host);
        assertEquals(Namespace.HOST, found.name(), "named host, not pid:N: " + found);
        assertTrue(found.selectableNames().get(1).startsWith(Namespace.PID_PREFIX), "its pid name stays an alias: " + found.selectableNames());
    }

    @Test
    void theHostIsKthreaddsNamespaceElsePid1s(@TempDir Path proc) throws Exception {
        Files.createDirectories(proc.resolve("1/ns"));
        Files.createSymbolicLink(proc.resolve("1/ns/net"), Path.of("net:[7]"));
        assertEquals(7, NamespaceDiscovery.hostInode(proc), "no kthreadd: PID 1's");
        Files.createDirectories(proc.resolve("2/ns"));
        Files.createSymbolicLink(proc.resolve("2/ns/net"), Path.of("net:[5]"));
        Files.writeString(proc.resolve("2/stat"), "2 (sh) S 1 0 0\n");
        assertEquals(7, NamespaceDiscovery.hostInode(proc), "PID 2 is no kernel thread (a PID namespace of its own)");
        Files.writeString(proc.resolve("2/stat"), "2 (kthreadd) S 0 0 0\n");
        assertEquals(5, NamespaceDiscovery.hostInode(proc), "kthreadd's, the kernel's initial namespace");
        assertEquals(-1, NamespaceDiscovery.hostInode(proc.resolve("none")), "unreadable");
    }
}
