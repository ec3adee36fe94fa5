package io.xtcp.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command to completion, output captured through files (no reader threads). */
final class Cmd {
    record Result(List<String> argv, int exit, String out, String err) {
        @Override
        public String toString() {
            return String.join(" ", argv) + " -> exit " + exit + "\nstderr:\n" + err
                    + (out.length() > 2000 ? "stdout (first 2000 chars):\n" + out.substring(0, 2000) : "stdout:\n" + out);
        }
    }

    private Cmd() {}

    static Result run(Duration timeout, List<String> argv) {
        try {
            File out = File.createTempFile("xtcp-it-", ".out");
            File err = File.createTempFile("xtcp-it-", ".err");
            try {
                Process p = new ProcessBuilder(argv).redirectOutput(out).redirectError(err)
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly().waitFor();
                    throw new AssertionError("timed out after " + timeout + ": " + argv + "\n" + read(err));
                }
                return new Result(argv, p.exitValue(), read(out), read(err));
            } finally {
                out.delete();
                err.delete();
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + argv, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + argv, e);
        }
    }

    static Result run(String... argv) {
        return run(Duration.ofSeconds(60), List.of(argv));
    }

    /** Runs and asserts exit status 0. */
    static Result ok(String... argv) {
        Result r = run(argv);
        assertEquals(0, r.exit(), () -> r.toString());
        return r;
    }

    private static String read(File f) throws IOException {
        return Files.readString(f.toPath(), StandardCharsets.UTF_8);
    }
}
