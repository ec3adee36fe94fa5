package io.xtcp.daemon.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.binder.MeterBinder;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/metrics.md and the daemon's registry agree, both ways. The registry is built as the daemon
 * builds it, with every binder of this package bound (checked: a new binder left out of
 * {@link SampleData} fails here) and every recording method driven, so families that appear only on
 * an event (an error, a per-namespace series) are there too. Every xtcp family it exposes has a
 * row in docs/metrics.md and every row is a family; the families Micrometer adds (JVM, process,
 * system) are allowed only as the doc's "JVM and process" section names them, which must say they
 * come from Micrometer; and every xtcp_ name anywhere in the docs, the README and deploy/ is an
 * exposed family or one of its series.
 */
class MetricsDocCoverageTest {
    private static final Path ROOT = Path.of("..");
    private static final Pattern TYPE = Pattern.compile("^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) ", Pattern.MULTILINE);
    private static final Pattern ROW = Pattern.compile("^\\| `(xtcp_[a-z0-9_]+)`", Pattern.MULTILINE);
    /** A metric name in prose: not part of a longer name, not a schema name ({@code xtcp_flat_record.v1}). */
    private static final Pattern XTCP_NAME = Pattern.compile("(?<![A-Za-z0-9_])xtcp_[a-z0-9_]+(\\*)?(?![A-Za-z0-9_.])");
    private static final Pattern FOREIGN = Pattern.compile("`((?:jvm|process|system)_[a-z0-9_]*\\*?)`");

    /** The families a scrape declares, by their {@code # TYPE} lines. */
    static Set<String> families(String scrape) {
        Set<String> out = new TreeSet<>();
        Matcher m = TYPE.matcher(scrape);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** Every family the daemon can export: every binder bound and every recording method driven, as ExpositionShapeTest does. */
    static Set<String> exported() {
        try (XtcpMetrics m = SampleData.record(new XtcpMetrics("1.2.3", true))) {
            m.bind(new OldGenMeters(() -> 1, () -> 64L << 20)); // only with --old-gen-headroom, so not in SampleData
            Set<Class<?>> bound = new java.util.HashSet<>();
            m.binders().forEach(b -> bound.add(b.getClass()));
            assertEquals(binderClasses(), bound, "every MeterBinder of io.xtcp.daemon.metrics bound");
            return families(m.scrape());
        }
    }

    /** The concrete MeterBinder classes of this package, read from the folder its classes were loaded from. */
    static Set<Class<?>> binderClasses() {
        Set<Class<?>> out = new java.util.HashSet<>();
        try (Stream<Path> files = Files.list(Path.of(XtcpMetrics.class.getResource("XtcpMetrics.class").toURI()).getParent())) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                if (name.endsWith(".class") && !name.contains("$")) {
                    Class<?> c = Class.forName(XtcpMetrics.class.getPackageName() + "." + name.substring(0, name.length() - 6));
                    if (MeterBinder.class.isAssignableFrom(c) && !c.isInterface() && !Modifier.isAbstract(c.getModifiers())) {
                        out.add(c);
                    }
                }
            }
        } catch (java.io.IOException | URISyntaxException | ClassNotFoundException e) {
            throw new AssertionError(e);
        }
        assertFalse(out.isEmpty(), "binder classes found");
        return out;
    }

    private static String metricsDoc() throws Exception {
        return Files.readString(ROOT.resolve("docs/metrics.md"));
    }

    @Test
    void everyXtcpFamilyHasARowAndEveryRowIsAFamily() throws Exception {
        Set<String> exported = new TreeSet<>();
        for (String f : exported()) {
            if (f.startsWith("xtcp_")) {
                exported.add(f);
            }
        }
        Set<String> rows = new TreeSet<>();
        Matcher m = ROW.matcher(metricsDoc());
        while (m.find()) {
            rows.add(m.group(1));
        }
        assertEquals(exported, rows, "xtcp families exported against the rows of docs/metrics.md");
    }

    @Test
    void micrometersFamiliesAreTheOnesTheDocNames() throws Exception {
        String doc = metricsDoc();
        int at = doc.indexOf("\n## JVM and process");
        assertTrue(at >= 0, "docs/metrics.md has a 'JVM and process' section");
        int end = doc.indexOf("\n## ", at + 1);
        String section = doc.substring(at, end < 0 ? doc.length() : end);
        assertTrue(section.contains("Micrometer"), "the section says the families come from Micrometer");
        List<String> named = new ArrayList<>();
        Set<String> replaced = new TreeSet<>();
        Matcher m = FOREIGN.matcher(section);
        while (m.find()) {
            boolean insteadOf = section.substring(Math.max(0, m.start() - 11), m.start()).endsWith("instead of ");
            (insteadOf ? replaced : named).add(m.group(1));
        }
        Set<String> exported = exported();
        List<String> undocumented = new ArrayList<>();
        for (String f : exported) {
            if (!f.startsWith("xtcp_") && named.stream().noneMatch(n -> matches(n, f))) {
                undocumented.add(f);
            }
        }
        assertEquals(List.of(), undocumented, "exported, not named in docs/metrics.md's JVM and process section");
        for (String n : named) {
            assertTrue(exported.stream().anyMatch(f -> matches(n, f)), "docs/metrics.md names " + n + ", which nothing exports");
        }
        for (String r : replaced) {
            assertFalse(exported.stream().anyMatch(f -> matches(r, f)), r + " is said to be renamed, but is exported");
        }
    }

    @Test
    void everyXtcpNameInTheDocsIsExported() throws Exception {
        Set<String> exported = exported();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs")); Stream<Path> deploy = Files.walk(ROOT.resolve("deploy"))) {
            docs.filter(p -> p.toString().endsWith(".md")).forEach(files::add);
            deploy.filter(Files::isRegularFile).forEach(files::add);
        }
        files.add(ROOT.resolve("README.md"));
        Set<String> unknown = new TreeSet<>();
        for (Path p : files) {
            Matcher m = XTCP_NAME.matcher(Files.readString(p));
            while (m.find()) {
                String name = m.group();
                boolean known = name.endsWith("*")
                        ? exported.stream().anyMatch(f -> matches(name, f))
                        : exported.contains(name) || Stream.of("_bucket", "_count", "_sum", "_max", "_created")
                                .anyMatch(s -> name.endsWith(s) && exported.contains(name.substring(0, name.length() - s.length())));
                if (!known) {
                    unknown.add(ROOT.relativize(p) + ": " + name);
                }
            }
        }
        assertEquals(Set.of(), unknown, "metric names in the docs that the daemon does not export");
    }

    /** {@code pattern} is a name, or a prefix ending in {@code *}. */
    private static boolean matches(String pattern, String family) {
        return pattern.endsWith("*") ? family.startsWith(pattern.substring(0, pattern.length() - 1)) : family.equals(pattern);
    }
}
