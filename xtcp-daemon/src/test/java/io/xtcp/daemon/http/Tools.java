package io.xtcp.daemon.http;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** External checkers (promtool). Missing outside CI: the test is skipped with the reason; under CI=true it fails. */
public final class Tools {
    private Tools() {}

    /** The result of running a tool. */
    public record Run(int exit, String output) {}

    public static Path require(String tool, String debianPackage) {
        for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/bin:/usr/local/bin:/usr/sbin").split(":")) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, tool);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        missing("needs `" + tool + "` on PATH (Debian package " + debianPackage + ")");
        return null;
    }

    /** Runs the test only as root (effective uid 0): skipped with the reason outside CI, a failure under CI=true. */
    public static void requireRoot(String why) throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (l.startsWith("Uid:") && "0".equals(l.split("\\s+")[2])) {
                return;
            }
        }
        missing("needs root (" + why + ")");
    }

    private static void missing(String why) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI=true: " + why);
        }
        Assumptions.abort(why);
    }

    /** Runs a command, feeding {@code stdin}; returns exit status and combined output. */
    public static Run run(List<String> command, byte[] stdin) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        Thread feeder = new Thread(() -> {
            try (var out = p.getOutputStream()) {
                if (stdin != null) {
                    out.write(stdin);
                }
            } catch (IOException ignored) {
                // the tool exited early; its output says why
            }
        });
        feeder.start();
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (InputStream in = p.getInputStream()) {
            in.transferTo(buf);
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(command + " did not finish in 60 s");
        }
        feeder.join();
        return new Run(p.exitValue(), buf.toString(StandardCharsets.UTF_8));
    }

    /** The repository root (surefire sets xtcp.root). */
    public static Path root() {
        String r = System.getProperty("xtcp.root");
        Path p = r != null ? Path.of(r) : Path.of("..").toAbsolutePath().normalize();
        if (!Files.isDirectory(p.resolve("deploy"))) {
            p = Path.of("").toAbsolutePath().getParent();
        }
        return p;
    }
}
