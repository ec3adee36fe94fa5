package io.xtcp.daemon.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xtcp.daemon.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bad setting, given as a flag, as an XTCP_* variable and as a --config file key, is refused
 * in-process by {@link Main#execute}: exit status 2, exactly one line on stderr naming where the value
 * came from ({@code --x v (flag)}, {@code XTCP_X=v (environment)}, {@code FILE:LINE: x = v}),
 * nothing on stdout, and nothing started or written: the run's own folder (its file destination,
 * spool and profile) stays empty. Each run carries {@code --max-polls 1} and a file destination, so
 * a setting wrongly accepted would poll once, write the file and fail the case rather than hang.
 */
class BadSettingsTableTest {
    @TempDir
    static Path dir;
    static ServerSocket busy;
    static Path fifo;

    /** One bad value of one option; {@code extra} flags make it meaningful (e.g. a udp --dest for a udp option). */
    record Bad(String option, String value, boolean inFile, List<String> extra) {}

    @BeforeAll
    static void machine() throws Exception {
        busy = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        fifo = dir.resolve("fifo");
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertEquals(0, p.waitFor(), "mkfifo");
        Files.writeString(dir.resolve("short-token"), "short\n");
        Files.createDirectories(dir.resolve("a-folder"));
    }

    @AfterAll
    static void close() throws Exception {
        busy.close();
    }

    static Bad bad(String option, String value, String... extra) {
        return new Bad(option, value, !value.contains("\n") && value.strip().equals(value) && value.length() < 100_000, List.of(extra));
    }

    static List<Bad> values() {
        String esc = "x\u001b[2J";
        String udp = "udp://127.0.0.1:9";
        List<Bad> b = new ArrayList<>(List.of(
                bad("poll-interval", "0s"), bad("poll-interval", "-1s"), bad("poll-interval", "50ms"), bad("poll-interval", "25h"),
                bad("poll-interval", "99999999999999999999h"), bad("poll-interval", "ten"), bad("poll-interval", "1x"),
                bad("poll-jitter", "NaN"), bad("poll-jitter", "-0.1"), bad("poll-jitter", "0.5"), bad("poll-jitter", "Infinity"),
                bad("poll-jitter", "abc"),
                bad("poll-timeout", "0s"), bad("poll-timeout", "20s"), bad("poll-timeout", "-1s"), bad("poll-timeout", "xyz"),
                bad("poll-timeout", "1s", "--poll-interval", "1s"), bad("poll-timeout", "900ms", "--poll-interval", "500ms"),
                bad("startup-jitter", "-1s"), bad("startup-jitter", "48h"), bad("startup-jitter", "soon"),
                bad("poll-threads", "0"), bad("poll-threads", "-3"), bad("poll-threads", "65"), bad("poll-threads", "99999999999"),
                bad("poll-threads", "two"),
                bad("max-polls", "-1"), bad("max-polls", "many"),
                bad("netns-reconcile", "1ns"), bad("netns-reconcile", "0s"), bad("netns-reconcile", "25h"), bad("netns-reconcile", "-5s"),
                bad("states", "0xFFFFFFFFF"), bad("states", "sleepy"), bad("states", ""), bad("states", "0x4000"), bad("states", "0xZZ"),
                bad("states", "established" + esc),
                bad("decoders", ""), bad("decoders", "teleport"), bad("decoders", "info,x"),
                bad("filter", "sport >"), bad("filter", "src 300.1.1.1"), bad("filter", "( sport = 1"), bad("filter", "dev nosuchdev0"),
                bad("filter", "sport = 1 " + esc),
                bad("request", "sideways"), bad("request", ""),
                bad("dest", "carrier-pigeon://x"), bad("dest", "kafka://h:notaport/t"), bad("dest", "udp://host"),
                bad("dest", "localhost:9092"), bad("dest", "file://relative/x"), bad("dest", "udp://h:0"), bad("dest", "udp://h:70000"),
                bad("dest", "kafka://h:9092/bad topic"), bad("dest", "stdout:x"), bad("dest", "null:" + esc),
                bad("dest-opt", "max.inflight=100000000", "--dest", udp), bad("dest-opt", "max.datagram.bytes=70000", "--dest", udp),
                bad("dest-opt", "send.timeout=forever", "--dest", udp), bad("dest-opt", "transport=carrier", "--dest", udp),
                bad("dest-opt", "colour=blue", "--dest", udp), bad("dest-opt", "acks=maybe", "--dest", "kafka://127.0.0.1:9/t"),
                bad("dest-opt", "linger.ms=-5", "--dest", "kafka://127.0.0.1:9/t"),
                bad("dest-opt", "bootstrap.servers=x:1", "--dest", "kafka://127.0.0.1:9/t"),
                bad("dest-opt", "retain=0", "--dest", "file:///nonexistent-xtcp/out.pb"),
                bad("dest-opt", "fsync=sometimes", "--dest", "file:///nonexistent-xtcp/out.pb"), bad("dest-opt", "a=b"),
                bad("marshal", "xml"), bad("columns", "tcp_info_warp_speed", "--marshal", "csv"),
                bad("envelope-max-rows", "0"), bad("envelope-max-rows", "2000000"),
                bad("envelope-max-bytes", "10"), bad("envelope-max-bytes", "100MiB"), bad("envelope-max-bytes", "lots"),
                bad("envelope-max-bytes", "-5"),
                bad("queue-max-envelopes", "0"), bad("queue-max-envelopes", "200000"),
                bad("queue-max-bytes", "1KiB"), bad("queue-max-bytes", "100GiB"),
                bad("queue-max-wait", "-1s"), bad("queue-max-wait", "2h"),
                bad("sink-stale-after", "0s"), bad("sink-stale-after", "-5s"), bad("sink-stale-after", "48h"),
                bad("overflow", "panic"), bad("spool-dir", "/etc/passwd"), bad("spool-dir", "/tmp/" + esc),
                bad("spool-max-bytes", "2048GiB"), bad("old-gen-headroom", "-1"), bad("old-gen-headroom", "100GiB"),
                bad("hostname", "h".repeat(254)), bad("hostname", "a\nb"), bad("hostname", "h".repeat(70_000)), bad("hostname", "host" + esc),
                bad("label", "l".repeat(41)), bad("label", "l".repeat(5_000_000)), bad("label", "label" + esc), bad("label", "a\nb"),
                bad("tag", "t".repeat(41)), bad("tag", "tag" + esc),
                bad("location", "l".repeat(254)), bad("location", "rack" + esc),
                bad("log-format", "xml"), bad("log-level", "loud"),
                bad("http-listen", "127.0.0.1:" + 0), bad("http-listen", "nohostport"), bad("http-listen", "1.2.3.4:99999"),
                bad("http-listen", "::1:80"),
                bad("metrics-listen", "127.0.0.1:0", "--http-listen", "off"), bad("metrics-listen", "nohostport", "--http-listen", "off"),
                bad("http-token-file", "/dev/zero"), bad("http-token-file", "FIFO"), bad("http-token-file", "/nonexistent/token"),
                bad("http-token-file", "SHORT"), bad("http-token-file", "FOLDER"),
                bad("http-auth", "none"), bad("http-max-connections", "0"), bad("http-max-connections", "20000"),
                bad("http-snapshot-records", "-1"), bad("http-snapshot-records", "200000"),
                bad("http-idle-timeout", "0s"), bad("http-idle-timeout", "48h"),
                bad("metrics-netns-labels", "maybe"),
                bad("profile-mode", "sometimes"), bad("profile-out", "/nonexistent-xtcp/a.jfr", "--profile-mode", "cpu"),
                bad("profile-out", "OUT/x.txt", "--profile-mode", "cpu"), bad("profile-out", "OUT/a.jfr"),
                bad("pyroscope-url", "ftp://x"), bad("pyroscope-url", "http://"), bad("pyroscope-app", "bad app!"),
                bad("pyroscope-event", "cpu,wall"), bad("pyroscope-event", "gpu"),
                bad("pyroscope-upload-interval", "100ms"), bad("pyroscope-upload-interval", "2h")));
        return b;
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Bad b : values()) {
            out.add(Arguments.of("flag", b));
            out.add(Arguments.of("environment", b));
            if (b.inFile()) {
                out.add(Arguments.of("file", b));
            }
        }
        return out.stream();
    }

    @Test
    void theTableHoldsAtLeast200Cases() {
        assertTrue(cases().count() >= 200, "cases: " + cases().count());
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void refusedBeforeAnythingStartsNamingTheSource(String source, Bad b) throws Exception {
        Path run = Files.createTempDirectory(dir, "run");
        String value = value(b.value(), run);
        String flag = "--" + b.option();
        List<String> args = new ArrayList<>(List.of("run"));
        Map<String, String> env = new LinkedHashMap<>();
        String expect;
        switch (source) {
            case "flag" -> {
                args.add(flag + "=" + value);
                expect = flag + " " + shownPrefix(value) ;
            }
            case "environment" -> {
                env.put(ConfigSources.envName(flag), value);
                expect = ConfigSources.envName(flag) + "=" + shownPrefix(value);
            }
            default -> {
                Path conf = dir.resolve(run.getFileName() + ".conf");
                Files.writeString(conf, "# a bad setting\n\n" + b.option() + " = " + value + "\n");
                args.add("--config");
                args.add(conf.toString());
                expect = conf + ":3: " + b.option() + " = " + shownPrefix(value);
            }
        }
        args.addAll(b.extra());
        guard(args, b, "--max-polls", "1");
        guard(args, b, "--dest", "file://" + run.resolve("out.pb"));
        guard(args, b, "--spool-dir", run.resolve("spool").toString());
        guard(args, b, "--http-listen", "127.0.0.1:" + busy.getLocalPort());

        PrintStream oldErr = System.err;
        PrintStream oldOut = System.out;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            status = Main.execute(args.toArray(String[]::new), env);
        } finally {
            System.setErr(oldErr);
            System.setOut(oldOut);
        }
        String stderr = err.toString(StandardCharsets.UTF_8);
        String what = source + " " + b + ": " + stderr;
        assertEquals(2, status, what);
        String[] lines = stderr.split("\n", -1);
        assertEquals(2, lines.length, "exactly one line: " + what);
        assertTrue(lines[0].startsWith("xtcp: " + expect), "names the source as '" + expect + "': " + what);
        assertTrue(!lines[0].contains("\u001b") && lines[0].length() < 1200, "escaped and short: " + what);
        assertEquals("", out.toString(StandardCharsets.UTF_8), "nothing on stdout: " + what);
        try (Stream<Path> left = Files.list(run)) {
            assertEquals(List.of(), left.toList(), "nothing written: " + what);
        }
        assertTrue(!Files.exists(Path.of("/nonexistent-xtcp")), what);
    }

    /** The start of how a message shows {@code value}: escaped, cut at SettingText.SHOWN characters. */
    private static String shownPrefix(String value) {
        String s = SettingText.shown(value);
        return s.length() > 40 ? s.substring(0, 40) : s;
    }

    /** Placeholders of values that need the machine: a FIFO, a short token, a folder, the run's own folder. */
    private static String value(String v, Path run) {
        return switch (v) {
            case "FIFO" -> fifo.toString();
            case "SHORT" -> dir.resolve("short-token").toString();
            case "FOLDER" -> dir.resolve("a-folder").toString();
            case "127.0.0.1:0" -> "127.0.0.1:" + busy.getLocalPort();
            default -> v.startsWith("OUT/") ? run.resolve(v.substring(4)).toString() : v;
        };
    }

    /** Adds a flag that keeps a wrongly accepted run short and inside its folder, unless the case sets that option. */
    private static void guard(List<String> args, Bad b, String flag, String value) {
        if (!flag.equals("--" + b.option()) && !b.extra().contains(flag)) {
            args.add(flag);
            args.add(value);
        }
    }
}
