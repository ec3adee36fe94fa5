package io.xtcp.tests;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code chromium}, headless, with a fresh profile per call: the DOM of a page after its
 * scripts ran for a virtual-time budget, or a screenshot. Callers gate on it with
 * {@code Privileges.requireRootAnd("chromium")}.
 */
final class HeadlessChromium {
    private final Path scratch;

    HeadlessChromium(Path scratch) {
        this.scratch = scratch;
    }

    private List<String> command(String... extra) throws IOException {
        Path profile = Files.createTempDirectory(scratch, "chromium-profile-");
        List<String> cmd = new ArrayList<>(List.of("chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-extensions", "--disable-dev-shm-usage", "--user-data-dir=" + profile));
        cmd.addAll(List.of(extra));
        return cmd;
    }

    String dumpDom(String url, int budgetMillis) throws IOException, InterruptedException {
        Path out = Files.createTempFile(scratch, "dom-", ".html");
        run(command("--virtual-time-budget=" + budgetMillis, "--dump-dom", url), out);
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    void screenshot(String url, Path png, int width, int height, int budgetMillis) throws IOException, InterruptedException {
        Files.deleteIfExists(png);
        run(command("--virtual-time-budget=" + budgetMillis, "--hide-scrollbars", "--window-size=" + width + "," + height,
                "--screenshot=" + png.toAbsolutePath(), url), Files.createTempFile(scratch, "shot-", ".txt"));
        if (!Files.isRegularFile(png) || Files.size(png) == 0) {
            fail("chromium wrote no screenshot to " + png);
        }
    }

    private void run(List<String> cmd, Path out) throws IOException, InterruptedException {
        Path err = Files.createTempFile(scratch, "chromium-", ".log");
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
