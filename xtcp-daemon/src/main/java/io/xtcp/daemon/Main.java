package io.xtcp.daemon;

import io.xtcp.daemon.config.ConfigSources;
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
    /** Exit status: bad flags, config or input. */
    public static final int EXIT_USAGE = 2;
    /** Exit status: a capability the daemon cannot run without is missing. */
    public static final int EXIT_CAPABILITY = 3;
    /** Exit status: a runtime failure (the kernel refused, I/O failed). */
    public static final int EXIT_FAILURE = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
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
