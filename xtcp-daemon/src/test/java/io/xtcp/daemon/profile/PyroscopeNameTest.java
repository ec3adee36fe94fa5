package io.xtcp.daemon.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pyroscope.http.Format;
import io.pyroscope.javaagent.config.Config;
import io.xtcp.daemon.config.ProfilingConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The application name Pyroscope shows, as docs/http.md says it: {@code xtcp} unless set, and the
 * series is named after the application alone (the JFR format), not {@code APP.EVENT}.
 */
class PyroscopeNameTest {
    @Test
    void theSeriesIsTheApplicationNameDefaultXtcp() {
        Config c = PyroscopeProfiling.configure(new ProfilingConfig("off", null, "http://127.0.0.1:4040", null, "itimer", null),
                "h", "", Map.of(), "/tmp").orElseThrow();
        assertEquals("xtcp", c.applicationName);
        assertEquals(Format.JFR, c.format);
        assertTrue(c.timeseriesName.equals("xtcp") || c.timeseriesName.startsWith("xtcp{"), "no .itimer suffix in the JFR format: " + c.timeseriesName);
    }

    @Test
    void theDocsGiveTheDefault() throws Exception {
        String http = Files.readString(Path.of("..", "docs", "http.md"));
        Matcher row = Pattern.compile("^\\| `--pyroscope-app` \\|.*\\| `([^`]+)` \\|$", Pattern.MULTILINE).matcher(http);
        assertTrue(row.find(), "docs/http.md has a --pyroscope-app row ending with its default");
        assertEquals(PyroscopeProfiling.DEFAULT_APP, row.group(1));
        assertTrue(http.contains("name=" + "APP{labels}"), "docs/http.md names the ingest series after the application alone");
    }
}
