package io.xtcp.daemon.caps;

import io.xtcp.core.linux.Capabilities;
import io.xtcp.core.linux.Capability;
import io.xtcp.core.linux.SyscallException;
import io.xtcp.daemon.Main;
import io.xtcp.daemon.caps.CapabilityRequirement.Severity;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The effective capabilities (capget(2), through {@link Capabilities}) checked against the rows of
 * {@link CapabilityRequirement#TABLE} one configuration uses. Long-running commands call
 * {@link #enforce(PrintStream)} first: a missing fatal capability stops them with exit status
 * {@link Main#EXIT_CAPABILITY} and one message that names it, says why it is needed and how to grant
 * it; missing degraded ones are logged once.
 */
public final class CapabilityCheck {
    private static final Logger LOG = LoggerFactory.getLogger(CapabilityCheck.class);

    private final Capabilities present;
    private final CapabilityUse use;
    private final List<CapabilityRequirement> used;
    private boolean warned;

    public CapabilityCheck(Capabilities present, CapabilityUse use) {
        this.present = present;
        this.use = use;
        this.used = CapabilityRequirement.usedBy(use);
    }

    /** The calling thread's capabilities against what {@code use} needs. */
    public static CapabilityCheck current(CapabilityUse use) throws SyscallException {
        return new CapabilityCheck(Capabilities.current(), use);
    }

    public Capabilities capabilities() {
        return present;
    }

    public boolean has(Capability c) {
        return present.has(c);
    }

    /** The rows this configuration uses: what {@code xtcp_capability} exports. */
    public List<CapabilityRequirement> used() {
        return used;
    }

    /** The used requirements not met, in table order. */
    public List<CapabilityRequirement> missing() {
        List<CapabilityRequirement> out = new ArrayList<>();
        for (CapabilityRequirement r : used) {
            if (!present.has(r.capability())) {
                out.add(r);
            }
        }
        return out;
    }

    /** The first missing fatal requirement, if any. */
    public Optional<CapabilityRequirement> firstMissingFatal() {
        return missing().stream().filter(r -> r.severity() == Severity.FATAL).findFirst();
    }

    /**
     * What {@code run} calls before anything else. When a fatal capability is missing, prints
     * {@link #fatalMessage} for the first one to {@code err} and returns {@link Main#EXIT_CAPABILITY};
     * otherwise logs each missing degraded one once and returns 0.
     */
    public int enforce(PrintStream err) {
        Optional<CapabilityRequirement> fatal = firstMissingFatal();
        if (fatal.isPresent()) {
            err.println(fatalMessage(fatal.get()));
            return Main.EXIT_CAPABILITY;
        }
        logWarnings();
        return 0;
    }

    /** Logs, once per check, a warning for each missing capability the configuration uses. */
    public synchronized void logWarnings() {
        if (warned) {
            return;
        }
        warned = true;
        for (CapabilityRequirement r : missing()) {
            LOG.warn("{}", warningMessage(r));
        }
    }

    /** One paragraph: the capability, why it is needed, and how to grant it. */
    public String fatalMessage(CapabilityRequirement r) {
        return "xtcp: missing capability " + r.capability().capName() + " (fatal): it is needed for "
                + r.neededFor() + ". Without it " + r.withoutIt() + ".\n" + grantAdvice();
    }

    /** One line: the capability and what degrades without it. */
    public String warningMessage(CapabilityRequirement r) {
        String where = r.capability() == Capability.DAC_READ_SEARCH ? " (" + use.lockedFolders() + ")" : "";
        return "missing capability " + r.capability().capName() + ": it is needed for " + r.neededFor() + where
                + "; without it " + r.withoutIt();
    }

    /** How to grant the capabilities this configuration uses, for systemd, a shell and a container. */
    public String grantAdvice() {
        String systemd = CapabilityRequirement.join(used, " ", Capability::capName);
        String setpriv = CapabilityRequirement.join(used, ",", c -> "+" + c.name().toLowerCase(java.util.Locale.ROOT));
        String docker = CapabilityRequirement.join(used, " ", c -> "--cap-add " + c.name());
        return "Grant it:\n"
                + "  systemd:   AmbientCapabilities=" + systemd + "\n"
                + "             CapabilityBoundingSet=" + systemd + "\n"
                + "             (xtcp caps --for systemd|kubernetes|nix prints the packaged settings)\n"
                + "  shell:     sudo setpriv --reuid=\"$USER\" --init-groups --inh-caps=" + setpriv
                + " --ambient-caps=" + setpriv + " -- xtcp run ...   (or run as root)\n"
                + "  container: docker run " + docker + (use.procScan() ? " --pid host" : "") + " ...\n"
                + "A capability missing from the bounding set (CapBnd in /proc/self/status) cannot be granted from inside: "
                + "fix the parent (unit, container runtime, capsh --drop).";
    }

    /** Every row: name, present or MISSING, fatal, degraded or unused here, and what it is for. */
    public void printTable(PrintStream out) {
        out.printf("%-20s %-8s %-9s %s%n", "CAPABILITY", "STATE", "IF-NONE", "NEEDED FOR / WITHOUT IT");
        for (CapabilityRequirement r : CapabilityRequirement.TABLE) {
            boolean has = present.has(r.capability());
            boolean isUsed = used.contains(r);
            out.printf("%-20s %-8s %-9s %s%n", r.capability().capName(), has ? "present" : "MISSING",
                    isUsed ? r.severity().label() : "unused", r.neededFor());
            if (!isUsed) {
                out.printf("%-20s %-8s %-9s used when %s%n", "", "", "", r.when());
            } else if (!has) {
                out.printf("%-20s %-8s %-9s without it: %s%n", "", "", "", r.withoutIt());
            }
        }
        out.println(present);
    }
}
