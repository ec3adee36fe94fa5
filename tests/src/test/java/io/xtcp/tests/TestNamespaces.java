package io.xtcp.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Namespaces made with {@code ip netns add} under a prefix unique to this run ({@code xtit<pid>x<hex>-}),
 * so parallel runs never touch each other's. {@link #close()} deletes every one still there.
 */
final class TestNamespaces implements AutoCloseable {
    private final String prefix;
    private final Set<String> live = new LinkedHashSet<>();

    TestNamespaces() {
        prefix = "xtit" + ProcessHandle.current().pid() + "x" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 16, 1 << 20)) + "-";
    }

    String prefix() {
        return prefix;
    }

    static String path(String name) {
        return "/run/netns/" + name;
    }

    /** Adds {@code prefix + suffix} for each suffix, in one {@code ip -batch}; returns the names. */
    List<String> add(Collection<String> suffixes) {
        List<String> names = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (String s : suffixes) {
            names.add(prefix + s);
            lines.add("netns add " + prefix + s);
        }
        live.addAll(names);
        batch(lines, false);
        return names;
    }

    String add(String suffix) {
        return add(List.of(suffix)).get(0);
    }

    /** Brings lo up in each namespace ({@code ip -n NAME link set lo up}). */
    void loopbackUp(Collection<String> names) {
        for (String n : names) {
            Cmd.ok("ip", "-n", n, "link", "set", "lo", "up");
        }
    }

    /** Deletes namespaces in one {@code ip -batch}. */
    void delete(Collection<String> names) {
        List<String> lines = new ArrayList<>();
        for (String n : names) {
            lines.add("netns del " + n);
        }
        batch(lines, false);
        live.removeAll(names);
    }

    /** The namespace's inode, stat(2) through the JDK: the test's own view of its identity. */
    static long inode(String path) throws IOException {
        return (Long) Files.readAttributes(Path.of(path), "unix:ino").get("ino");
    }

    private static void batch(List<String> lines, boolean force) {
        if (lines.isEmpty()) {
            return;
        }
        try {
            File f = File.createTempFile("xtcp-it-", ".ip");
            try {
                Files.write(f.toPath(), lines);
                Cmd.Result r = force
                        ? Cmd.run(Duration.ofSeconds(60), List.of("ip", "-force", "-batch", f.toString()))
                        : Cmd.run(Duration.ofSeconds(60), List.of("ip", "-batch", f.toString()));
                if (!force) {
                    assertEquals(0, r.exit(), r::toString);
                }
            } finally {
                f.delete();
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Deletes what is left, ignoring errors; also any leftover of this prefix. */
    @Override
    public void close() {
        Set<String> all = new LinkedHashSet<>(live);
        try (var s = Files.newDirectoryStream(Path.of("/run/netns"), prefix + "*")) {
            s.forEach(p -> all.add(p.getFileName().toString()));
        } catch (IOException ignored) {
            // no folder: nothing left
        }
        List<String> lines = new ArrayList<>();
        all.forEach(n -> lines.add("netns del " + n));
        batch(lines, true);
        live.clear();
    }
}
