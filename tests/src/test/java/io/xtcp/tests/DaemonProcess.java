package io.xtcp.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/xtcp run ARGS} as a separate process, its stdout and stderr in one log file. The
 * launcher execs java, so {@link #pid()} is the JVM's: signals and /proc/PID/status reach the
 * daemon itself. {@link #close()} kills it if it is still running.
 */
final class DaemonProcess implements AutoCloseable {
    private final Process process;
    private final Path log;

    private DaemonProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code bin/xtcp run ARGS} with no XTCP_* or sd_notify variables inherited; logs to {@code dir/xtcp.log}. */
    static DaemonProcess start(Path dir, List<String> args) throws IOException {
        Path log = dir.resolve("xtcp.log");
        List<String> argv = Xtcp.launcher("run");
        argv.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().keySet().removeIf(k -> k.startsWith("XTCP_") || k.startsWith("WATCHDOG_") || k.equals("NOTIFY_SOCKET"));
        return new DaemonProcess(pb.start(), log);
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** VmRSS of the daemon in KiB, from /proc/PID/status (the kernel's view); -1 once it is gone. */
    long rssKib() {
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

    /** Sends a signal with kill(1), e.g. "TERM". */
    void signal(String name) {
        Cmd.Result r = Cmd.run("kill", "-s", name, Long.toString(pid()));
        assertEquals(0, r.exit(), r::toString);
    }

    /** Waits for the exit (a deadline, not a measurement) and returns the status; fails with the log on timeout. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("xtcp run did not exit within " + timeout + "\n" + log());
        }
        return process.exitValue();
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(20, TimeUnit.SECONDS);
        }
    }
}
