package io.xtcp.dest.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Gate for tests that need root (a tmpfs mount): under {@code CI=true} a missing privilege fails
 * the test, elsewhere it skips with the reason.
 */
public final class RootGate {
    private RootGate() {}

    /** Root (uid 0, from /proc/self/status) or skip; a failure under CI=true. */
    public static void requireRoot(String why) throws Exception {
        boolean root = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("Uid:")).map(l -> l.split("\\s+")[1]).anyMatch("0"::equals);
        if (!root && "true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail("CI=true, so this test must run, but it needs root: " + why);
        }
        Assumptions.assumeTrue(root, "skipped: needs root (" + why + "); set CI=true to make that a failure");
    }
}
