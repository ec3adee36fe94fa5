package io.xtcp.daemon.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xtcp.testsupport.DaemonProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --profile-mode/--profile-out}: a real daemon process writes the whole run's profile when it exits. */
class WholeRunProfileTest {
    private static final String[] QUICK = {"--dest", "null:", "--netns", "self", "--http-listen", "off", "--poll-interval", "300ms",
        "--poll-timeout", "200ms", "--poll-jitter", "0"};

    @TempDir
    Path dir;

    private static String[] args(String... more) {
        String[] all = new String[QUICK.length + more.length];
        System.arraycopy(QUICK, 0, all, 0, QUICK.length);
        System.arraycopy(more, 0, all, QUICK.length, more.length);
        return all;
    }

    @Test
    void cpuProfileOfARunEndedByMaxPollsIsAPprofWithXtcpStacks() throws Exception {
        Path out = dir.resolve("run.pb.gz");
        try (DaemonProcess d = DaemonProcess.startFromClassPath(dir, Map.of(), args("--max-polls", "5", "--profile-mode", "cpu", "--profile-out", out.toString()))) {
            assertEquals(0, d.awaitExit(Duration.ofSeconds(60)), d.log());
            assertTrue(d.log().contains("wrote the whole-run cpu profile to " + out), d.log());
        }
        PprofProfile p = PprofProfile.parse(Files.readAllBytes(out));
        assertTrue(p.samples.size() > 0 && p.total() > 0, "samples");
        assertTrue(p.totalWithFrame("io/xtcp/") + p.totalWithFrame("io.xtcp.") > 0, "some samples run xtcp code");
        assertFalse(Files.list(dir).anyMatch(f -> f.getFileName().toString().endsWith(".part")), "no partial file left");
    }

    @Test
    void wallProfileOfARunEndedBySigtermIsAJfrTheJdkReads() throws Exception {
        Path out = dir.resolve("run.jfr");
        try (DaemonProcess d = DaemonProcess.startFromClassPath(dir, Map.of(), args("--profile-mode", "wall", "--profile-out", out.toString()))) {
            d.awaitLog("polling 1 namespace", Duration.ofSeconds(30));
            Thread.sleep(1500);
            assertFalse(Files.exists(out), "written at exit, not before");
            int status = d.terminate(Duration.ofSeconds(30));
            assertTrue(status == 0 || status == 143, "SIGTERM ends the JVM with 0 or 128+15: " + status + "\n" + d.log());
            assertTrue(d.log().contains("wrote the whole-run wall profile"), d.log());
        }
        long samples = 0;
        long xtcp = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(out)) {
            if (e.getEventType().getName().equals("profiler.WallClockSample")) {
                samples++;
                if (e.getStackTrace() != null && e.getStackTrace().getFrames().stream()
                        .anyMatch(f -> f.getMethod() != null && f.getMethod().getType().getName().startsWith("io.xtcp."))) {
                    xtcp++;
                }
            }
        }
        assertTrue(samples > 0, "wall-clock samples");
        assertTrue(xtcp > 0, "stacks in io.xtcp classes (the scheduler, the pollers)");
    }

    @Test
    void aMissingOutputDirectoryStopsTheDaemonAtStart() throws Exception {
        try (DaemonProcess d = DaemonProcess.startFromClassPath(dir, Map.of(),
                args("--max-polls", "1", "--profile-mode", "cpu", "--profile-out", dir.resolve("no/such/dir/run.jfr").toString()))) {
            int status = d.awaitExit(Duration.ofSeconds(60));
            assertEquals(2, status, d.log()); // refused with the settings, before anything starts
            assertTrue(d.log().contains("--profile-out") && d.log().contains("no such folder"), d.log());
        }
    }
}
