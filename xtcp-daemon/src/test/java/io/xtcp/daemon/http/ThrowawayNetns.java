package io.xtcp.daemon.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.xtcp.core.linux.Syscalls;
import io.xtcp.testsupport.Prerequisites;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace made for one test, with lo up and a veth pair (both ends inside) whose end
 * v0 holds {@link #ADDRESS}:
 * a real non-loopback address whose traffic never leaves the namespace. {@link #call} runs work on
 * one platform thread that entered it (and never leaves it), so the sockets it opens, and the
 * threads it starts, live there. Needs root: skipped without it, failed under CI=true.
 */
final class ThrowawayNetns implements AutoCloseable {
    static final String ADDRESS = "10.254.19.1";

    private final String name = "xtcp-http-test-" + ProcessHandle.current().pid();
    private final ExecutorService inside;

    ThrowawayNetns() throws Exception {
        Prerequisites.requireRoot("it makes a network namespace");
        Prerequisites.requireTool("ip", "iproute2");
        ip("netns", "add", name);
        try {
            ip("-n", name, "link", "set", "lo", "up");
            ip("-n", name, "link", "add", "v0", "type", "veth", "peer", "name", "v1");
            ip("-n", name, "addr", "add", ADDRESS + "/24", "dev", "v0");
            ip("-n", name, "link", "set", "v1", "up");
            ip("-n", name, "link", "set", "v0", "up");
        } catch (Throwable t) {
            ip("netns", "del", name);
            throw t;
        }
        inside = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "in-" + name);
            t.setDaemon(true);
            return t;
        });
        inside.submit(() -> {
            int fd = Syscalls.openReadOnly("/run/netns/" + name);
            try {
                Syscalls.setns(fd, Syscalls.CLONE_NEWNET, "/run/netns/" + name);
            } finally {
                Syscalls.close(fd);
            }
            return null;
        }).get(10, TimeUnit.SECONDS);
    }

    <T> T call(Callable<T> work) throws Exception {
        return inside.submit(work).get(5, TimeUnit.MINUTES);
    }

    private static void ip(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("ip"));
        cmd.addAll(List.of(args));
        Tools.Run r = Tools.run(cmd, null);
        assertEquals(0, r.exit(), cmd + ": " + r.output());
    }

    @Override
    public void close() throws Exception {
        inside.shutdownNow();
        ip("netns", "del", name);
    }
}
