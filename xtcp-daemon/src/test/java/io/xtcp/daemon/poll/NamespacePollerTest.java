package io.xtcp.daemon.poll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xtcp.core.linux.NetlinkSocket;
import io.xtcp.core.linux.Netns;
import io.xtcp.core.netlink.DiagAttributes;
import io.xtcp.core.netlink.DumpRequest;
import io.xtcp.core.netlink.InetDiagMsg;
import io.xtcp.core.netlink.Netlink;
import io.xtcp.core.netlink.TcpState;
import io.xtcp.daemon.netns.Namespace;
import io.xtcp.daemon.netns.NamespaceHandle;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The poller over real sock_diag sockets, all in this process's own namespace (no privilege
 * needed): several handles, several workers, many cycles. Oracle: a listener this test opens.
 */
class NamespacePollerTest {
    static final int HANDLES = 12;

    /** Collects, per namespace name, whether the test's listener was seen. */
    static class Seen implements NamespaceDumpHandler {
        final int port;
        final List<String> sawListener = new ArrayList<>();
        private Namespace ns;

        Seen(int port) {
            this.port = port;
        }

        @Override
        public void begin(Namespace ns, long timestampNs) {
            this.ns = ns;
        }

        @Override
        public void onSocket(InetDiagMsg msg, DiagAttributes attrs) {
            if (msg.sourcePort() == port && msg.state() == TcpState.LISTEN) {
                sawListener.add(ns.name());
            }
        }
    }

    @Test
    void everyHandleEveryCycleWithConcurrentWorkers() throws Exception {
        long inode = Netns.inode(Netns.THREAD_SELF);
        List<NamespaceHandle> handles = new ArrayList<>();
        for (int i = 0; i < HANDLES; i++) {
            handles.add(new NamespaceHandle(new Namespace("h" + i, inode, 0, "/proc/self/ns/net", true), NetlinkSocket.open(2000)));
        }
        List<Seen> handlers = new ArrayList<>();
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                NamespacePoller poller = new NamespacePoller(4, DumpRequest.legacy(Netlink.ALL_STATES, 0), i -> {
                    Seen s = new Seen(listener.getLocalPort());
                    handlers.add(s);
                    return s;
                })) {
            for (int cycle = 0; cycle < 50; cycle++) {
                List<NamespacePollResult> results = poller.poll(handles);
                assertEquals(HANDLES, results.size());
                for (int i = 0; i < HANDLES; i++) {
                    NamespacePollResult r = results.get(i);
                    assertEquals("h" + i, r.namespace().name(), "results keep the snapshot's order");
                    assertTrue(r.ok(), r::toString);
                    assertTrue(r.sockets() >= 1, r::toString);
                }
            }
            assertEquals(0, poller.failures());
            long seen = handlers.stream().mapToLong(h -> h.sawListener.size()).sum();
            assertEquals(50L * HANDLES, seen, "the listener, once per handle per cycle");
        } finally {
            handles.forEach(NamespaceHandle::retire);
        }
    }

    @Test
    void droppedHandleIsGoneAndItsSocketClosedOnlyAfterThePoll() throws Exception {
        long inode = Netns.inode(Netns.THREAD_SELF);
        NetlinkSocket socket = NetlinkSocket.open(2000);
        int fd = socket.fd();
        NamespaceHandle h = new NamespaceHandle(new Namespace("x", inode, 0, "/proc/self/ns/net", true), socket);

        assertTrue(h.acquire(), "a poll takes the handle");
        h.retire();
        assertFalse(h.isLive());
        String target = fdTarget(fd);
        assertTrue(target.startsWith("socket:["), () -> "still open while the poll holds it: " + target);
        assertFalse(h.acquire(), "no new poll after the drop");
        h.release();
        assertFalse(target.equals(fdTarget(fd)), "closed by the last release");
        h.retire(); // idempotent

        try (NamespacePoller poller = new NamespacePoller(2, DumpRequest.legacy(Netlink.ALL_STATES, 0), i -> new Seen(0))) {
            List<NamespacePollResult> r = poller.poll(List.of(h));
            assertEquals(NamespacePollResult.Status.GONE, r.get(0).status());
        }
    }

    @Test
    void closeEndsTheWorkers() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        NamespacePoller poller = new NamespacePoller(3, DumpRequest.legacy(Netlink.ALL_STATES, 0), i -> new Seen(0));
        Set<Thread> started = new HashSet<>(Thread.getAllStackTraces().keySet());
        started.removeAll(before);
        started.removeIf(t -> !t.getName().startsWith("xtcp-poll-"));
        assertEquals(3, started.size(), started::toString);
        poller.close();
        poller.close();
        for (Thread t : started) {
            assertFalse(t.isAlive(), t::toString);
        }
    }

    /** Throws an Error from begin() while {@code kill} is set (once per setting), blocks while {@code block} is set. */
    static final class Killable extends Seen {
        final AtomicBoolean kill = new AtomicBoolean();
        volatile CountDownLatch block;

        Killable() {
            super(0);
        }

        @Override
        public void begin(Namespace ns, long timestampNs) {
            if (kill.compareAndSet(true, false)) {
                throw new Error("the handler fails: the worker dies");
            }
            CountDownLatch b = block;
            if (b != null) {
                try {
                    b.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            super.begin(ns, timestampNs);
        }
    }

    private static List<NamespaceHandle> selfHandles(int n) throws Exception {
        long inode = Netns.inode(Netns.THREAD_SELF);
        List<NamespaceHandle> handles = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            handles.add(new NamespaceHandle(new Namespace("h" + i, inode, 0, "/proc/self/ns/net", true), NetlinkSocket.open(2000)));
        }
        return handles;
    }

    /** Waits (with a deadline) until the poller sees a dead worker: it dies just after its cycle's count-down. */
    private static void awaitDeath(NamespacePoller poller) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (poller.trouble(System.nanoTime()) == null && System.nanoTime() - deadline < 0) {
            Thread.sleep(5);
        }
    }

    private static long count(List<NamespacePollResult> rs, NamespacePollResult.Status s) {
        return rs.stream().filter(r -> r.status() == s).count();
    }

    @Test
    void aDeadWorkerIsReplacedOnceAndTheNextPollReturns() throws Exception {
        List<NamespaceHandle> handles = selfHandles(3);
        Killable handler = new Killable();
        try (NamespacePoller poller = new NamespacePoller(1, DumpRequest.legacy(Netlink.ALL_STATES, 0), i -> handler)) {
            handler.kill.set(true);
            List<NamespacePollResult> first = poller.poll(handles);
            assertEquals(3, count(first, NamespacePollResult.Status.FAILED), "the dead worker's namespaces are reported not done: " + first);
            assertTrue(first.get(0).error().startsWith("not done"), first.get(0).error());
            awaitDeath(poller);
            assertNotNull(poller.trouble(System.nanoTime()), "a dead worker is not live");

            // before the fix this poll waited forever on the dead worker's latch
            List<NamespacePollResult> second = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> poller.poll(handles));
            assertEquals(3, count(second, NamespacePollResult.Status.OK), second::toString);
            assertEquals(1, poller.restarts());
            assertNull(poller.trouble(System.nanoTime()));

            handler.kill.set(true);
            poller.poll(handles);
            awaitDeath(poller); // the worker counts its cycle done before its death reaches the thread's end
            assertNotNull(poller.reviveOnce(), "a second death of the same worker is fatal");
            List<NamespacePollResult> fourth = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> poller.poll(handles));
            assertEquals(3, count(fourth, NamespacePollResult.Status.FAILED), "no worker left: nothing done, and no wait");
            assertEquals(1, poller.restarts());
        } finally {
            handles.forEach(NamespaceHandle::retire);
        }
    }

    @Test
    void aStuckWorkerHoldsThePollOnlyUntilTheDeadlinePlusGrace() throws Exception {
        List<NamespaceHandle> handles = selfHandles(2);
        Killable handler = new Killable();
        CountDownLatch release = new CountDownLatch(1);
        handler.block = release;
        Duration grace = Duration.ofMillis(300);
        try (NamespacePoller poller = new NamespacePoller(1, DumpRequest.legacy(Netlink.ALL_STATES, 0), i -> handler, grace)) {
            long start = System.nanoTime();
            List<NamespacePollResult> r = assertTimeoutPreemptively(Duration.ofSeconds(10),
                    () -> poller.poll(handles, start + TimeUnit.MILLISECONDS.toNanos(200)));
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(tookMs >= 500, "waits the deadline plus the grace: " + tookMs);
            assertEquals(2, count(r, NamespacePollResult.Status.FAILED), r::toString);
            String stuck = poller.trouble(System.nanoTime() + grace.toNanos());
            assertNotNull(stuck);
            assertTrue(stuck.contains("stuck"), stuck);
            handler.block = null;
            release.countDown();
        } finally {
            handles.forEach(NamespaceHandle::retire);
        }
    }

    /** What /proc/self/fd/N points at now ("" once closed). */
    private static String fdTarget(int fd) {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
