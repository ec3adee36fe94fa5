package io.xtcp.daemon.config;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.xtcp.core.testing.ScratchFile;
import io.xtcp.daemon.Main;
import io.xtcp.daemon.cli.UsageException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;

/**
 * Fuzzes the {@code --config} file: each input is written to a real file and read the way
 * {@code xtcp run --config FILE} reads it before anything starts (ConfigSources, picocli with
 * the file as default values, the unknown-key check, RunOptions.toConfig with its validation,
 * the values' origins). A file may be refused only with a {@link UsageException} or picocli's
 * {@link CommandLine.ParameterException}, which Main turns into exit status 2 and one message;
 * any other exception is a finding (exit 1 or a stack trace).
 *
 * <p>The seeds are config files of the docs and tests.
 */
class ConfigFileFuzzTest {
    private static final ScratchFile FILE = new ScratchFile(".conf");

    @FuzzTest(maxDuration = "5s")
    @DictionaryEntries({"poll-interval", "poll-timeout", "poll-jitter", "dest", "dest-opt", "states", "decoders",
        "envelope-max-bytes", "queue-max-bytes", "netns", "label", "hostname", "http-listen", "http-auth", " = ",
        "kafka://", "udp://", "file://", "KiB", "ms", "0x"})
    void files(byte[] input) {
        fuzzerTestOneInput(input);
    }

    /** The entry point of the standalone fuzzer (docs/fuzzing.md). */
    public static void fuzzerTestOneInput(byte[] input) {
        Path f = FILE.holding(input);
        String[] args = {"run", "--config", f.toString()};
        try {
            ConfigSources sources = ConfigSources.from(args, Map.of());
            CommandLine.ParseResult pr = Main.commandLine(sources).parseArgs(args);
            CommandLine.ParseResult run = pr.subcommand();
            sources.checkKnown(run.commandSpec());
            RunOptionsAccess.config(run.commandSpec().userObject());
            ValueOrigins.of(run, sources);
        } catch (UsageException | CommandLine.ParameterException e) {
            if (e.getMessage() == null || e.getMessage().isBlank()) {
                throw new AssertionError("a refusal without words", e);
            }
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (!(cause instanceof UsageException)) {
                throw new AssertionError("toConfig threw " + cause, cause);
            }
        } catch (Exception e) {
            throw new AssertionError("reading the file threw " + e, e);
        }
    }
}
