package io.xtcp.daemon.profile;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
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
import org.junit.jupiter.api.Assumptions;

/**
 * {@code xtcp run} as its own process, from this module's class path (java io.xtcp.daemon.Main),
 * with a clean environment (no inherited XTCP_* or PYROSCOPE_*) and its log in a file. Needs
 * CAP_NET_ADMIN and CAP_SYS_ADMIN like the daemon: missing, the test is skipped, or fails under CI=true.
 */
final class DaemonProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("http side server listening on 127\\.0\\.0\\.1:(\\d+)");

    final Process process;
    final Path log;

    private DaemonProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static void requireCapabilities() throws IOException {
        long eff = 0;
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("CapEff:")) {
                eff = Long.parseUnsignedLong(line.substring(7).trim(), 16);
            }
        }
        boolean ok = (eff & (1L << 12)) != 0 && (eff & (1L << 21)) != 0;
        if (!ok) {
            String why = "needs CAP_NET_ADMIN and CAP_SYS_ADMIN to run the daemon (CapEff=" + Long.toHexString(eff) + ")";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI=true: " + why);
            }
            Assumptions.abort(why);
        }
    }

    static DaemonProcess start(Path dir, Map<String, String> env, String... runArgs) throws IOException {
        requireCapabilities();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), "io.xtcp.daemon.Main", "run"));
        cmd.addAll(List.of(runArgs));
        Path log = Files.createTempFile(dir, "daemon-", ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("XTCP_") || k.startsWith("PYROSCOPE_"));
        pb.environment().putAll(env);
        return new DaemonProcess(pb.start(), log);
    }

    String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** Waits until the log has {@code text}; fails with the log when the process exits or time runs out. */
    void awaitLog(String text, Duration timeout) throws InterruptedException {
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
    int httpPort() throws InterruptedException {
        awaitLog("http side server listening on", Duration.ofSeconds(30));
        Matcher m = LISTENING.matcher(log());
        if (!m.find()) {
            fail("no listening line in:\n" + log());
        }
        return Integer.parseInt(m.group(1));
    }

    /** Waits for the process to exit by itself; its status. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            fail("daemon still running after " + timeout + ":\n" + log());
        }
        return process.exitValue();
    }

    /** SIGTERM, then its exit status. */
    int terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        return awaitExit(timeout);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
