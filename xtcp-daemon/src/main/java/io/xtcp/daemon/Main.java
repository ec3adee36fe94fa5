package io.xtcp.daemon;

import io.xtcp.daemon.config.ConfigSources;
import io.xtcp.daemon.run.FatalErrorHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code xtcp} command line. */
@Command(
        name = "xtcp",
        mixinStandardHelpOptions = true,
        versionProvider = Version.Provider.class,
        description = "Streams the kernel's TCP socket state (what `ss --info` shows) from every network namespace.",
        subcommands = {RunCommand.class, DumpCommand.class, DecodeCommand.class, CapsCommand.class})
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
            System.err.println("xtcp: " + e.getMessage());
            return EXIT_USAGE;
        }
        return commandLine(sources).execute(args);
    }

    /** The configured command line. */
    public static CommandLine commandLine(ConfigSources sources) {
        CommandLine cl = new CommandLine(new Main());
        cl.setDefaultValueProvider(sources);
        cl.setParameterExceptionHandler((ex, a) -> {
            CommandLine c = ex.getCommandLine();
            String origin = null;
            if (ex.getArgSpec() instanceof CommandLine.Model.OptionSpec) {
                origin = sources.origin(((CommandLine.Model.OptionSpec) ex.getArgSpec()).longestName());
            }
            c.getErr().println("xtcp: " + ex.getMessage() + (origin != null ? " (from " + origin + ")" : ""));
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
            return EXIT_USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parseResult) -> {
            if (ex instanceof UsageException) {
                c.getErr().println("xtcp: " + ex.getMessage());
                return EXIT_USAGE;
            }
            c.getErr().println("xtcp: " + ex.getMessage());
            return EXIT_FAILURE;
        });
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
