package io.xtcp.daemon.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pyroscope.javaagent.EventType;
import io.pyroscope.javaagent.config.Config;
import io.xtcp.daemon.config.ProfilingConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the xtcp flags and the agent's own PYROSCOPE_* variables combine (flags win; no address, no agent). */
class PyroscopeConfigTest {
    private static ProfilingConfig flags(String url, String app, String event, Duration upload) {
        return new ProfilingConfig("off", null, url, app, event, upload);
    }

    @Test
    void noServerAddressMeansNoAgent() {
        assertTrue(PyroscopeProfiling.configure(flags(null, "a", "cpu", null), "h", "", Map.of("PYROSCOPE_APPLICATION_NAME", "x"), "/tmp")
                .isEmpty());
    }

    @Test
    void theAgentsVariablesAloneStartIt() {
        Config c = PyroscopeProfiling.configure(flags(null, null, null, null), "host-1", "",
                Map.of("PYROSCOPE_SERVER_ADDRESS", "http://10.0.0.1:4040", "PYROSCOPE_APPLICATION_NAME", "from-env",
                        "PYROSCOPE_UPLOAD_INTERVAL", "30s", "PYROSCOPE_LABELS", "team=net", "PYROSCOPE_PROFILER_EVENT", "wall"), "/tmp/x")
                .orElseThrow();
        assertEquals("http://10.0.0.1:4040", c.serverAddress);
        assertEquals("from-env", c.applicationName);
        assertEquals(Duration.ofSeconds(30), c.uploadInterval);
        assertEquals(EventType.WALL, c.profilingEvent);
        assertEquals(Map.of("team", "net", "host", "host-1"), c.labels);
        assertEquals("/tmp/x", String.valueOf(c.tmpDir));
    }

    @Test
    void flagsOverrideTheAgentsVariablesAndDefaultsFillTheRest() {
        Config c = PyroscopeProfiling.configure(flags("http://127.0.0.1:4040", "xtcp-edge", "itimer,alloc,lock", Duration.ofSeconds(2)),
                "host-2", "rack-7", Map.of("PYROSCOPE_SERVER_ADDRESS", "http://elsewhere:4040", "PYROSCOPE_APPLICATION_NAME", "env-name",
                        "PYROSCOPE_UPLOAD_INTERVAL", "30s", "XTCP_UNRELATED", "1"), "/tmp")
                .orElseThrow();
        assertEquals("http://127.0.0.1:4040", c.serverAddress);
        assertEquals("xtcp-edge", c.applicationName);
        assertEquals(Duration.ofSeconds(2), c.uploadInterval);
        assertEquals(EventType.ITIMER, c.profilingEvent);
        assertEquals(PyroscopeProfiling.ALLOC_THRESHOLD, c.profilingAlloc);
        assertEquals(PyroscopeProfiling.LOCK_THRESHOLD, c.profilingLock);
        assertEquals(Map.of("host", "host-2", "location", "rack-7"), c.labels);
        Config d = PyroscopeProfiling.configure(flags("http://127.0.0.1:4040", null, null, null), "h", "", Map.of(), "/tmp").orElseThrow();
        assertEquals(PyroscopeProfiling.DEFAULT_APP, d.applicationName);
    }

    @Test
    void agentEnabledFalseWins() {
        assertTrue(PyroscopeProfiling.configure(flags("http://127.0.0.1:4040", null, null, null), "h", "",
                Map.of("PYROSCOPE_AGENT_ENABLED", "false"), "/tmp").isEmpty());
    }

    /** xtcp2's PYROSCOPE_URL and PYROSCOPE_APP_NAME start the agent when nothing else names a server or an app. */
    @Test
    void xtcp2VariablesAreHonoured() {
        Config c = PyroscopeProfiling.configure(flags(null, null, null, null), "h", "",
                Map.of("PYROSCOPE_URL", "http://10.0.0.9:4040", "PYROSCOPE_APP_NAME", "xtcp2-fleet"), "/tmp").orElseThrow();
        assertEquals("http://10.0.0.9:4040", c.serverAddress);
        assertEquals("xtcp2-fleet", c.applicationName);
    }

    /** The flag (or its XTCP_* variable) wins over the agent's name, which wins over xtcp2's; each conflict is noted, without the password. */
    @Test
    void xtcp2VariablesRankLastAndConflictsAreNoted() {
        Map<String, String> env = Map.of("PYROSCOPE_URL", "http://u:pw@old:4040", "PYROSCOPE_APP_NAME", "old-app");
        Map<String, String> values = new java.util.HashMap<>();
        java.util.List<String> notes = PyroscopeEnvAliases.apply(flags("http://new:4040", "new-app", null, null), env, values);
        assertEquals(2, notes.size(), notes.toString());
        assertTrue(notes.get(0).startsWith("PYROSCOPE_URL=") && notes.get(0).contains("--pyroscope-url") && !notes.get(0).contains("pw"),
                notes.get(0));
        assertTrue(notes.get(1).contains("PYROSCOPE_APP_NAME=old-app ignored: --pyroscope-app"), notes.get(1));
        assertTrue(values.isEmpty(), "nothing taken from the xtcp2 names");
        Config c = PyroscopeProfiling.configure(flags("http://new:4040", "new-app", null, null), "h", "", env, "/tmp").orElseThrow();
        assertEquals("http://new:4040", c.serverAddress);
        assertEquals("new-app", c.applicationName);
        Map<String, String> agent = new java.util.HashMap<>(Map.of("PYROSCOPE_SERVER_ADDRESS", "http://agent:4040"));
        notes = PyroscopeEnvAliases.apply(flags(null, null, null, null), env, agent);
        assertEquals("http://agent:4040", agent.get("PYROSCOPE_SERVER_ADDRESS"));
        assertEquals("old-app", agent.get("PYROSCOPE_APPLICATION_NAME"));
        assertTrue(notes.size() == 1 && notes.get(0).contains("PYROSCOPE_SERVER_ADDRESS"), notes.toString());
        assertTrue(PyroscopeEnvAliases.apply(flags("http://old:4040", "old-app", null, null),
                Map.of("PYROSCOPE_URL", "http://old:4040", "PYROSCOPE_APP_NAME", "old-app"), new java.util.HashMap<>()).isEmpty(),
                "the same value is no conflict");
    }

    /** --pyroscope-sample-rate (xtcp2's -pyroscopeSampleHz) becomes the agent's sampling interval; out of range is refused. */
    @Test
    void sampleRateSetsTheInterval() {
        Config c = PyroscopeProfiling.configure(new ProfilingConfig("off", null, "http://127.0.0.1:4040", null, null, null, 250), "h", "",
                Map.of("PYROSCOPE_PROFILING_INTERVAL", "1s"), "/tmp").orElseThrow();
        assertEquals(Duration.ofMillis(4), c.profilingInterval);
        Config d = PyroscopeProfiling.configure(flags("http://127.0.0.1:4040", null, null, null), "h", "", Map.of(), "/tmp").orElseThrow();
        assertEquals(Duration.ofMillis(10), d.profilingInterval, "the agent's default, 100 Hz");
        assertTrue(new ProfilingConfig("off", null, null, null, null, null, 0).problems().toString().contains("--pyroscope-sample-rate"));
        assertTrue(new ProfilingConfig("off", null, null, null, null, null, 10_001).problems().toString().contains("--pyroscope-sample-rate"));
        assertTrue(new ProfilingConfig("off", null, null, null, null, null, 10_000).problems().isEmpty());
    }
}
