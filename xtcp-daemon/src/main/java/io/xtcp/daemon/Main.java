package io.xtcp.daemon;

import io.xtcp.daemon.cli.CapsCommand;
import io.xtcp.daemon.cli.DecodeCommand;
import io.xtcp.daemon.cli.DumpCommand;
import io.xtcp.daemon.cli.HealthcheckCommand;
import io.xtcp.daemon.cli.RunCommand;
import io.xtcp.daemon.cli.UsageException;
import io.xtcp.daemon.config.ConfigSources;
import io.xtcp.daemon.config.SettingRefusal;
import io.xtcp.daemon.config.SettingText;
import io.xtcp.daemon.run.FatalErrorHandler;
import io.xtcp.dest.format.TerminalText;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code xtcp} command line. */
@Command(
        name = "xtcp",
        mixinStandardHelpOptions = true,
        versionProvider = Version.Provider.class,
        description = "Streams the kernel's TCP socket state (what `ss --info` shows) from every network namespace.",
        subcommands = {RunCommand.class, DumpCommand.class, DecodeCommand.class, CapsCommand.class, HealthcheckCommand.class})
public final class Main implements Runnable {
    // The exit statuses, one table: docs/cli.md#exit-status. packaging/systemd/xtcp.service and
    // nix/service-config.nix do not restart on EXIT_USAGE and EXIT_CAPABILITY (RestartPreventExitStatus),
    // and do restart on EXIT_FATAL and EXIT_OUT_OF_MEMORY.
    /** Exit status: a one-shot command's runtime failure (the kernel refused, I/O failed, malformed data). */
    public static final int EXIT_FAILURE = 1;
    /** Exit status: bad flags, config or input. */
    public static final int EXIT_USAGE = 2;
    /** Exit status: a capability the daemon cannot run without is missing. */
    public static final int EXIT_CAPABILITY = 3;
    /** Exit status of {@code decode}: a capture ends inside a dump (no NLMSG_DONE), all else clean. */
    public static final int EXIT_INCOMPLETE = 4;
    /** Exit status: a fatal runtime error of {@code run} (a component that died twice, an Error escaping a thread). */
    public static final int EXIT_FATAL = 70;
    /**
     * Exit status: out of memory. The launcher's {@code -XX:OnOutOfMemoryError="kill -9 %p"} ends
     * the JVM with SIGKILL, which a shell and Java's Process report as 137 (128 + 9), as after the
     * kernel's OOM kill; an OutOfMemoryError that escapes a thread exits with the same number.
     */
    public static final int EXIT_OUT_OF_MEMORY = 137;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        FatalErrorHandler.install();
        System.exit(execute(args, System.getenv()));
    }

    /** Runs the command line with an environment; returns the exit status. Shared by main and tests. */
    public static int execute(String[] args, java.util.Map<String, String> env) {
        ConfigSources sources;
        try {
            sources = ConfigSources.from(args, env);
        } catch (UsageException e) {
            System.err.println("xtcp: " + oneLine(e.getMessage()));
            return EXIT_USAGE;
        }
        return commandLine(sources).execute(args);
    }

    /** The configured command line. */
    public static CommandLine commandLine(ConfigSources sources) {
        CommandLine cl = new CommandLine(new Main());
        cl.setDefaultValueProvider(sources);
        cl.setParameterExceptionHandler((ex, a) -> {
            // One line: where the value came from (flag, XTCP_X=v (environment), FILE:LINE: key = v),
            // what is wrong, and where help is.
            CommandLine c = ex.getCommandLine();
            String source = null;
            if (ex.getArgSpec() instanceof CommandLine.Model.OptionSpec) {
                String name = ((CommandLine.Model.OptionSpec) ex.getArgSpec()).longestName();
                source = sources.source(name);
                if (source == null && ex.getValue() != null) {
                    source = name + " " + SettingText.shown(name, ex.getValue()) + " (flag)";
                }
            }
            if (ex.getCause() instanceof SettingRefusal refusal) {
                // A whole problem naming its flag: shown as XtcpConfig's problems are, after the source.
                c.getErr().println("xtcp: " + (source != null ? source + ": " : "") + oneLine(refusal.getMessage()));
                return EXIT_USAGE;
            }
            c.getErr().println("xtcp: " + (source != null ? source + ": " : "")
                    + oneLine(ex.getMessage().length() > 400 ? ex.getMessage().substring(0, 400) + "..." : ex.getMessage())
                    + suggestion(ex) + " (see '" + c.getCommandSpec().qualifiedName() + " --help')");
            return EXIT_USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parseResult) -> {
            if (ex instanceof UsageException) {
                c.getErr().println("xtcp: " + oneLine(ex.getMessage()));
                return EXIT_USAGE;
            }
            c.getErr().println("xtcp: " + oneLine(ex.getMessage()));
            return EXIT_FAILURE;
        });
        return cl;
    }

    /**
     * For a mistyped option or subcommand ({@code --poll-intervl}, {@code dmp}), picocli's nearest
     * names as {@code ". Did you mean: --poll-interval?"}; empty otherwise. Kept on the refusal's
     * one line.
     */
    static String suggestion(CommandLine.ParameterException ex) {
        if (!(ex instanceof CommandLine.UnmatchedArgumentException u)) {
            return "";
        }
        List<String> names = u.getSuggestions();
        if (names == null || names.isEmpty()) {
            return "";
        }
        List<String> shown = new ArrayList<>();
        for (String n : names.subList(0, Math.min(3, names.size()))) {
            shown.add(TerminalText.escapeControls(n));
        }
        return ". Did you mean: " + String.join(" or ", shown) + "?";
    }

    /** A message as one terminal line: values in it are escaped already, so only a stray control character escapes the rest. */
    static String oneLine(String message) {
        return TerminalText.escapeControls(message);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
