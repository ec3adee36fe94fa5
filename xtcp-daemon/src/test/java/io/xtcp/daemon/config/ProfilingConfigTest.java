package io.xtcp.daemon.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The profiling flags: each bad value or combination is exit 2 naming the flag, from flags and XTCP_* alike. */
class ProfilingConfigTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--profile-mode bogus|--profile-mode must be one of",
        "--profile-mode cpu|needs --profile-out",
        "--profile-out /tmp/x.jfr|--profile-out needs --profile-mode",
        "--profile-mode cpu --profile-out /tmp/x.svg|must end in",
        "--pyroscope-url ftp://example.org|--pyroscope-url must be an http",
        "--pyroscope-url http://127.0.0.1:4040 --profile-mode cpu --profile-out /tmp/x.jfr|use one of them",
        "--pyroscope-event cpu,wall|one of cpu, itimer, wall",
        "--pyroscope-event cpu,heap|--pyroscope-event takes",
        "--pyroscope-app a/b|--pyroscope-app must be",
        "--pyroscope-upload-interval 100ms|at least 1s"})
    void badProfilingFlagsAreExit2(String flags, String message) {
        String[] args = ("run " + flags).split(" ");
        String out = RunConfigTest.stderrOf(Map.of(), args);
        assertTrue(out.startsWith("2|"), out);
        assertTrue(out.contains(message), out);
    }

    @Test
    void profilingFlagsComeFromTheEnvironmentToo() {
        String out = RunConfigTest.stderrOf(Map.of("XTCP_PROFILE_MODE", "cpu", "XTCP_PROFILE_OUT", "/tmp/run.txt"), "run");
        assertTrue(out.startsWith("2|") && out.contains("--profile-out /tmp/run.txt"), out);
    }

    @Test
    void formatsFollowTheExtensionAndCredentialsStayOutOfTheLog() {
        assertEquals(".pb.gz", ProfilingConfig.suffixOf(Path.of("/var/tmp/xtcp.pb.gz")));
        assertEquals(".collapsed", ProfilingConfig.suffixOf(Path.of("run.collapsed")));
        assertNull(ProfilingConfig.suffixOf(Path.of(".jfr")));
        ProfilingConfig c = new ProfilingConfig("off", null, "https://user:s3cret@pyro.example:4040", null, "itimer,alloc",
                Duration.ofSeconds(15));
        assertTrue(c.problems().isEmpty(), c.problems().toString());
        assertFalse(c.describe().contains("s3cret"), c.describe());
        assertTrue(c.describe().contains("https://pyro.example:4040"), c.describe());
        assertEquals(java.util.List.of("itimer", "alloc"), c.pyroscopeEvents());
        assertTrue(ProfilingConfig.none().problems().isEmpty());
    }
}
