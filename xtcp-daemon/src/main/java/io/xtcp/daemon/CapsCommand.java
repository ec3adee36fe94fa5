package io.xtcp.daemon;

import io.xtcp.daemon.caps.CapabilityCheck;
import io.xtcp.daemon.caps.CapabilityRequirement;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code xtcp caps}: the capability table, present or missing, and what degrades without each. */
@Command(name = "caps", mixinStandardHelpOptions = true,
        description = {"Print the capabilities xtcp uses (read with capget), whether each is present, and what "
                + "degrades without it.",
            "Exit status: 0 when every fatal capability is present (warnings may remain), 3 when a fatal one is missing."})
final class CapsCommand implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
        CapabilityCheck check = CapabilityCheck.current();
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
