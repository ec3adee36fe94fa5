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
        assertEquals(Namespace.PID_PREFIX + ProcessHandle.current().pid(), own.name());
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
}
