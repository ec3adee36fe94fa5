package io.xtcp.daemon.caps;

import io.xtcp.core.linux.Capability;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * One capability xtcp may use: which configured feature needs it ({@code usedWhen}, said in
 * {@code when}), how bad its absence is for such a configuration, what granting it lets the daemon
 * read, what it is needed for and what degrades without it. {@link #TABLE} is the whole model:
 * {@code xtcp caps}, the start-up check, the {@code xtcp_capability} gauges and the deployment
 * snippets ({@link DeploymentSnippet}) all come from it. Checked on Linux 6.18 as uid 65534 under
 * setpriv (docs/deployment.md#capabilities): dumping sockets needs no capability at all.
 */
public record CapabilityRequirement(Capability capability, Severity severity, Predicate<CapabilityUse> usedWhen, String when,
        String lets, String neededFor, String withoutIt) {

    /** How xtcp reacts when a capability its configuration uses is missing. */
    public enum Severity {
        /** xtcp run refuses to start (exit status 3). */
        FATAL,
        /** xtcp runs with less: logged once at start, and its gauge is 0. */
        DEGRADED;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Every capability xtcp may use, in the order {@code xtcp caps} prints them. */
    public static final List<CapabilityRequirement> TABLE = List.of(
            new CapabilityRequirement(Capability.SYS_ADMIN, Severity.FATAL, CapabilityUse::otherNamespaces,
                    "--netns selects more than self",
                    "setns(2) into the namespaces found; it would also allow mount and other administration, which "
                            + "xtcp never does (the unit's SystemCallFilter denies them)",
                    "setns(2) into network namespaces other than xtcp's own, to open a sock_diag socket in each",
                    "xtcp run does not start (--netns self needs no CAP_SYS_ADMIN)"),
            new CapabilityRequirement(Capability.NET_ADMIN, Severity.DEGRADED, use -> true,
                    "always",
                    "the mark of every socket (INET_DIAG_MARK); it would also let the process change interfaces, "
                            + "routes and firewall rules, which xtcp never does",
                    "the socket mark (INET_DIAG_MARK): the kernel reports it only to CAP_NET_ADMIN",
                    "records carry no mark; every socket is still seen"),
            new CapabilityRequirement(Capability.SYS_PTRACE, Severity.DEGRADED, CapabilityUse::procScan,
                    "--netns-dirs includes /proc",
                    "/proc/PID/ns/net of every process, and also /proc/PID/mem, environ and stack: the memory "
                            + "and secrets of every process",
                    "opening /proc/PID/ns/net of processes of other users or with capabilities xtcp lacks",
                    "namespaces held only by such processes are not seen; bind-mounted ones (--netns-dirs) and "
                            + "xtcp's own still are"),
            new CapabilityRequirement(Capability.DAC_READ_SEARCH, Severity.DEGRADED, use -> !use.lockedFolders().isEmpty(),
                    "a --netns-dirs folder cannot be listed by the daemon's user",
                    "namespace files under root-only folders, and also every file on the host (/etc/shadow)",
                    "listing a --netns-dirs folder under a root-only directory (docker's /run/docker is 0700)",
                    "namespaces in that folder are not seen; making the folder readable avoids the capability"));

    /** The rows this configuration uses, in table order. */
    public static List<CapabilityRequirement> usedBy(CapabilityUse use) {
        List<CapabilityRequirement> out = new ArrayList<>();
        for (CapabilityRequirement r : TABLE) {
            if (r.usedWhen().test(use)) {
                out.add(r);
            }
        }
        return out;
    }

    /** The capabilities of {@code rows}, joined by {@code sep}, each named by {@code name}. */
    static String join(List<CapabilityRequirement> rows, String sep, java.util.function.Function<Capability, String> name) {
        StringBuilder sb = new StringBuilder();
        for (CapabilityRequirement r : rows) {
            sb.append(sb.length() == 0 ? "" : sep).append(name.apply(r.capability()));
        }
        return sb.toString();
    }
}
