package io.xtcp.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The gate for tests that need something from the machine: root, capabilities, a tool. A test
 * calls it first; what is missing skips the test with the reason, except under {@code CI=true},
 * where CI must run every test and the same reason fails it instead. Root and capabilities are
 * read from {@code /proc/self/status} (the kernel's view of this JVM, not the user name).
 */
public final class Prerequisites {
    public static final int CAP_NET_ADMIN = 12;
    public static final int CAP_SYS_PTRACE = 19;
    public static final int CAP_SYS_ADMIN = 21;

    /** Where {@link #requireTool} looks after PATH: a test JVM's PATH may lack the system folders. */
    private static final List<String> USUAL_DIRS = List.of("/usr/bin", "/usr/local/bin", "/usr/sbin");

    private Prerequisites() {}

    /** True under {@code CI=true} (any case), where a missing requirement fails the test. */
    public static boolean ci() {
        return ci(System.getenv());
    }

    static boolean ci(Map<String, String> env) {
        return "true".equalsIgnoreCase(env.get("CI"));
    }

    /**
     * The gate itself: nothing when {@code ok}; otherwise the test is skipped, or fails under
     * {@code CI=true}. {@code what} completes "this test …", e.g. {@code "needs root (it mounts a tmpfs)"}.
     */
    public static void require(boolean ok, String what) {
        require(ok, what, System.getenv());
    }

    static void require(boolean ok, String what, Map<String, String> env) {
        if (ok) {
            return;
        }
        if (ci(env)) {
            Assertions.fail("CI=true, so this test must run, but it " + what);
        }
        Assumptions.abort("skipped: this test " + what + " (set CI=true to make that a failure)");
    }

    /** Root (effective uid 0); {@code why} says what the test does with it. */
    public static void requireRoot(String why) {
        require(uid() == 0, "needs root (" + why + ")");
    }

    /** Effective capability {@code cap} (a number, e.g. {@link #CAP_SYS_ADMIN}) of this process; {@code why} names it. */
    public static void requireCapability(int cap, String why) {
        long eff = effectiveCapabilities();
        require((eff & (1L << cap)) != 0, "needs " + why + " (capability " + cap + ", CapEff=" + Long.toHexString(eff) + ")");
    }

    /**
     * Root with CAP_SYS_ADMIN, CAP_NET_ADMIN and CAP_SYS_PTRACE (entering namespaces, netlink,
     * other processes' namespaces), and each tool on PATH: what the end-to-end tests need.
     */
    public static void requireRootAnd(String... tools) {
        long eff = effectiveCapabilities();
        require(uid() == 0, "needs root (uid 0)");
        for (int cap : new int[] {CAP_NET_ADMIN, CAP_SYS_ADMIN, CAP_SYS_PTRACE}) {
            require((eff & (1L << cap)) != 0, "needs capability " + cap + " in CapEff=" + Long.toHexString(eff));
        }
        requireOnPath(tools);
    }

    /** Each tool on PATH, for tests that run it by its bare name. */
    public static void requireOnPath(String... tools) {
        for (String tool : tools) {
            require(find(tool, false) != null, "needs '" + tool + "' on PATH");
        }
    }

    /**
     * The absolute path of {@code tool}, from PATH or the usual system folders; missing, the test
     * is skipped (or fails under CI=true) naming the Debian package that ships it.
     */
    public static Path requireTool(String tool, String debianPackage) {
        Path p = find(tool, true);
        require(p != null, "needs `" + tool + "` on PATH (Debian package " + debianPackage + ")");
        return p;
    }

    private static Path find(String tool, boolean usualDirs) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        if (usualDirs) {
            dirs.addAll(USUAL_DIRS);
        }
        for (String dir : dirs) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return Path.of(dir, tool);
            }
        }
        return null;
    }

    /** CapEff of this process, from /proc/self/status. */
    public static long effectiveCapabilities() {
        return Long.parseUnsignedLong(statusField("CapEff:"), 16);
    }

    /** The effective uid of this process (the second of the four on the {@code Uid:} line). */
    public static int uid() {
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
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException(name + " missing from /proc/self/status");
    }
}
