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
}
