package io.xtcp.daemon.caps;

import io.xtcp.core.linux.Capability;
import java.util.List;

/**
 * One capability xtcp asks for: how bad its absence is, what it is needed for, and what degrades
 * without it. {@link #TABLE} is the whole list, in the order {@code xtcp caps} prints it.
 */
public record CapabilityRequirement(Capability capability, Severity severity, String neededFor, String withoutIt) {

    /** How xtcp reacts when the capability is missing. */
    public enum Severity {
        /** xtcp run refuses to start (exit status 3). */
        FATAL,
        /** xtcp runs with less: logged once at start. */
        WARNING;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Placeholders filled from /proc/self/limits when the text is printed. */
    static final String NOFILE = "{nofile}";
    static final String MEMLOCK = "{memlock}";

    /** What xtcp needs, fatal ones first. */
    public static final List<CapabilityRequirement> TABLE = List.of(
            new CapabilityRequirement(Capability.NET_ADMIN, Severity.FATAL,
                    "sock_diag (inet_diag) of all sockets with every attribute: the socket mark (INET_DIAG_MARK) "
                            + "is only reported to it, and TCP close events (SKNLGRP_INET_TCP_DESTROY) can only be "
                            + "subscribed with it",
                    "xtcp run does not start"),
            new CapabilityRequirement(Capability.SYS_ADMIN, Severity.FATAL,
                    "setns(2) into other network namespaces to open a sock_diag socket in each",
                    "xtcp run does not start; only the namespace xtcp runs in could be polled"),
            new CapabilityRequirement(Capability.SYS_PTRACE, Severity.WARNING,
                    "opening /proc/PID/ns/net of processes whose credentials or capabilities differ from xtcp's "
                            + "(containers, other users' processes)",
                    "namespaces held only by such processes are not seen: only bind-mounted namespaces "
                            + "(/run/netns, /run/docker/netns), xtcp's own and those of processes like xtcp are polled"),
            new CapabilityRequirement(Capability.NET_RAW, Severity.WARNING,
                    "raw UDP sink options (sending records from a raw socket, e.g. with a chosen source address)",
                    "udp:// destinations asking for raw-socket options fail to open; plain udp:// works"),
            new CapabilityRequirement(Capability.SYS_RESOURCE, Severity.WARNING,
                    "raising RLIMIT_NOFILE and RLIMIT_MEMLOCK above their hard limits",
                    "open files stay at " + NOFILE + ": xtcp keeps one netlink socket open per polled namespace, "
                            + "so about that many namespaces (less ~100 for the JVM and sinks) can be polled; "
                            + "locked memory stays at " + MEMLOCK + ", which caps memory pinned for the kernel "
                            + "(io_uring rings, locked buffers)"));

    /** The capabilities of the whole table, as systemd's {@code AmbientCapabilities=} wants them. */
    public static String systemdList() {
        StringBuilder sb = new StringBuilder();
        for (CapabilityRequirement r : TABLE) {
            sb.append(sb.length() == 0 ? "" : " ").append(r.capability().capName());
        }
        return sb.toString();
    }

    /** The capabilities of the whole table, comma-separated in capsh's and setcap's spelling. */
    public static String shellList() {
        StringBuilder sb = new StringBuilder();
        for (CapabilityRequirement r : TABLE) {
            sb.append(sb.length() == 0 ? "" : ",").append(r.capability().shellName());
        }
        return sb.toString();
    }
}
