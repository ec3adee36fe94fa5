package io.xtcp.daemon.cli;

import io.xtcp.daemon.Version;
import io.xtcp.daemon.config.ConfigSources;
import io.xtcp.daemon.config.ValueOrigins;
import io.xtcp.daemon.config.XtcpConfig;
import io.xtcp.daemon.log.LoggingSetup;
import io.xtcp.daemon.run.Daemon;
import io.xtcp.daemon.run.StartupChecks;
import io.xtcp.daemon.run.StartupLimits;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code xtcp run}: the long-running daemon. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Poll every selected network namespace on a schedule and stream the records to a destination.",
            "Each flag can also be set as XTCP_<FLAG> in the environment or as '<flag> = value' in --config FILE;",
            "flags win over the environment, which wins over the file.",
            "Exit status: 0 after SIGTERM/SIGINT or --max-polls, 2 for bad configuration (sizes that do not fit the destination or the heap too),",
            "3 for a missing capability, 70 for a fatal runtime error, 137 out of memory (docs/cli.md#exit-status)."})
public final class RunCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Mixin
    RunOptions options;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ConfigSources sources = (ConfigSources) spec.commandLine().getDefaultValueProvider();
        if (sources != null) {
            sources.checkKnown(spec);
        }
        ValueOrigins origins = ValueOrigins.of(spec.commandLine().getParseResult(), sources);
        XtcpConfig config = options.toConfig(origins);
        StartupChecks.check(config, origins);
        StartupLimits.checkHeap(config, origins, Runtime.getRuntime().maxMemory());
        LoggingSetup.configure(config.logFormat(), config.logLevel());
        LOG.info("xtcp {} starting: {}", Version.get(), config.describe());
        return new Daemon(config, origins).run();
    }
}
