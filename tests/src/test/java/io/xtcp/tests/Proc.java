package io.xtcp.tests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command to completion and captures its output; fails loudly on timeout. */
public final class Proc {
    public final int exit;
    public final String out;
    public final String err;

    private Proc(int exit, String out, String err) {
        this.exit = exit;
        this.out = out;
        this.err = err;
    }

    public static Proc run(List<String> cmd, long timeoutSeconds) throws IOException, InterruptedException {
        Path outFile = java.nio.file.Files.createTempFile("xtcp-out", ".txt");
        Path errFile = java.nio.file.Files.createTempFile("xtcp-err", ".txt");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(outFile.toFile()).redirectError(errFile.toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out after " + timeoutSeconds + "s: " + String.join(" ", cmd));
            }
            return new Proc(p.exitValue(),
                    java.nio.file.Files.readString(outFile, StandardCharsets.UTF_8),
                    java.nio.file.Files.readString(errFile, StandardCharsets.UTF_8));
        } finally {
            java.nio.file.Files.deleteIfExists(outFile);
            java.nio.file.Files.deleteIfExists(errFile);
        }
    }

    public static Proc run(String... cmd) throws IOException, InterruptedException {
        return run(List.of(cmd), 120);
    }

    /** Runs and requires exit 0. */
    public static String check(String... cmd) throws IOException, InterruptedException {
        Proc p = run(cmd);
        if (p.exit != 0) {
            throw new IOException(String.join(" ", cmd) + " exited " + p.exit + ": " + p.err + p.out);
        }
        return p.out;
    }

    /** The repo root (bin/xtcp lives there). */
    public static Path root() {
        return Path.of(System.getProperty("xtcp.root", "..")).toAbsolutePath().normalize();
    }

    /** The command prefix that runs the launcher. */
    public static List<String> xtcp(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(root().resolve("bin/xtcp").toString());
        cmd.addAll(List.of(args));
        return cmd;
    }
}
