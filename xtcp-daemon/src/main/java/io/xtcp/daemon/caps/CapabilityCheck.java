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
 * The effective capabilities (capget(2), through {@link Capabilities}) checked against
 * {@link CapabilityRequirement#TABLE}. Long-running commands call {@link #enforce(PrintStream)}
 * first: a missing fatal capability stops them with exit status {@link Main#EXIT_CAPABILITY} and one
 * message that names it, says why it is needed and how to grant it; missing warnings are logged once.
 */
public final class CapabilityCheck {
    private static final Logger LOG = LoggerFactory.getLogger(CapabilityCheck.class);

    private final Capabilities present;
    private final List<CapabilityRequirement> table;
    private final ResourceLimits limits;
    private boolean warned;

    public CapabilityCheck(Capabilities present, List<CapabilityRequirement> table) {
        this(present, table, ResourceLimits.current());
    }

    CapabilityCheck(Capabilities present, List<CapabilityRequirement> table, ResourceLimits limits) {
        this.present = present;
        this.table = List.copyOf(table);
        this.limits = limits;
    }

    /** The calling thread's capabilities against the whole table. */
    public static CapabilityCheck current() throws SyscallException {
        return new CapabilityCheck(Capabilities.current(), CapabilityRequirement.TABLE);
    }

    public Capabilities capabilities() {
        return present;
    }

    public boolean has(Capability c) {
        return present.has(c);
    }

    /** The requirements not met, in table order. */
    public List<CapabilityRequirement> missing() {
        List<CapabilityRequirement> out = new ArrayList<>();
        for (CapabilityRequirement r : table) {
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
     * otherwise logs each missing warning once and returns 0.
     */
    public int enforce(PrintStream err) {
        Optional<CapabilityRequirement> fatal = firstMissingFatal();
        if (fatal.isPresent()) {
            err.println(fatalMessage(fatal.get()));
            return Main.EXIT_CAPABILITY;
        }
        logWarnings(null);
        return 0;
    }

    /**
     * Logs, once per check, a warning for each missing requirement, or only for those among
     * {@code only} when it is not null (a one-shot command logs what concerns it).
     */
    public synchronized void logWarnings(List<Capability> only) {
        if (warned) {
            return;
        }
        warned = true;
        for (CapabilityRequirement r : missing()) {
            if (only == null || only.contains(r.capability())) {
                LOG.warn("{}", warningMessage(r));
            }
        }
    }

    /** One paragraph: the capability, why it is needed, and how to grant it. */
    public String fatalMessage(CapabilityRequirement r) {
        return "xtcp: missing capability " + r.capability().capName() + " (fatal): it is needed for "
                + r.neededFor() + ". Without it " + withoutIt(r) + ".\n" + grantAdvice();
    }

    /** One line: the capability and what degrades without it. */
    public String warningMessage(CapabilityRequirement r) {
        return "missing capability " + r.capability().capName() + ": it is needed for " + r.neededFor()
                + "; without it " + withoutIt(r);
    }

    /** How to grant the capabilities, for systemd, a shell and a container. */
    public static String grantAdvice() {
        String systemd = CapabilityRequirement.systemdList();
        String shell = CapabilityRequirement.shellList();
        return "Grant it:\n"
                + "  systemd:   AmbientCapabilities=" + systemd + "\n"
                + "             CapabilityBoundingSet=" + systemd + "\n"
                + "  shell:     sudo capsh --user=\"$USER\" --inh=" + shell + " --addamb=" + shell
                + " -- -c 'xtcp run ...'\n"
                + "             (or run as root; setcap " + shell + "+ep on the java binary works too, but then "
                + "the JDK's lib directory must be listed in /etc/ld.so.conf.d)\n"
                + "  container: docker run --cap-add NET_ADMIN --cap-add SYS_ADMIN --cap-add SYS_PTRACE --pid host ...\n"
                + "A capability missing from the bounding set (CapBnd in /proc/self/status) cannot be granted from inside: "
                + "fix the parent (unit, container runtime, capsh --drop).";
    }

    /** The table, one line per capability: name, present or MISSING, fatal or warning, and what it is for. */
    public void printTable(PrintStream out) {
        out.printf("%-17s %-8s %-8s %s%n", "CAPABILITY", "STATE", "IF-NONE", "NEEDED FOR / WITHOUT IT");
        for (CapabilityRequirement r : table) {
            boolean has = present.has(r.capability());
            out.printf("%-17s %-8s %-8s %s%n", r.capability().capName(), has ? "present" : "MISSING",
                    r.severity().label(), r.neededFor());
            if (!has) {
                out.printf("%-17s %-8s %-8s without it: %s%n", "", "", "", withoutIt(r));
            }
        }
        out.println(present);
    }

    private String withoutIt(CapabilityRequirement r) {
        return r.withoutIt()
                .replace(CapabilityRequirement.NOFILE, limits.openFiles())
                .replace(CapabilityRequirement.MEMLOCK, limits.lockedMemory());
    }
}
