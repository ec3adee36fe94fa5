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

/**
 * Runs external checkers (promtool, ip) and finds the repository root. Tests find the tool first
 * with {@code Prerequisites.requireTool}, which skips or (under CI=true) fails when it is missing.
 */
public final class Tools {
    private Tools() {}

    /** The result of running a tool. */
    public record Run(int exit, String output) {}

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
