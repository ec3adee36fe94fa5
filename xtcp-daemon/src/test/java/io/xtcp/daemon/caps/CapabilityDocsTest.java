package io.xtcp.daemon.caps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/deployment.md#capabilities holds the table as the code has it (the block between its
 * markers is rendered from {@link CapabilityRequirement#TABLE}; a failure prints the block to
 * paste), and no doc promises a capability the table does not have.
 */
class CapabilityDocsTest {
    private static final Path ROOT = Path.of("..");

    static String rendered() {
        StringBuilder sb = new StringBuilder("| capability | used when | if missing | needed for | without it | granting it also lets the process read |\n");
        sb.append("|---|---|---|---|---|---|\n");
        for (CapabilityRequirement r : CapabilityRequirement.TABLE) {
            sb.append("| `").append(r.capability().capName()).append("` | ").append(r.when()).append(" | ").append(r.severity().label())
                    .append(" | ").append(r.neededFor()).append(" | ").append(r.withoutIt()).append(" | ").append(r.lets()).append(" |\n");
        }
        return sb.toString();
    }

    @Test
    void deploymentDocHoldsTheTable() throws Exception {
        String doc = Files.readString(ROOT.resolve("docs/deployment.md"));
        Matcher m = Pattern.compile("<!-- capability table begin -->\n(.*?)<!-- capability table end -->", Pattern.DOTALL).matcher(doc);
        assertTrue(m.find(), "docs/deployment.md has the capability table between its markers");
        assertEquals(plain(rendered()), plain(m.group(1)), "paste into docs/deployment.md:\n" + rendered());
    }

    /** Every CAP_ name the docs and README mention outside systemd-analyze's output is one xtcp uses or says it does not. */
    @Test
    void docsNameNoCapabilityOutsideTheTable() throws Exception {
        List<Path> docs;
        try (Stream<Path> s = Files.list(ROOT.resolve("docs"))) {
            docs = Stream.concat(s.filter(p -> p.toString().endsWith(".md")), Stream.of(ROOT.resolve("README.md"))).toList();
        }
        Pattern cap = Pattern.compile("CAP_[A-Z_]+");
        for (Path p : docs) {
            String text = Files.readString(p).replaceAll("(?s)<!-- systemd-analyze security begin -->.*?<!-- systemd-analyze security end -->", "");
            for (String line : text.split("\n")) {
                Matcher m = cap.matcher(line);
                while (m.find()) {
                    String name = m.group();
                    boolean inTable = CapabilityRequirement.TABLE.stream().anyMatch(r -> r.capability().capName().equals(name));
                    boolean saidUnused = line.contains("Not used") || line.contains("not used") || line.startsWith("| `CapabilityBoundingSet=~");
                    assertTrue(inTable || saidUnused, p + " names " + name + " as if xtcp used it: " + line);
                }
            }
            assertFalse(text.contains("io_uring"), p + " promises io_uring");
        }
    }

    /**
     * The xtcp_capability row of docs/metrics.md lists the label values the daemon sets (Daemon
     * passes {@code capName()}: {@code CAP_NET_ADMIN}, never the bare {@code NET_ADMIN} docker and
     * Kubernetes take), one for each capability of the table.
     */
    @Test
    void theMetricsDocGivesTheCapabilityLabelsAsTheDaemonSetsThem() throws Exception {
        String row = Files.readString(ROOT.resolve("docs/metrics.md")).lines().filter(l -> l.startsWith("| `xtcp_capability` |"))
                .findFirst().orElseThrow(() -> new AssertionError("docs/metrics.md has an xtcp_capability row"));
        for (CapabilityRequirement r : CapabilityRequirement.TABLE) {
            assertTrue(row.contains(r.capability().capName()), "the row names " + r.capability().capName() + ": " + row);
        }
        assertFalse(Pattern.compile("(?<!CAP_)\\b(NET|SYS)_ADMIN").matcher(row).find(), "a label without CAP_: " + row);
    }

    /** Where a doc says a capability "is fatal", the table agrees; the degraded ones are never called fatal. */
    @Test
    void docsCallFatalOnlyTheFatalCapabilities() throws Exception {
        List<Path> docs;
        try (Stream<Path> s = Files.list(ROOT.resolve("docs"))) {
            docs = Stream.concat(s.filter(p -> p.toString().endsWith(".md")), Stream.of(ROOT.resolve("README.md"))).toList();
        }
        Pattern fatal = Pattern.compile("(CAP_[A-Z_]+)`? (?:is|are) fatal");
        int seen = 0;
        for (Path p : docs) {
            Matcher m = fatal.matcher(Files.readString(p));
            while (m.find()) {
                String name = m.group(1);
                seen++;
                assertTrue(CapabilityRequirement.TABLE.stream().anyMatch(r -> r.capability().capName().equals(name)
                        && r.severity() == CapabilityRequirement.Severity.FATAL), p + " calls " + name + " fatal; the table does not");
            }
        }
        assertTrue(seen > 0, "the README and docs/alerts.md say which capability is fatal");
    }

    /** Backticks aside, so the doc may quote flags as code. */
    private static String plain(String s) {
        return s.replace("`", "").strip();
    }
}
