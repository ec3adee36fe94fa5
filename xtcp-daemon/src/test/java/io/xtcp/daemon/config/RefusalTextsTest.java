package io.xtcp.daemon.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xtcp.daemon.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first hour of a newcomer, scripted in-process: a short --poll-interval alone starts, the
 * refusals a newcomer meets read whole ({@code FLAG VALUE (SOURCE): what is wrong, and what to do}),
 * typos get picocli's suggestion, and a missing capture prints its error only.
 */
class RefusalTextsTest {
    @TempDir
    Path dir;

    /** Exit status, stdout and stderr of one in-process command line. */
    record Outcome(int status, String out, String err) {}

    static Outcome execute(Map<String, String> env, String... args) {
        PrintStream oldErr = System.err;
        PrintStream oldOut = System.out;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            int status = Main.execute(args, env);
            return new Outcome(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(oldErr);
            System.setOut(oldOut);
        }
    }

    static XtcpConfig parsed(Map<String, String> env, String... runArgs) throws Exception {
        ConfigSources sources = ConfigSources.from(runArgs, env);
        picocli.CommandLine.ParseResult pr = Main.commandLine(sources).parseArgs(runArgs);
        return RunOptionsAccess.config(pr.subcommand().commandSpec().userObject());
    }

    @Test
    void thePollTimeoutDefaultsToTheSmallerOf8sAnd80PercentOfTheInterval() throws Exception {
        assertEquals(Duration.ofSeconds(8), parsed(Map.of(), "run").pollTimeout(), "10s interval: 8s");
        assertEquals(Duration.ofMillis(800), parsed(Map.of(), "run", "--poll-interval", "1s").pollTimeout());
        assertEquals(Duration.ofMillis(80), parsed(Map.of(), "run", "--poll-interval", "100ms").pollTimeout());
        assertEquals(Duration.ofSeconds(8), parsed(Map.of(), "run", "--poll-interval", "1m").pollTimeout());
        assertEquals(Duration.ofMillis(4000), parsed(Map.of("XTCP_POLL_INTERVAL", "5s"), "run").pollTimeout(), "interval from the environment");
        assertEquals(Duration.ofMillis(300), parsed(Map.of("XTCP_POLL_TIMEOUT", "300ms"), "run", "--poll-interval", "1s").pollTimeout(),
                "a timeout given anywhere is kept");
    }

    @Test
    void aGivenTimeoutNotBelowTheIntervalIsRefusedSayingWhatToDo() {
        Outcome o = execute(Map.of(), "run", "--poll-interval", "1s", "--poll-timeout", "1s");
        assertEquals(2, o.status(), o.err());
        assertEquals("xtcp: --poll-timeout 1s (flag): --poll-timeout (1s) must be below --poll-interval (1s): "
                + "set --poll-timeout 800ms or less, or leave it unset\n", o.err());
        Outcome env = execute(Map.of("XTCP_POLL_TIMEOUT", "20s"), "run");
        assertEquals("xtcp: XTCP_POLL_TIMEOUT=20s (environment): --poll-timeout (20s) must be below --poll-interval (10s): "
                + "set --poll-timeout 8s or less, or leave it unset\n", env.err());
    }

    @Test
    void refusalsWhoseFixIsNotObviousSayIt() throws Exception {
        Outcome q = execute(Map.of(), "run", "--queue-max-bytes", "64KiB", "--envelope-max-bytes", "128KiB");
        assertEquals(2, q.status(), q.err());
        assertTrue(q.err().contains("raise --queue-max-bytes to 128KiB or more, or lower --envelope-max-bytes"), q.err());
        Path shortToken = dir.resolve("token");
        java.nio.file.Files.writeString(shortToken, "short\n");
        Outcome t = execute(Map.of(), "run", "--http-token-file", shortToken.toString(), "--http-listen", "127.0.0.1:0");
        assertEquals("xtcp: --http-token-file " + shortToken + " (flag): the token must be at least 16 characters "
                + "(make one: head -c 32 /dev/urandom | base64 > FILE)\n", t.err());
        Outcome p = execute(Map.of(), "run", "--profile-mode", "cpu");
        assertTrue(p.err().contains("needs --profile-out FILE (the recording's name, ending in .jfr"), p.err());
    }

    @Test
    void aMistypedOptionGetsASuggestion() {
        Outcome o = execute(Map.of(), "run", "--poll-intervl", "1s");
        assertEquals(2, o.status(), o.err());
        assertTrue(o.err().startsWith("xtcp: Unknown options: '--poll-intervl', '1s'. Did you mean: --poll-interval"), o.err());
        assertEquals(1, o.err().split("\n").length, "one line: " + o.err());
        assertEquals("", o.out());
    }

    @Test
    void aMistypedCommandGetsASuggestion() {
        Outcome o = execute(Map.of(), "dmp");
        assertEquals(2, o.status(), o.err());
        assertEquals("xtcp: Unmatched argument at index 0: 'dmp'. Did you mean: dump? (see 'xtcp --help')\n", o.err());
    }

    @Test
    void aMissingTokenFileIsNamedOnce() {
        Outcome o = execute(Map.of(), "run", "--http-token-file", "/nonexistent-xtcp/token", "--http-listen", "127.0.0.1:0");
        assertEquals(2, o.status(), o.err());
        assertEquals("xtcp: --http-token-file /nonexistent-xtcp/token (flag): no such file\n", o.err());
    }

    @Test
    void aBusyPortNamesTheFlagTheAddressAndTheSource() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String address = "127.0.0.1:" + busy.getLocalPort();
            for (String flag : new String[] {"--http-listen", "--metrics-listen"}) {
                String other = flag.equals("--http-listen") ? "--metrics-listen" : "--http-listen";
                Outcome o = execute(Map.of(), "run", flag, address, other, "off", "--max-polls", "1", "--dest", "null:");
                assertEquals(2, o.status(), o.err());
                assertTrue(o.err().startsWith("xtcp: " + flag + " " + address + " (flag): address already in use ("), o.err());
                assertEquals(1, o.err().split("\n").length, o.err());
            }
        }
    }

    @Test
    void aMissingProfileFolderIsRefusedAtTheStart() {
        Path out = dir.resolve("no/such/run.jfr");
        Outcome o = execute(Map.of(), "run", "--profile-mode", "cpu", "--profile-out", out.toString(), "--max-polls", "1",
                "--dest", "null:", "--http-listen", "off");
        assertEquals(2, o.status(), o.err());
        assertEquals("xtcp: --profile-out " + out + " (flag): no such folder " + out.getParent()
                + " (create it first, or name a file in an existing folder)\n", o.err());
    }

    @Test
    void decodingAMissingCapturePrintsTheErrorOnly() throws Exception {
        // a child JVM: the printers write to file descriptor 1, which System.setOut does not catch
        io.xtcp.daemon.XtcpSubprocess.Outcome o = io.xtcp.daemon.XtcpSubprocess.run("decode", "--format", "table",
                dir.resolve("capture.pcap").toString());
        assertEquals(2, o.status(), o.err());
        assertEquals("", o.out(), "no table header before the error");
        assertEquals("xtcp: " + dir.resolve("capture.pcap") + ": no such file\n", o.err());
    }
}
