package io.xtcp.daemon.cli;

import io.xtcp.daemon.Main;
import io.xtcp.daemon.caps.CapabilityCheck;
import io.xtcp.daemon.caps.CapabilityRequirement;
import io.xtcp.daemon.caps.CapabilityUse;
import io.xtcp.daemon.caps.DeploymentSnippet;
import io.xtcp.daemon.netns.NamespaceDiscovery;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code xtcp caps}: the capability table, present or missing, which ones a configuration uses and
 * what degrades without each; {@code --for} prints a packaged deployment's settings from the table.
 */
@Command(name = "caps", mixinStandardHelpOptions = true,
        description = {"Print the capabilities xtcp may use (read with capget), whether each is present, whether the "
                + "configuration given by --netns and --netns-dirs uses it, and what degrades without it.",
            "Exit status: 0 when every fatal capability the configuration uses is present, 3 when one is missing."})
public final class CapsCommand implements Callable<Integer> {
    @Option(names = "--netns", defaultValue = "all", split = ",", paramLabel = "SELECTOR",
            description = "As run's --netns: all, self, host, or names/globs (default: ${DEFAULT-VALUE}).")
    List<String> netns;

    @Option(names = "--netns-dirs", defaultValue = NamespaceDiscovery.DEFAULT_DIRS_FLAG, split = ",", paramLabel = "DIR",
            description = "As run's --netns-dirs (default: ${DEFAULT-VALUE}).")
    List<Path> netnsDirs;

    @Option(names = "--for", paramLabel = "DEPLOYMENT",
            description = "Print the capability settings of a packaged deployment instead: systemd, kubernetes or nix.")
    String deployment;

    @Override
    public Integer call() throws Exception {
        if (deployment != null) {
            try {
                System.out.print(DeploymentSnippet.of(deployment).text());
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            return 0;
        }
        CapabilityCheck check = CapabilityCheck.current(CapabilityUse.of(netns, netnsDirs));
        check.printTable(System.out);
        System.out.flush();
        Optional<CapabilityRequirement> fatal = check.firstMissingFatal();
        if (fatal.isPresent()) {
            // the table above shows every missing one; the message explains the first, as `run` does
            System.err.println(check.fatalMessage(fatal.get()));
            return Main.EXIT_CAPABILITY;
        }
        return 0;
    }
}
