package io.xtcp.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xtcp.testsupport.DaemonProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code xtcp healthcheck} as a container HEALTHCHECK runs it, against the real daemon listening
 * on xtcp2's {@code :PORT} form: 0 once a poll has delivered, 1 with the 503 reason while a
 * destination is stale (a closed UDP port), 1 "unreachable" once the daemon is gone.
 */
@Timeout(240)
class HealthcheckIT {
    static Cmd.Result healthcheck(int port) {
        return Cmd.run(Duration.ofSeconds(60), Xtcp.command("healthcheck", "--http-listen", ":" + port));
    }

    /** Runs healthcheck until it exits {@code exit} with a line starting {@code line}; returns that run. */
    static Cmd.Result await(int port, int exit, String line, Duration within) throws InterruptedException {
        long end = System.nanoTime() + within.toNanos();
        Cmd.Result r;
        do {
            r = healthcheck(port);
            if (r.exit() == exit && r.out().startsWith(line)) {
                return r;
            }
            Thread.sleep(300);
        } while (System.nanoTime() < end);
        throw new AssertionError("healthcheck never exited " + exit + "; last: " + r.exit() + " " + r.out() + r.err());
    }

    @Test
    void readyNotReadyAndGone() throws Exception {
        Xtcp.requireRootAnd();
        Path dir = E2e.tempDir("xtcp-healthcheck");
        int http = Metrics.freePort();
        List<String> common = List.of("--netns", "self", "--poll-interval", "1s", "--poll-timeout", "500ms", "--poll-jitter", "0",
                "--sink-stale-after", "2s", "--http-listen", ":" + http);
        try (DaemonProcess d = DaemonProcess.start(Xtcp.command("run"), dir, concat(common, "--dest", "null:"))) {
            Cmd.Result ok = await(http, 0, "ready: ", Duration.ofSeconds(60));
            assertTrue(ok.out().startsWith("ready: 127.0.0.1:" + http + "/readyz answered 200"), ok.out());
            assertEquals(1, ok.out().strip().lines().count(), ok.out());
        }
        Cmd.Result gone = healthcheck(http);
        assertEquals(1, gone.exit(), gone.out() + gone.err());
        assertTrue(gone.out().startsWith("unreachable: 127.0.0.1:" + http), gone.out());

        int closed = Metrics.freePort();
        int http2 = Metrics.freePort();
        List<String> udp = new java.util.ArrayList<>(common);
        udp.set(udp.size() - 1, ":" + http2);
        try (DaemonProcess d = DaemonProcess.start(Xtcp.command("run"), dir, concat(udp, "--dest", "udp://127.0.0.1:" + closed))) {
            Cmd.Result notReady = await(http2, 1, "not ready: ", Duration.ofSeconds(60));
            assertTrue(notReady.out().startsWith("not ready: 127.0.0.1:" + http2 + "/readyz answered 503: not ready: "), notReady.out());
        }
    }

    private static List<String> concat(List<String> a, String... b) {
        List<String> out = new java.util.ArrayList<>(a);
        out.addAll(List.of(b));
        return out;
    }
}
