package io.xtcp.tests;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Gate for tests that need root, capabilities and tools. Under {@code CI=true} a missing
 * requirement fails the test (CI must run them); elsewhere it skips with the reason.
 */
final class Privileges {
    static final int CAP_NET_ADMIN = 12;
    static final int CAP_SYS_PTRACE = 19;
    static final int CAP_SYS_ADMIN = 21;

    private Privileges() {}

    static boolean ci() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Root with CAP_SYS_ADMIN, CAP_NET_ADMIN and CAP_SYS_PTRACE, and each tool on PATH. */
    static void requireRootAnd(String... tools) {
        long eff = effectiveCapabilities();
        require(uid() == 0, "needs root (uid 0)");
        for (int cap : new int[] {CAP_NET_ADMIN, CAP_SYS_ADMIN, CAP_SYS_PTRACE}) {
            require((eff & (1L << cap)) != 0, "needs capability " + cap + " in CapEff=" + Long.toHexString(eff));
        }
        for (String tool : tools) {
            require(onPath(tool), "needs '" + tool + "' on PATH");
        }
        require(Files.isRegularFile(Xtcp.jar()), "needs the shaded jar " + Xtcp.jar() + " (package xtcp-daemon first)");
    }

    static void require(boolean ok, String what) {
        if (!ok && ci()) {
            fail("CI=true, so this test must run, but it " + what);
        }
        assumeTrue(ok, "skipped: this test " + what + " (set CI=true to make that a failure)");
    }

    static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** CapEff of this process, from /proc/self/status (the kernel's view, not ours). */
    static long effectiveCapabilities() {
        return Long.parseUnsignedLong(statusField("CapEff:"), 16);
    }

    static int uid() {
        return Integer.parseInt(statusField("Uid:").split("\\s+")[1]);
    }

    private static String statusField(String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(name)) {
                    return line.substring(name.length()).trim();
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        throw new IllegalStateException(name + " missing from /proc/self/status");
    }
}
