package io.xtcp.daemon.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xtcp.daemon.Main;
import io.xtcp.daemon.run.Verdict;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code xtcp healthcheck} against a real side server: exit 0 and one line when /readyz is 200,
 * 1 when it is 503 or nothing listens, 2 for bad flags; {@code :PORT} and XTCP_HTTP_LISTEN as for run.
 */
class HealthcheckCommandTest {
    @TempDir
    Path dir;

    /** {exit status, stdout, stderr}. */
    static String[] run(Map<String, String> env, String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        try {
            String[] all = new String[args.length + 1];
            all[0] = "healthcheck";
            System.arraycopy(args, 0, all, 1, args.length);
            int code = Main.execute(all, env);
            return new String[] {String.valueOf(code), o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void readyIsZeroAndNotReadyIsOne() throws Exception {
        try (ServerFixture f = new ServerFixture()) {
            f.start();
            f.daemon.readiness = Verdict.no("no poll has completed yet");
            String[] r = run(Map.of(), "--http-listen", "127.0.0.1:" + f.port());
            assertEquals("1", r[0], r[1] + r[2]);
            assertTrue(r[1].startsWith("not ready: 127.0.0.1:" + f.port() + "/readyz answered 503: not ready: no poll has completed yet"), r[1]);
            assertEquals(1, r[1].strip().lines().count(), "one line");
            f.daemon.readiness = Verdict.yes("ready");
            r = run(Map.of(), "--http-listen", ":" + f.port());
            assertEquals("0", r[0], r[1] + r[2]);
            assertTrue(r[1].startsWith("ready: 127.0.0.1:" + f.port() + "/readyz answered 200"), r[1]);
            r = run(Map.of("XTCP_HTTP_LISTEN", "127.0.0.1:" + f.port()));
            assertEquals("0", r[0], "XTCP_HTTP_LISTEN, as for run: " + r[1] + r[2]);
            Path token = Files.writeString(dir.resolve("token"), "0123456789abcdef-health\n");
            r = run(Map.of(), "--http-listen", "127.0.0.1:" + f.port(), "--http-token-file", token.toString());
            assertEquals("0", r[0], r[1] + r[2]);
        }
    }

    @Test
    void aClosedPortIsOneAndBadFlagsAreTwo() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String[] r = run(Map.of(), "--http-listen", "127.0.0.1:" + port);
        assertEquals("1", r[0], r[1] + r[2]);
        assertTrue(r[1].startsWith("unreachable: 127.0.0.1:" + port + " (--http-listen 127.0.0.1:" + port + "): ") && r[1].contains("refused"), r[1]);
        assertEquals("2", run(Map.of(), "--http-listen", "off")[0]);
        String[] bad = run(Map.of(), "--http-listen", "nowhere");
        assertEquals("2", bad[0]);
        assertTrue(bad[2].contains("--http-listen"), bad[2]);
        String[] missing = run(Map.of(), "--http-token-file", dir.resolve("absent").toString());
        assertEquals("2", missing[0]);
        assertTrue(missing[2].contains("--http-token-file"), missing[2]);
    }
}
