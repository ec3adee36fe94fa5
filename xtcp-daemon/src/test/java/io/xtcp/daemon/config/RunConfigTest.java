package io.xtcp.daemon.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xtcp.daemon.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad configuration from any source is one clear error and exit status 2, before anything starts. */
class RunConfigTest {
    @TempDir
    static Path dir;

    static int run(Map<String, String> env, String... args) {
        return Main.execute(args, env);
    }

    static String stderrOf(Map<String, String> env, String... args) {
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true));
        try {
            int code = Main.execute(args, env);
            return code + "|" + buf;
        } finally {
            System.setErr(old);
        }
    }

    static Path file(String name, String content) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    static List<Arguments> badConfigs() throws Exception {
        return List.of(
                Arguments.of("interval below timeout (flags)", Map.of(), new String[] {"--poll-interval", "5s", "--poll-timeout", "5s"}, "--poll-timeout"),
                Arguments.of("bad duration (flag)", Map.of(), new String[] {"--poll-interval", "ten"}, "--poll-interval"),
                Arguments.of("bad duration (env)", Map.of("XTCP_POLL_INTERVAL", "soon"), new String[] {}, "XTCP_POLL_INTERVAL"),
                Arguments.of("negative size", Map.of(), new String[] {"--envelope-max-bytes", "-5"}, "--envelope-max-bytes"),
                Arguments.of("bad size (file)", Map.of(), new String[] {"--config", file("a.conf", "envelope-max-bytes = lots\n").toString()}, "envelope-max-bytes"),
                Arguments.of("unknown file key", Map.of(), new String[] {"--config", file("b.conf", "poll-intervall = 10s\n").toString()}, "poll-intervall"),
                Arguments.of("unknown env variable", Map.of("XTCP_POLL_INTERVALL", "10s"), new String[] {}, "XTCP_POLL_INTERVALL"),
                Arguments.of("missing config file", Map.of(), new String[] {"--config", "/nonexistent/xtcp.conf"}, "/nonexistent/xtcp.conf"),
                Arguments.of("malformed file line", Map.of(), new String[] {"--config", file("c.conf", "just words\n").toString()}, "c.conf:1"),
                Arguments.of("negative old-generation headroom", Map.of("XTCP_OLD_GEN_HEADROOM", "-1"), new String[] {}, "XTCP_OLD_GEN_HEADROOM"),
                Arguments.of("negative queue wait (env)", Map.of("XTCP_QUEUE_MAX_WAIT", "-1s"), new String[] {}, "XTCP_QUEUE_MAX_WAIT"),
                Arguments.of("negative queue wait (ISO flag)", Map.of(), new String[] {"--queue-max-wait", "PT-1S"}, "--queue-max-wait"),
                Arguments.of("zero sink staleness (flag)", Map.of(), new String[] {"--sink-stale-after", "0s"}, "--sink-stale-after"),
                Arguments.of("negative sink staleness (env)", Map.of("XTCP_SINK_STALE_AFTER", "-5s"), new String[] {}, "XTCP_SINK_STALE_AFTER"),
                Arguments.of("bad sink staleness (file)", Map.of(), new String[] {"--config", file("d.conf", "sink-stale-after = soon\n").toString()}, "sink-stale-after"),
                Arguments.of("bad overflow policy", Map.of(), new String[] {"--overflow", "panic"}, "--overflow"),
                Arguments.of("bad states", Map.of(), new String[] {"--states", "sleepy"}, "--states"),
                Arguments.of("bad decoders", Map.of(), new String[] {"--decoders", "info,teleport"}, "teleport"),
                Arguments.of("jitter out of range", Map.of(), new String[] {"--poll-jitter", "0.9"}, "--poll-jitter"),
                Arguments.of("jitter not a number", Map.of(), new String[] {"--poll-jitter", "NaN"}, "--poll-jitter"),
                Arguments.of("zero threads", Map.of(), new String[] {"--poll-threads", "0"}, "--poll-threads"),
                Arguments.of("unknown flag", Map.of(), new String[] {"--pol-interval", "1s"}, "--pol-interval"),
                Arguments.of("bad log format", Map.of("XTCP_LOG_FORMAT", "xml"), new String[] {}, "--log-format"),
                Arguments.of("unknown destination scheme", Map.of(), new String[] {"--dest", "carrier-pigeon://coop"}, "known schemes"),
                Arguments.of("destination without scheme", Map.of(), new String[] {"--dest", "localhost:9092"}, "--dest"),
                Arguments.of("unknown marshaller", Map.of("XTCP_MARSHAL", "xml"), new String[] {}, "--marshal"),
                Arguments.of("unknown csv column", Map.of(), new String[] {"--marshal", "csv", "--columns", "tcp_info_warp_speed"}, "tcp_info_warp_speed"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badConfigs")
    void badValueIsExit2AndNamed(String what, Map<String, String> env, String[] args, String named) {
        String[] full = new String[args.length + 1];
        full[0] = "run";
        System.arraycopy(args, 0, full, 1, args.length);
        String result = stderrOf(env, full);
        String[] parts = result.split("\\|", 2);
        assertEquals("2", parts[0], what + ": " + parts[1]);
        assertTrue(parts[1].contains(named), what + ": message names " + named + ": " + parts[1]);
    }

    @Test
    void precedenceIsFlagThenEnvThenFileThenDefault() throws Exception {
        Path conf = file("p.conf", "poll-interval = 30s\npoll-timeout = 12s\nlabel = from-file\ntag = file-tag\n");
        Map<String, String> env = Map.of("XTCP_POLL_INTERVAL", "20s", "XTCP_LABEL", "from-env");
        ConfigSources sources = ConfigSources.from(new String[] {"--config", conf.toString()}, env);
        picocli.CommandLine cl = Main.commandLine(sources);
        picocli.CommandLine.ParseResult pr = cl.parseArgs("run", "--config", conf.toString(), "--poll-interval", "15s");
        Object run = pr.subcommand().commandSpec().userObject();
        XtcpConfig c = RunOptionsAccess.config(run);
        assertEquals(Duration.ofSeconds(15), c.pollInterval(), "flag wins");
        assertEquals("from-env", c.label(), "env wins over file");
        assertEquals("file-tag", c.tag(), "file wins over default");
        assertEquals(Duration.ofSeconds(12), c.pollTimeout(), "file value used when nothing else sets it");
        assertEquals(10_000, c.envelopeMaxRows(), "default");
        assertEquals(24L << 20, c.oldGenHeadroom(), "default");
        assertEquals("stdout:", c.dest());
        assertEquals("jsonl", c.marshal().flagName(), "auto marshal for stdout");
    }

    @Test
    void theLaunchersOwnVariablesAreNotOptions() throws Exception {
        // bin/xtcp reads these itself and passes the environment on; they must not fail the parse.
        Map<String, String> env = Map.of("XTCP_JAVA_OPTS", "-Xmx64m", "XTCP_REBUILD", "0", "XTCP_JAR", "/x.jar",
                "XTCP_CDS", "0", "XTCP_CACHE_DIR", "/var/cache/x", "XTCP_HEAP", "256m", "XTCP_LABEL", "from-env");
        ConfigSources sources = ConfigSources.from(new String[0], env);
        picocli.CommandLine.ParseResult pr = Main.commandLine(sources).parseArgs("run");
        sources.checkKnown(pr.subcommand().commandSpec()); // what `run` does first: unknown XTCP_* names fail here
        XtcpConfig c = RunOptionsAccess.config(pr.subcommand().commandSpec().userObject());
        assertEquals("from-env", c.label());
        // The launcher's header lists the variables it reads: the two lists agree.
        String launcher = java.nio.file.Files.readString(java.nio.file.Path.of("../bin/xtcp"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\$\\{?(XTCP_[A-Z_]+)").matcher(launcher);
        java.util.Set<String> read = new java.util.TreeSet<>();
        while (m.find()) {
            read.add(m.group(1));
        }
        assertEquals(new java.util.TreeSet<>(ConfigSources.LAUNCHER_ENV), read, "variables bin/xtcp reads");
    }

    @Test
    void secretsAreHiddenInTheStartupLine() throws Exception {
        ConfigSources sources = ConfigSources.from(new String[0], Map.of());
        picocli.CommandLine cl = Main.commandLine(sources);
        picocli.CommandLine.ParseResult pr = cl.parseArgs("run", "--dest", "kafka://k:9092/t",
                "--dest-opt", "sasl.jaas.config=secret-stuff", "--dest-opt", "acks=all");
        XtcpConfig c = RunOptionsAccess.config(pr.subcommand().commandSpec().userObject());
        String line = c.describe();
        assertTrue(line.contains("acks=all"), line);
        assertTrue(!line.contains("secret-stuff") && line.contains("sasl.jaas.config=" + io.xtcp.dest.Redaction.HIDDEN), line);
        assertEquals("protobufList", c.marshal().flagName(), "auto marshal for kafka");
    }

    @Test
    void durationsAndSizesRead() {
        assertEquals(Duration.ofMillis(500), DurationConverter.parse("500ms"));
        assertEquals(Duration.ofMinutes(2), DurationConverter.parse("2m"));
        assertEquals(Duration.ofSeconds(10), DurationConverter.parse("PT10S"));
        assertEquals("10s", DurationConverter.format(Duration.ofSeconds(10)));
        assertEquals(768 * 1024, SizeConverter.parse("768KiB"));
        assertEquals(64L << 20, SizeConverter.parse("64MiB"));
    }
}
