package io.xtcp.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code xtcp run} as a separate process, its stdout and stderr in one log file, started one of
 * two ways: {@link #start(List, Path, List)} through a command such as {@code bin/xtcp run} (the
 * launcher execs java, so {@link #pid()} is the daemon JVM's and signals reach it), or
 * {@link #startFromClassPath} as {@code java io.xtcp.daemon.Main run} on this JVM's class path
 * (the daemon module's own tests, before any jar exists). Either way the environment is clean
 * (no inherited {@code XTCP_*}, {@code PYROSCOPE_*}, {@code WATCHDOG_*} or {@code NOTIFY_SOCKET}),
 * stdin is /dev/null, and the caller must hold CAP_NET_ADMIN and CAP_SYS_ADMIN like the daemon:
 * missing, the test is skipped, or fails under CI=true. {@link #close()} kills what still runs.
 */
public final class DaemonProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("http side server listening on 127\\.0\\.0\\.1:(\\d+)");

    private final Process process;
    private final Path log;

    private DaemonProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** {@code command ARGS} (e.g. {@code bin/xtcp run}), logging to {@code dir/xtcp.log}. */
    public static DaemonProcess start(List<String> command, Path dir, List<String> args) throws IOException {
        List<String> argv = new ArrayList<>(command);
        argv.addAll(args);
        return start(argv, dir.resolve("xtcp.log"), Map.of());
    }

    /**
     * {@code java io.xtcp.daemon.Main run ARGS} with this JVM's java and class path, a small serial
     * heap, {@code env} added; logs to a new file in {@code dir}.
     */
    public static DaemonProcess startFromClassPath(Path dir, Map<String, String> env, String... runArgs) throws IOException {
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), "io.xtcp.daemon.Main", "run"));
        argv.addAll(List.of(runArgs));
        return start(argv, Files.createTempFile(dir, "daemon-", ".log"), env);
    }

    private static DaemonProcess start(List<String> argv, Path log, Map<String, String> env) throws IOException {
        requireDaemonCapabilities();
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().keySet().removeIf(k -> k.startsWith("XTCP_") || k.startsWith("PYROSCOPE_")
                || k.startsWith("WATCHDOG_") || k.equals("NOTIFY_SOCKET"));
        pb.environment().putAll(env);
        return new DaemonProcess(pb.start(), log);
    }

    private static void requireDaemonCapabilities() {
        long eff = Prerequisites.effectiveCapabilities();
        boolean ok = (eff & (1L << Prerequisites.CAP_NET_ADMIN)) != 0 && (eff & (1L << Prerequisites.CAP_SYS_ADMIN)) != 0;
        Prerequisites.require(ok, "needs CAP_NET_ADMIN and CAP_SYS_ADMIN to run the daemon (CapEff=" + Long.toHexString(eff) + ")");
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** VmRSS of the daemon in KiB, from /proc/PID/status (the kernel's view); -1 once it is gone. */
    public long rssKib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid() + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // exited
        }
        return -1;
    }

    /** Sends a signal with kill(1), e.g. "TERM"; fails unless kill exits 0 within 60 s. */
    public void signal(String name) {
        List<String> kill = List.of("kill", "-s", name, Long.toString(pid()));
        try {
            Process p = new ProcessBuilder(kill).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (InputStream in = p.getInputStream()) {
                in.transferTo(out);
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail(kill + " did not finish in 60 s");
            }
            assertEquals(0, p.exitValue(), () -> kill + ": " + out.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + kill, e);
        }
    }

    /** The log so far. */
    public String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** Waits until the log has {@code text}; fails with the log when the process exits or time runs out. */
    public void awaitLog(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!log().contains(text)) {
            if (!process.isAlive()) {
                fail("daemon exited " + process.exitValue() + " before logging '" + text + "':\n" + log());
            }
            if (System.nanoTime() > deadline) {
                fail("no '" + text + "' in the daemon log after " + timeout + ":\n" + log());
            }
            Thread.sleep(50);
        }
    }

    /** The side server's port, from its start-up line. */
    public int httpPort() throws InterruptedException {
        awaitLog("http side server listening on", Duration.ofSeconds(30));
        Matcher m = LISTENING.matcher(log());
        if (!m.find()) {
            fail("no listening line in:\n" + log());
        }
        return Integer.parseInt(m.group(1));
    }

    /** Waits for the process to exit by itself (a deadline, not a measurement); its status. Fails with the log on timeout. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            fail("xtcp run did not exit within " + timeout + ":\n" + log());
        }
        return process.exitValue();
    }

    /** SIGTERM, then its exit status. */
    public int terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        return awaitExit(timeout);
    }

    /** Kills the daemon if it still runs and waits up to 20 s for it to go. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(20, TimeUnit.SECONDS);
        }
    }
}
