package io.xtcp.daemon.heap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The trigger in JVMs of their own, with the launcher's heap flags, the old generation's peak read
 * from the JVM's own memory pool. Runs on the newest JDK under /usr/lib/jvm from 23 on when there
 * is one (the collector whose old generation grows to -Xmx), else on this test's JDK.
 */
class OldGenTriggerTest {
    private static final long MIB = 1 << 20;
    private static final List<String> LAUNCHER_HEAP = List.of("-XX:+UseSerialGC", "-Xms24m", "-Xmx128m", "-Xmn6m",
            "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30", "-XX:-ShrinkHeapInSteps");
    private static final Pattern RESULT = Pattern.compile("result trigger=(\\w+) peak=(-?\\d+) asked=(\\d+) full=(\\d+)");

    @Test
    void keepsTheOldGenerationWithinHeadroomOfItsLiveSet() throws Exception {
        Jdk jdk = Jdk.pick();
        Map<String, String> on = run(jdk, LAUNCHER_HEAP, 16 * MIB, 1500);
        assertEquals("on", on.get("trigger"));
        long peak = Long.parseLong(on.get("peak"));
        // Live: four 768 KiB envelopes and what the JVM keeps; above that the headroom, and what the
        // young collections promote between the request and the full collection.
        assertTrue(peak < 36 * MIB, "old generation peak " + peak / MIB + " MiB on JDK " + jdk.feature + ": " + on);
        assertTrue(Long.parseLong(on.get("asked")) > 0, "asked for no full collection: " + on);
        assertTrue(Long.parseLong(on.get("full")) >= Long.parseLong(on.get("asked")), "every request is a full collection: " + on);

        if (jdk.feature >= 23) {
            // Without it the same load grows the old generation towards -Xmx on these JDKs: the reason for it.
            Map<String, String> off = run(jdk, LAUNCHER_HEAP, 0, 1500);
            assertEquals("off", off.get("trigger"));
            long peakOff = Long.parseLong(off.get("peak"));
            assertTrue(peakOff > 2 * peak, "without the trigger " + peakOff / MIB + " MiB, with it " + peak / MIB + " MiB");
        }
    }

    @Test
    void staysOffWithAnotherCollectorOrWithExplicitCollectionsDisabled() throws Exception {
        Jdk jdk = Jdk.pick();
        List<String> parallel = new ArrayList<>(LAUNCHER_HEAP);
        parallel.set(0, "-XX:+UseParallelGC");
        assertEquals("off", run(jdk, parallel, 16 * MIB, 50).get("trigger"));
        List<String> disabled = new ArrayList<>(LAUNCHER_HEAP);
        disabled.add("-XX:+DisableExplicitGC");
        Map<String, String> r = run(jdk, disabled, 16 * MIB, 50);
        assertEquals("off", r.get("trigger"));
        assertEquals("0", r.get("asked"));
    }

    /** PromotionLoad in a JVM of its own with {@code flags}, no gap between requested collections. */
    private static Map<String, String> run(Jdk jdk, List<String> flags, long headroom, int iterations) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(jdk.java.toString());
        cmd.addAll(flags);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(PromotionLoad.class.getName());
        cmd.add(Long.toString(headroom));
        cmd.add("0");
        cmd.add(Integer.toString(iterations));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "load did not finish");
        assertEquals(0, p.exitValue(), out);
        Matcher m = RESULT.matcher(out);
        assertTrue(m.find(), "no result line in: " + out);
        Map<String, String> r = new HashMap<>();
        r.put("trigger", m.group(1));
        r.put("peak", m.group(2));
        r.put("asked", m.group(3));
        r.put("full", m.group(4));
        return r;
    }

    /** A JDK to run the load on: its java and its feature version. */
    private static final class Jdk {
        final Path java;
        final int feature;

        Jdk(Path java, int feature) {
            this.java = java;
            this.feature = feature;
        }

        static Jdk pick() throws IOException {
            Jdk best = new Jdk(Path.of(System.getProperty("java.home"), "bin", "java"), Runtime.version().feature());
            Path jvms = Path.of("/usr/lib/jvm");
            if (!Files.isDirectory(jvms)) {
                return best;
            }
            try (Stream<Path> homes = Files.list(jvms)) {
                for (Path home : (Iterable<Path>) homes::iterator) {
                    int feature = feature(home.resolve("release"));
                    Path java = home.resolve("bin/java");
                    if (feature >= 23 && feature > best.feature && Files.isExecutable(java)) {
                        best = new Jdk(java, feature);
                    }
                }
            }
            return best;
        }

        private static int feature(Path release) throws IOException {
            if (!Files.isRegularFile(release)) {
                return 0;
            }
            Matcher m = Pattern.compile("JAVA_VERSION=\"(\\d+)").matcher(Files.readString(release));
            return m.find() ? Integer.parseInt(m.group(1)) : 0;
        }
    }
}
