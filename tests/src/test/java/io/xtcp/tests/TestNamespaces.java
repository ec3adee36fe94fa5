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
import java.util.concurrent.TimeUnit;

/**
 * Namespaces made with {@code ip netns add} under a prefix unique to this run ({@code xtit<pid>x<hex>-}),
 * so parallel runs never touch each other's, and processes started inside them.
 * {@link #close()} kills those processes and deletes every namespace still there.
 */
final class TestNamespaces implements AutoCloseable {
    private final String prefix;
    private final Set<String> live = new LinkedHashSet<>();
    private final List<Process> processes = new ArrayList<>();

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

    /** Adds {@code prefix + suffix} with lo up; returns its name. */
    String create(String suffix) {
        String name = add(suffix);
        loopbackUp(List.of(name));
        return name;
    }

    /** Runs a command inside namespace {@code name} ({@code ip netns exec}) and requires exit 0; returns its stdout. */
    static String exec(String name, String... cmd) {
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", name));
        argv.addAll(List.of(cmd));
        Cmd.Result r = Cmd.run(Duration.ofSeconds(60), argv);
        assertEquals(0, r.exit(), r::toString);
        return r.out();
    }

    /**
     * Holds {@code perAddress} established loopback connections to a listener on {@code port} for
     * each address (e.g. 127.0.0.1 and ::1) inside namespace {@code name}, with the Python peer
     * conn_holder.py, and waits until they are all up. The peer runs until {@link #close()}.
     */
    void holdConnections(String name, int perAddress, int port, String... addresses) throws IOException, InterruptedException {
        Path script = Files.createTempFile("conn_holder", ".py");
        Path ready = Files.createTempFile("xtcp-ready", "");
        Files.delete(ready);
        try {
            try (var in = TestNamespaces.class.getResourceAsStream("/conn_holder.py")) {
                Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", name, "python3", script.toString(), ready.toString(),
                    Integer.toString(perAddress), Integer.toString(port)));
            cmd.addAll(List.of(addresses));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            processes.add(p);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(ready)) {
                if (!p.isAlive()) {
                    throw new IOException("connection holder in " + name + " exited " + p.exitValue());
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("connection holder in " + name + " not ready after 60s");
                }
                Thread.sleep(50);
            }
        } finally {
            Files.deleteIfExists(ready);
            Files.deleteIfExists(script);
        }
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

    /**
     * {@code --netns-exclude} arguments naming every namespace in /run/netns that is not one of
     * this instance's (another job's benchmark namespace, say), or none. Tests that dump
     * {@code --netns all} and look for their own port numbers use it: a foreign namespace may hold
     * a socket on the same port, legitimately.
     */
    List<String> excludeOthers() throws IOException {
        List<String> others = new ArrayList<>();
        Path dir = Path.of("/run/netns");
        if (Files.isDirectory(dir)) {
            try (var entries = Files.list(dir)) {
                entries.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(prefix)).sorted().forEach(others::add);
            }
        }
        return others.isEmpty() ? List.of() : List.of("--netns-exclude", String.join(",", others));
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

    /** Kills the processes started inside, then deletes what is left, ignoring errors; also any leftover of this prefix. */
    @Override
    public void close() {
        for (Process p : processes) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        processes.clear();
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
