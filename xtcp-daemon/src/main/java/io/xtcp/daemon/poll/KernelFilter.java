package io.xtcp.daemon.poll;

import io.xtcp.core.filter.SocketFilter;
import io.xtcp.core.filter.SystemFilterResolver;
import io.xtcp.core.linux.Errno;
import io.xtcp.core.linux.NetlinkSocket;
import io.xtcp.core.linux.SyscallException;
import io.xtcp.core.netlink.DumpRequest;
import io.xtcp.core.netlink.DumpResult;
import io.xtcp.core.netlink.DumpStats;
import io.xtcp.core.netlink.InetDiagDumper;
import java.io.IOException;

/**
 * {@code --filter} for the polls: the expression compiled against this host (device names through
 * its /sys/class/net, cgroup paths through its cgroup2 mount) and attached to the dump request,
 * and the dry dump that shows, before the first poll, whether this kernel takes the program.
 * Device names are resolved once, in the daemon's own namespace, and the same ifindex is compared
 * in every polled namespace.
 */
public final class KernelFilter {
    private KernelFilter() {}

    /** The parsed and compiled filter; IllegalArgumentException (with a position for syntax) when it is not one. */
    public static SocketFilter compile(String expression) {
        return SocketFilter.compile(expression, new SystemFilterResolver());
    }

    /** Why {@code expression} does not compile here, or null. */
    public static String problem(String expression) {
        try {
            compile(expression);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /** {@code request} carrying the program of {@code expression}, or {@code request} itself for a blank one. */
    public static DumpRequest attach(DumpRequest request, String expression) {
        if (expression == null || expression.isBlank()) {
            return request;
        }
        return request.withBytecode(compile(expression).bytecode());
    }

    /**
     * Dumps once with {@code request} in the calling thread's namespace, discarding the sockets:
     * null when the kernel takes the request, else why not ({@code EINVAL (Invalid argument)} for a
     * program its audit refuses, {@code EPERM} for a mark condition without CAP_NET_ADMIN).
     */
    public static String kernelRefusal(DumpRequest request, int timeoutMillis) throws SyscallException, IOException {
        DumpStats stats = new DumpStats();
        try (NetlinkSocket socket = NetlinkSocket.open(timeoutMillis)) {
            DumpResult r = new InetDiagDumper(stats).dump(socket, request.copy(), (msg, attrs) -> { });
            if (r == DumpResult.DONE) {
                return null;
            }
            return stats.lastErrno != 0 ? Errno.describe(stats.lastErrno) : "the dump ended " + r;
        }
    }
}
