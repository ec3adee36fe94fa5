package io.xtcp.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A throw-away network namespace made with {@code ip netns add}, loopback up, with processes
 * started inside it. {@link #close()} kills them and deletes the namespace.
 */
public final class TestNamespace implements AutoCloseable {
    private static final AtomicInteger SEQ = new AtomicInteger();

    private final String name;
    private final List<Process> processes = new ArrayList<>();

    private TestNamespace(String name) {
        this.name = name;
    }

    /** Creates {@code <prefix>-<pid>-<n>} with lo up. */
    public static TestNamespace create(String prefix) throws IOException, InterruptedException {
        String name = prefix + "-" + ProcessHandle.current().pid() + "-" + SEQ.incrementAndGet();
        Proc.check("ip", "netns", "add", name);
        TestNamespace ns = new TestNamespace(name);
        try {
            ns.exec("ip", "link", "set", "lo", "up");
        } catch (IOException | RuntimeException e) {
            ns.close();
            throw e;
        }
        return ns;
    }

    public String name() {
        return name;
    }

    /** Runs a command inside and requires exit 0; returns its stdout. */
    public String exec(String... cmd) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
        full.addAll(List.of(cmd));
        return Proc.check(full.toArray(new String[0]));
    }

    /**
     * Holds {@code perAddress} established loopback connections to a listener on {@code port} for
     * each address (e.g. 127.0.0.1 and ::1), and waits until they are all up.
     */
    public void holdConnections(int perAddress, int port, String... addresses) throws IOException, InterruptedException {
        Path script = Files.createTempFile("conn_holder", ".py");
        Files.copy(TestNamespace.class.getResourceAsStream("/conn_holder.py"), script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path ready = Files.createTempFile("xtcp-ready", "");
        Files.delete(ready);
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
        Files.deleteIfExists(ready);
        Files.deleteIfExists(script);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        for (Process p : processes) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        Proc.run("ip", "netns", "del", name);
    }
}
