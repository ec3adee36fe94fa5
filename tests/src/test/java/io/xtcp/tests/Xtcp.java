package io.xtcp.tests;

import io.xtcp.testsupport.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How the tests start xtcp: {@link #launcher} through {@code bin/xtcp} (the launcher users run,
 * with its JVM flags), {@link #command} as a bare {@code java -jar xtcp-daemon/target/xtcp.jar};
 * {@link #requireRootAnd} is what a test that runs it privileged needs first.
 */
final class Xtcp {
    private Xtcp() {}

    /** The repository root (failsafe sets xtcp.root; the tests module's folder is one below it). */
    static Path root() {
        return Path.of(System.getProperty("xtcp.root", "..")).toAbsolutePath().normalize();
    }

    /**
     * The CI gate ({@link Prerequisites#requireRootAnd}: root with CAP_SYS_ADMIN, CAP_NET_ADMIN and
     * CAP_SYS_PTRACE, each tool on PATH) and the shaded jar bin/xtcp runs: missing, the test is
     * skipped, or fails under CI=true.
     */
    static void requireRootAnd(String... tools) {
        Prerequisites.requireRootAnd(tools);
        Prerequisites.require(Files.isRegularFile(jar()), "needs the shaded jar " + jar() + " (package xtcp-daemon first)");
    }

    static Path jar() {
        return root().resolve("xtcp-daemon/target/xtcp.jar");
    }

    /** {@code bin/xtcp ARGS}. */
    static List<String> launcher(String... args) {
        List<String> argv = new ArrayList<>();
        argv.add(root().resolve("bin/xtcp").toString());
        argv.addAll(List.of(args));
        return argv;
    }

    /** {@code java -jar xtcp.jar ARGS}, with this JVM's java. */
    static List<String> command(String... args) {
        List<String> argv = new ArrayList<>();
        argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        argv.add("-jar");
        argv.add(jar().toString());
        argv.addAll(List.of(args));
        return argv;
    }

    static Cmd.Result run(String... args) {
        return Cmd.run(Duration.ofSeconds(120), command(args));
    }

    /** Runs xtcp under {@code capsh --drop=CAP}: the capability leaves the bounding set, so the JVM never has it. */
    static Cmd.Result runWithout(String capability, String... args) {
        StringBuilder shell = new StringBuilder("exec");
        for (String a : command(args)) {
            shell.append(" '").append(a.replace("'", "'\\''")).append('\'');
        }
        return Cmd.run(Duration.ofSeconds(120), List.of("capsh", "--drop=" + capability, "--", "-c", shell.toString()));
    }
}
