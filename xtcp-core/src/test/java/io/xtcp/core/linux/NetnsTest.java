package io.xtcp.core.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Needs no privilege: the namespace entered is the thread's own, where setns is skipped. */
class NetnsTest {
    @Test
    void inodeIsStatsInode() throws Exception {
        long viaJdk = (Long) Files.getAttribute(Path.of("/proc/self/ns/net"), "unix:ino");
        assertEquals(viaJdk, Netns.inode("/proc/self/ns/net"));
        assertEquals(viaJdk, Netns.inode(Netns.THREAD_SELF));
    }

    @Test
    void opensInItsOwnNamespaceWithoutSetns() throws Exception {
        long own = Netns.inode(Netns.THREAD_SELF);
        try (NetlinkSocket s = Netns.openSocket("/proc/self/ns/net", own, 1000)) {
            assertTrue(s.fd() >= 0);
        }
    }

    @Test
    void refusesAPathThatNowHoldsAnotherNamespace() throws Exception {
        long own = Netns.inode(Netns.THREAD_SELF);
        assertThrows(Netns.InodeMismatchException.class, () -> Netns.openSocket("/proc/self/ns/net", own + 1, 1000));
    }

    @Test
    void missingPathNamesTheCall() {
        SyscallException e = assertThrows(SyscallException.class, () -> Netns.openSocket("/run/netns/xtcp-no-such-ns", 1000));
        assertEquals(Errno.ENOENT, e.errno());
        assertTrue(e.getMessage().startsWith("open(/run/netns/xtcp-no-such-ns) failed: ENOENT"), e.getMessage());
    }
}
