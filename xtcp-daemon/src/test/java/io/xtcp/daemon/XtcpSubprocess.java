package io.xtcp.daemon;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code java io.xtcp.daemon.Main ARGS} in a child JVM on this test's class path, for what an
 * in-process run cannot show: the printers write to file descriptor 1 itself, not System.out.
 */
public final class XtcpSubprocess {
    private XtcpSubprocess() {}

    /** Exit status, stdout and stderr of one command line. */
    public record Outcome(int status, String out, String err) {}

    public static Outcome run(String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        argv.addAll(List.of(args));
        Path out = Files.createTempFile("xtcp-out-", ".txt");
        Path err = Files.createTempFile("xtcp-err-", ".txt");
        try {
            ProcessBuilder pb = new ProcessBuilder(argv).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.environment().keySet().removeIf(k -> k.startsWith("XTCP_") || k.startsWith("PYROSCOPE_"));
            Process p = pb.start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("xtcp " + String.join(" ", args) + " did not end within 60 s");
            }
            return new Outcome(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
