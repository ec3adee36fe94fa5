package io.xtcp.tests;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Gates for tests that need root and system tools. Outside CI a missing privilege skips with a
 * reason; under {@code CI=true} it fails the build, so privileged tests always run there.
 */
public final class Privileges {
    private Privileges() {}

    public static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Requires root (uid 0) and the named tools on PATH. */
    public static void requireRootAnd(String... tools) {
        String why = null;
        if (!isRoot()) {
            why = "needs root (network namespaces, sock_diag of every socket)";
        }
        for (String t : tools) {
            if (why == null && which(t) == null) {
                why = "needs `" + t + "` on PATH";
            }
        }
        if (why == null) {
            return;
        }
        if (inCi()) {
            fail("CI=true: privileged test cannot run: " + why);
        }
        Assumptions.abort(why);
    }

    public static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[2].equals("0");
                }
            }
        } catch (java.io.IOException e) {
            return false;
        }
        return false;
    }

    public static Path which(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
            Path p = Path.of(dir, tool);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        for (String dir : new String[] {"/usr/sbin", "/sbin"}) {
            Path p = Path.of(dir, tool);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
