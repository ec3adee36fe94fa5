package io.xtcp.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xtcp.schema.v1.XtcpFlatRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Shared pieces of the end-to-end tests that run {@code xtcp run} as a process: a namespace
 * holding known loopback connections, ss's view of it, waiting with deadlines, and checks of
 * decoded records against ss.
 */
final class E2e {
    /** Listener port inside the test namespace (its own network stack, so any port is free). */
    static final int PORT = 4242;

    private E2e() {}

    /** A namespace with {@code perAddress} connections on 127.0.0.1 and on ::1, and what ss sees in it. */
    record Held(TestNamespaces namespaces, String name, long inode, Set<TcpEntry> sockets) implements AutoCloseable {
        int perPoll() {
            return sockets.size();
        }

        @Override
        public void close() {
            namespaces.close();
        }
    }

    static Held hold(String suffix, int perAddress) throws Exception {
        TestNamespaces namespaces = new TestNamespaces();
        try {
            String name = namespaces.create(suffix);
            namespaces.holdConnections(name, perAddress, PORT, "127.0.0.1", "::1");
            Set<TcpEntry> ss = ss(name);
            assertEquals(4 * perAddress + 2, ss.size(), () -> "ss in " + name + ": " + ss);
            return new Held(namespaces, name, TestNamespaces.inode(TestNamespaces.path(name)), ss);
        } catch (Exception | Error e) {
            namespaces.close();
            throw e;
        }
    }

    /** {@code ip netns exec NS ss -tanH}: every TCP socket of the namespace. */
    static Set<TcpEntry> ss(String ns) {
        List<TcpEntry> l = TcpEntry.fromSs(TestNamespaces.exec(ns, "ss", "-tanH"));
        Set<TcpEntry> s = new HashSet<>(l);
        assertEquals(l.size(), s.size(), "ss printed a socket twice");
        return s;
    }

    /** The records grouped by poll (timestamp_ns, one per poll of the one namespace), in time order. */
    static Map<Long, List<XtcpFlatRecord>> byPoll(List<XtcpFlatRecord> records) {
        Map<Long, List<XtcpFlatRecord>> m = new TreeMap<>();
        for (XtcpFlatRecord r : records) {
            m.computeIfAbsent(r.getTimestampNs(), k -> new ArrayList<>()).add(r);
        }
        return m;
    }

    /** Each poll's records are exactly ss's socket set, each socket once. */
    static void assertEveryPollIsSsView(Held held, Map<Long, List<XtcpFlatRecord>> polls) {
        polls.forEach((ts, rows) -> {
            List<TcpEntry> seen = rows.stream().map(TcpEntry::fromProto).toList();
            assertEquals(seen.size(), new HashSet<>(seen).size(), () -> "a socket twice in the poll at " + ts + ": " + sorted(seen));
            assertEquals(sorted(held.sockets()), sorted(seen), () -> "the poll at " + ts + " vs ss in " + held.name());
        });
    }

    static List<TcpEntry> sorted(java.util.Collection<TcpEntry> c) {
        List<TcpEntry> l = new ArrayList<>(c);
        l.sort(Comparator.comparing(TcpEntry::toString));
        return l;
    }

    /** Every record of a topic's partition 0 now, in topic order; each Kafka record must be one protobufList batch. */
    static List<XtcpFlatRecord> kafkaRecords(io.xtcp.dest.testing.KafkaBroker broker, String topic) {
        List<XtcpFlatRecord> out = new ArrayList<>();
        for (byte[] v : broker.readAll(topic, Duration.ofSeconds(30))) {
            out.addAll(Wire.single(v).getRowList());
        }
        return out;
    }

    /** record_counter of each record, in the order given. */
    static List<Long> counters(List<XtcpFlatRecord> records) {
        return records.stream().map(XtcpFlatRecord::getRecordCounter).toList();
    }

    /** Counters are 1..max, each exactly once, in increasing order. */
    static void assertContiguousInOrder(List<Long> counters, String what) {
        for (int i = 0; i < counters.size(); i++) {
            long expected = i + 1;
            long got = counters.get(i);
            if (got != expected) {
                throw new AssertionError(what + ": record_counter " + got + " where " + expected + " was due (position " + i
                        + " of " + counters.size() + "); around it: "
                        + counters.subList(Math.max(0, i - 3), Math.min(counters.size(), i + 4)));
            }
        }
    }

    /** A condition checked until it holds or the deadline passes (a deadline for waiting, not a time measurement). */
    @FunctionalInterface
    interface Check {
        boolean ok() throws Exception;
    }

    static void await(Duration deadline, String what, Check check, Runnable eachRound) throws Exception {
        long end = System.nanoTime() + deadline.toNanos();
        while (true) {
            if (eachRound != null) {
                eachRound.run();
            }
            if (check.ok()) {
                return;
            }
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("waited " + deadline + " for: " + what);
            }
            Thread.sleep(100);
        }
    }

    static Path tempDir(String prefix) throws IOException {
        return Files.createTempDirectory(prefix);
    }

    /** Deletes a folder tree, ignoring what is already gone. */
    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (var s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }

    /** The version `xtcp --version` prints on its first line ("xtcp 0.1.0-SNAPSHOT"). */
    static String version() {
        Cmd.Result r = Cmd.run(Duration.ofSeconds(60), Xtcp.launcher("--version"));
        assertEquals(0, r.exit(), r::toString);
        String first = r.out().lines().findFirst().orElse("");
        assertTrue(first.startsWith("xtcp "), r::toString);
        return first.substring(5).trim();
    }
}
