package io.xtcp.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code xtcp dump --netns all} against 20 namespaces made with {@code ip netns add}, each with lo up
 * and loopback connections of its own (IPv4 and IPv6, distinct ports and counts), held by the
 * Python peer. Oracle: {@code ip netns exec NS ss -tanH} on the same sockets, and stat(2) of
 * /run/netns/NS for the inode.
 */
@Timeout(240)
class NetnsDumpAllIT {
    static final int NAMESPACES = 20;

    static TestNamespaces namespaces;
    static SocketPeer peer;
    static List<String> names;
    /** Our ports (listeners') -> the namespace holding them. */
    static final Map<Integer, String> portOwner = new HashMap<>();

    @BeforeAll
    static void createNamespaces() throws Exception {
        Xtcp.requireRootAnd("ip", "ss", "python3");
        namespaces = new TestNamespaces();
        peer = SocketPeer.start();
        names = namespaces.add(IntStream.range(0, NAMESPACES).mapToObj(i -> "n" + i).collect(Collectors.toList()));
        namespaces.loopbackUp(names);
        int base = Ports.belowEphemeral(10 * NAMESPACES);
        for (int i = 0; i < NAMESPACES; i++) {
            String ns = TestNamespaces.path(names.get(i));
            int v4 = base + 10 * i;
            int v6 = v4 + 1;
            peer.listen(ns, "127.0.0.1", v4);
            peer.connect(ns, "127.0.0.1", v4, 1 + i % 3);
            peer.listen(ns, "::1", v6);
            if (i % 2 == 0) {
                peer.connect(ns, "::1", v6, 1);
            }
            portOwner.put(v4, names.get(i));
            portOwner.put(v6, names.get(i));
        }
    }

    @AfterAll
    static void cleanUp() throws Exception {
        try {
            if (peer != null) {
                peer.close();
            }
        } finally {
            if (namespaces != null) {
                namespaces.close();
            }
        }
    }

    @Test
    void everySocketOnceInItsOwnNamespaceAsSsSeesIt() throws Exception {
        List<String> args = new ArrayList<>(List.of("dump", "--netns", "all", "--format", "jsonl"));
        args.addAll(namespaces.excludeOthers());
        Cmd.Result r = Xtcp.run(args.toArray(new String[0]));
        assertEquals(0, r.exit(), r::toString);
        List<Map<String, String>> records = JsonLines.parse(r.out());

        Map<String, List<TcpEntry>> byNs = new TreeMap<>();
        Map<String, Set<String>> inodesByNs = new HashMap<>();
        for (Map<String, String> rec : records) {
            String ns = rec.getOrDefault("netns", "");
            assertFalse(ns.isEmpty(), () -> "record without netns: " + rec);
            TcpEntry e = TcpEntry.fromRecord(rec);
            byNs.computeIfAbsent(ns, k -> new ArrayList<>()).add(e);
            inodesByNs.computeIfAbsent(ns, k -> new HashSet<>()).add(rec.get("netnsInode"));
            // a socket on one of our ports belongs to the namespace that holds that port, nowhere else
            String owner = portOwner.containsKey(e.localPort()) ? portOwner.get(e.localPort()) : portOwner.get(e.peerPort());
            if (owner != null) {
                assertEquals(owner, ns, () -> "socket " + e + " attributed to " + ns);
            }
        }
        for (String name : names) {
            List<TcpEntry> expected = TcpEntry.fromSs(Cmd.ok("ip", "netns", "exec", name, "ss", "-tanH").out());
            List<TcpEntry> actual = byNs.getOrDefault(name, List.of());
            assertFalse(expected.isEmpty(), "ss sees no socket in " + name);
            assertEquals(sorted(expected), sorted(actual), "sockets of " + name + " (ss vs xtcp)");
            assertEquals(actual.size(), new HashSet<>(actual).size(), "a socket printed twice in " + name);
            assertEquals(Set.of(Long.toString(TestNamespaces.inode(TestNamespaces.path(name)))), inodesByNs.get(name),
                    "netnsInode of " + name);
        }
        // each namespace once: no two names share an inode, no name has two inodes
        Map<String, String> nameOfInode = new HashMap<>();
        inodesByNs.forEach((ns, inodes) -> {
            assertEquals(1, inodes.size(), () -> ns + " printed with inodes " + inodes);
            String other = nameOfInode.put(inodes.iterator().next(), ns);
            assertTrue(other == null, () -> "inode " + inodes + " printed as both " + other + " and " + ns);
        });
    }

    @Test
    void globsAndExclusionsSelectByName() {
        String prefix = namespaces.prefix();
        Cmd.Result r = Xtcp.run("dump", "--netns", prefix + "n1*," + prefix + "n2", "--netns-exclude", prefix + "n1[0-4]",
                "--format", "jsonl", "--decoders", "info");
        assertEquals(0, r.exit(), r::toString);
        Set<String> seen = JsonLines.parse(r.out()).stream().map(m -> m.get("netns")).collect(Collectors.toCollection(HashSet::new));
        Set<String> expected = new HashSet<>();
        for (String n : List.of("n1", "n15", "n16", "n17", "n18", "n19", "n2")) {
            expected.add(prefix + n);
        }
        assertEquals(expected, seen);
    }

    @Test
    void selfIsTheDaemonsOwnNamespace() throws Exception {
        try (java.net.ServerSocket here = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Cmd.Result r = Xtcp.run("dump", "--netns", "self", "--format", "jsonl", "--decoders", "info");
            assertEquals(0, r.exit(), r::toString);
            List<Map<String, String>> records = JsonLines.parse(r.out());
            // the launched JVM runs in the namespace this test runs in, where this listener is
            String ours = Long.toString(TestNamespaces.inode("/proc/self/ns/net"));
            assertTrue(records.stream().allMatch(m -> ours.equals(m.get("netnsInode"))), r::toString);
            assertTrue(records.stream().anyMatch(m -> Integer.toString(here.getLocalPort()).equals(m.get("inetDiagMsgSocketSourcePort"))
                    && "10".equals(m.get("inetDiagMsgState"))), () -> "listener " + here + " not in " + r);
        }
    }

    @Test
    void unknownNameIsAUsageError() {
        Cmd.Result r = Xtcp.run("dump", "--netns", namespaces.prefix() + "missing," + names.get(0));
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.err().contains(namespaces.prefix() + "missing"), r::toString);
    }

    private static List<TcpEntry> sorted(List<TcpEntry> l) {
        List<TcpEntry> out = new ArrayList<>(l);
        out.sort(java.util.Comparator.comparing(TcpEntry::toString));
        return out;
    }
}
