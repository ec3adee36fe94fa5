package io.xtcp.dest.testing;

import io.xtcp.testsupport.Prerequisites;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;

/**
 * The {@code kcat} binary as an independent Kafka consumer. Missing kcat skips the test, except
 * under {@code CI=true} where it fails it (CI installs kcat with apt).
 */
public final class Kcat {
    private Kcat() {}

    /** kcat's path; skips (or under CI fails) when it is not on PATH. */
    public static Path require() {
        return Prerequisites.requireTool("kcat", "kcat");
    }

    /** The raw values of a topic from the beginning to its end, back to back (no separator). */
    public static byte[] consumeValues(String bootstrap, String topic) throws IOException, InterruptedException {
        Path kcat = require();
        Path out = Files.createTempFile("kcat", ".bin");
        Path err = Files.createTempFile("kcat", ".err");
        try {
            Process p = new ProcessBuilder(List.of(kcat.toString(), "-C", "-b", bootstrap, "-t", topic, "-p", "0",
                    "-o", "beginning", "-e", "-q", "-f", "%s"))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                Assertions.fail("kcat did not finish in 60 s: " + Files.readString(err));
            }
            Assertions.assertEquals(0, p.exitValue(), () -> "kcat failed: " + readQuietly(err));
            return Files.readAllBytes(out);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static String readQuietly(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
