package io.xtcp.daemon.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The xtcp families a scrape exposes, held against {@code exposition.txt}: every {@code # HELP} and
 * {@code # TYPE} line and every series (name and labels, values left out) after {@link SampleData}
 * drove each recording method. A renamed family, a changed help text, unit or tag fails here; the
 * values are XtcpMetricsTest's. Regenerate (after a deliberate change, with docs/metrics.md) with
 * {@code -Dxtcp.exposition.write=PATH}.
 */
class ExpositionShapeTest {
    private static final Pattern SERIES = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})? \\S+$");

    /** The shape of a text-format scrape's xtcp lines, sorted. */
    static String shape(String scrape) {
        TreeSet<String> lines = new TreeSet<>();
        for (String line : scrape.split("\n")) {
            if (line.startsWith("# HELP xtcp_") || line.startsWith("# TYPE xtcp_")) {
                lines.add(line);
            } else if (line.startsWith("xtcp_")) {
                Matcher m = SERIES.matcher(line);
                if (m.matches()) {
                    String labels = m.group(2) == null ? "" : m.group(2);
                    lines.add(m.group(1) + labels.replace(System.getProperty("java.version"), "JAVA_VERSION"));
                }
            }
        }
        return String.join("\n", lines) + "\n";
    }

    @Test
    void everyFamilyKeepsItsNameHelpTypeAndTags() throws IOException {
        String got;
        try (XtcpMetrics m = SampleData.record(new XtcpMetrics("1.2.3", true))) {
            m.bind(new OldGenMeters(() -> 1, () -> 64L << 20)); // only with --old-gen-headroom, so not in SampleData
            got = shape(m.scrape());
        }
        String write = System.getProperty("xtcp.exposition.write");
        if (write != null) {
            Files.writeString(Path.of(write), got);
        }
        String want;
        try (InputStream in = ExpositionShapeTest.class.getResourceAsStream("exposition.txt")) {
            want = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertEquals(want, got);
    }
}
