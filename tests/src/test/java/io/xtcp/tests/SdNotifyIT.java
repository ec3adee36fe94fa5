package io.xtcp.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code xtcp run} under a service manager's eyes: NOTIFY_SOCKET points at a datagram socket
 * this test owns (bound by Python, not by the code under test) and the daemon must say READY=1
 * after its first poll, ping WATCHDOG=1 at half of WATCHDOG_USEC, and say STOPPING=1 on SIGTERM.
 */
class SdNotifyIT {
    @TempDir
    Path dir;

    private static final List<String> RUN = List.of("run", "--dest", "null:", "--poll-interval", "1s",
            "--poll-timeout", "500ms", "--http-listen", "off");

    private static Process startDaemon(Path dir, Map<String, String> env, String... extra) throws IOException {
        List<String> args = new ArrayList<>(RUN);
        args.addAll(List.of(extra));
        ProcessBuilder pb = new ProcessBuilder(Xtcp.launcher(args.toArray(String[]::new)))
                .redirectOutput(dir.resolve("stdout").toFile())
                .redirectError(dir.resolve("stderr").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("XTCP_") || k.startsWith("WATCHDOG_") || k.equals("NOTIFY_SOCKET"));
        pb.environment().putAll(env);
        return pb.start();
    }

    private static String log(Path dir) throws IOException {
        return Files.readString(dir.resolve("stderr"));
    }

    @Test
    void readyThenWatchdogPingsThenStoppingOnSigterm() throws Exception {
        Xtcp.requireRootAnd("python3");
        String socket = dir.resolve("notify.sock").toString();
        Process daemon = null;
        try (NotifyReceiver receiver = NotifyReceiver.bind(socket)) {
            // WATCHDOG_USEC 2s: pings every second
            daemon = startDaemon(dir, Map.of("NOTIFY_SOCKET", socket, "WATCHDOG_USEC", "2000000"));
            NotifyReceiver.Notification ready = receiver.await("READY=1", 60_000);
            assertNotNull(ready, "no READY=1; saw " + receiver.seen() + "\n" + log(dir));
            assertTrue(ready.assignments().stream().anyMatch(a -> a.startsWith("STATUS=1 polls, 0 failed")),
                    "READY=1 comes with a status line: " + ready);
            NotifyReceiver.Notification ping1 = receiver.await("WATCHDOG=1", 5_000);
            NotifyReceiver.Notification ping2 = receiver.await("WATCHDOG=1", 5_000);
            assertNotNull(ping1, "no WATCHDOG=1 after READY=1; saw " + receiver.seen());
            assertNotNull(ping2, "only one WATCHDOG=1 after READY=1; saw " + receiver.seen());
            double gap = ping2.at() - ping1.at();
            assertTrue(gap > 0.3 && gap < 4.5, "pings every WATCHDOG_USEC/2 = 1s (loose: the machine may be busy), got " + gap + "s apart");

            daemon.destroy(); // SIGTERM
            NotifyReceiver.Notification stopping = receiver.await("STOPPING=1", 15_000);
            assertNotNull(stopping, "no STOPPING=1 after SIGTERM; saw " + receiver.seen() + "\n" + log(dir));
            assertTrue(daemon.waitFor(20, TimeUnit.SECONDS), "daemon did not exit after SIGTERM");
            assertTrue(log(dir).contains("xtcp stopped"), "the daemon closed what it owns before the JVM halted:\n" + log(dir));
        } finally {
            if (daemon != null) {
                daemon.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void abstractSocketNameAndNoWatchdogWithoutWatchdogUsec() throws Exception {
        Xtcp.requireRootAnd("python3");
        String socket = "@xtcp-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        Process daemon = null;
        try (NotifyReceiver receiver = NotifyReceiver.bind(socket)) {
            daemon = startDaemon(dir, Map.of("NOTIFY_SOCKET", socket), "--max-polls", "3");
            assertNotNull(receiver.await("READY=1", 60_000), "no READY=1 on " + socket + "; saw " + receiver.seen() + "\n" + log(dir));
            assertNotNull(receiver.await("STOPPING=1", 15_000), "no STOPPING=1 after --max-polls; saw " + receiver.seen());
            assertTrue(daemon.waitFor(20, TimeUnit.SECONDS), "daemon did not exit after --max-polls");
            assertEquals(0, daemon.exitValue(), log(dir));
            assertTrue(receiver.seen().stream().noneMatch(n -> n.has("WATCHDOG=1")), "no WATCHDOG_USEC, no pings: " + receiver.seen());
            assertEquals(1, receiver.seen().stream().filter(n -> n.has("READY=1")).count(), "READY=1 once: " + receiver.seen());
        } finally {
            if (daemon != null) {
                daemon.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
