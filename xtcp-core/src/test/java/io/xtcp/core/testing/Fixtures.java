package io.xtcp.core.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Locates the shared kernel captures: {@code <xtcp.shared>/fixtures/netlink}. Surefire sets
 * {@code xtcp.shared}; without it (an IDE run) the folder is {@code ../shared} beside the repository
 * root.
 */
public final class Fixtures {
    private Fixtures() {}

    /** The {@code fixtures/netlink} folder; fails the test when it is missing. */
    public static Path netlink() {
        Path dir = shared().resolve("fixtures").resolve("netlink");
        assertTrue(Files.isDirectory(dir), "kernel captures not found at " + dir + " (set -Dxtcp.shared)");
        return dir;
    }

    /** A file under {@code fixtures/netlink}, e.g. {@code netlink("6_1_103", "tcp_10_sockets.pcap")}. */
    public static Path netlink(String first, String... more) {
        Path p = netlink().resolve(first);
        for (String m : more) {
            p = p.resolve(m);
        }
        assertTrue(Files.exists(p), "fixture missing: " + p);
        return p;
    }

    private static Path shared() {
        String prop = System.getProperty("xtcp.shared");
        if (prop != null && !prop.isBlank()) {
            return Paths.get(prop).toAbsolutePath().normalize();
        }
        Path dir = Paths.get("").toAbsolutePath();
        // From a module folder or the repository root, walk up to the folder that holds the root pom.
        while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        Path root = dir != null ? dir : Paths.get("").toAbsolutePath();
        return root.resolve("..").resolve("shared").normalize();
    }
}
