package io.xtcp.testsupport;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code chromium} in headless mode, one fresh profile per call: renders a page, lets its
 * scripts run for a virtual-time budget, and returns the DOM as it then is (or takes a
 * screenshot). {@link #require} gates on the binary: missing, the test is skipped, or fails under
 * CI=true.
 */
public final class HeadlessChromium {
    private final Path binary;
    private final Path scratch;

    private HeadlessChromium(Path binary, Path scratch) {
        this.binary = binary;
        this.scratch = scratch;
    }

    /** Chromium with its profiles and output files under {@code scratch}. */
    public static HeadlessChromium require(Path scratch) {
        return new HeadlessChromium(Prerequisites.requireTool("chromium", "chromium"), scratch);
    }

    private List<String> command(String... extra) throws IOException {
        Path profile = Files.createTempDirectory(scratch, "chromium-profile-");
        List<String> cmd = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-extensions", "--disable-dev-shm-usage", "--user-data-dir=" + profile));
        cmd.addAll(List.of(extra));
        return cmd;
    }

    /** The serialized DOM after the page ran for {@code budgetMillis} of virtual time. */
    public String dumpDom(String url, int budgetMillis) throws IOException, InterruptedException {
        Path out = Files.createTempFile(scratch, "dom-", ".html");
        Path err = Files.createTempFile(scratch, "chromium-", ".log");
        run(command("--virtual-time-budget=" + budgetMillis, "--dump-dom", url), out, err);
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    /** A PNG of the page ({@code width} x {@code height}) after {@code budgetMillis} of virtual time, written to {@code png}. */
    public void screenshot(String url, Path png, int width, int height, int budgetMillis) throws IOException, InterruptedException {
        Files.deleteIfExists(png);
        Path out = Files.createTempFile(scratch, "shot-", ".txt");
        Path err = Files.createTempFile(scratch, "chromium-", ".log");
        run(command("--virtual-time-budget=" + budgetMillis, "--hide-scrollbars", "--window-size=" + width + "," + height,
                "--screenshot=" + png.toAbsolutePath(), url), out, err);
        if (!Files.isRegularFile(png) || Files.size(png) == 0) {
            fail("chromium wrote no screenshot to " + png + ": " + Files.readString(err));
        }
    }

    private static void run(List<String> cmd, Path out, Path err) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            fail("chromium did not finish in 90 s: " + Files.readString(err));
        }
        if (p.exitValue() != 0) {
            fail("chromium exited " + p.exitValue() + ": " + Files.readString(err));
        }
    }
}
