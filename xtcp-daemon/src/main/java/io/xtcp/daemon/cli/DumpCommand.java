package io.xtcp.daemon.cli;

import io.xtcp.core.linux.NetlinkSocket;
import io.xtcp.core.linux.Netns;
import io.xtcp.core.linux.NsidLookup;
import io.xtcp.core.linux.SyscallException;
import io.xtcp.core.netlink.DumpRequest;
import io.xtcp.core.netlink.DumpResult;
import io.xtcp.core.netlink.DumpStats;
import io.xtcp.core.netlink.InetDiagDumper;
import io.xtcp.core.linux.Errno;
import io.xtcp.core.record.Decoder;
import io.xtcp.core.record.RecordStamp;
import io.xtcp.daemon.Main;
import io.xtcp.daemon.Version;
import io.xtcp.daemon.config.RequestConverter;
import io.xtcp.daemon.netns.Namespace;
import io.xtcp.daemon.netns.NamespaceDiscovery;
import io.xtcp.daemon.netns.NamespaceSelector;
import io.xtcp.daemon.poll.KernelFilter;
import io.xtcp.daemon.print.DumpOutput;
import io.xtcp.daemon.print.NamespaceDump;
import io.xtcp.daemon.print.PollTimer;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code xtcp dump}: one poll of a network namespace, or of every selected one, printed. */
@Command(name = "dump", mixinStandardHelpOptions = true,
        description = "Poll the TCP sockets of a network namespace, or of every selected one, once and print them.")
public final class DumpCommand implements Callable<Integer> {
    @Mixin
    OutputOptions output;

    @Option(names = "--netns", paramLabel = "NAME|PATH|SELECTION",
            description = {"Namespace to dump: a name under /run/netns or a path such as /proc/PID/ns/net (default: the current one).",
                "Or a selection of the namespaces discovered in the bind-mount folders and /proc: all, self (xtcp's own), host (the host's), "
                        + "names and globs (* ? [a-z]), comma-separated; records then carry each namespace's name and inode."})
    String netns;

    @Mixin
    NamespaceOptions namespaces;

    @Option(names = "--request", defaultValue = "legacy", converter = RequestConverter.class, paramLabel = "MODE",
            description = "How to ask the kernel: legacy (one TCPDIAG_GETSOCK walk for IPv4 and IPv6) or by-family "
                    + "(one SOCK_DIAG_BY_FAMILY walk per family) (default: ${DEFAULT-VALUE}).")
    DumpRequest.Mode request;

    @Option(names = "--filter", paramLabel = "EXPR",
            description = "Dump only the sockets this ss-style filter matches, filtered in the kernel: sport/dport = != < <= > >= PORT, "
                    + "src/dst ADDR[/LEN][:PORT] ([::1]:80), dev NAME, mark = V/M, cgroup PATH, and/or/not, ( ) (docs/filters.md).")
    String filter;

    @Option(names = "--timeout", defaultValue = "5000", paramLabel = "MS",
            description = "Give up when the kernel sends nothing for this long, in milliseconds (default: ${DEFAULT-VALUE}).")
    int timeoutMs;

    @Option(names = "--repeat", defaultValue = "1", paramLabel = "N",
            description = "Poll N times on one socket and print CPU and wall time per poll to stderr (for benchmarks).")
    int repeat;

    @Override
    public Integer call() throws Exception {
        Set<Decoder> decoders = output.decoderSet();
        int states = output.stateMask();
        DumpRequest req = DumpRequest.of(request, states, Decoder.extensions(decoders));
        try {
            req = KernelFilter.attach(req, filter);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--filter: " + e.getMessage());
        }
        if (repeat < 1 || repeat > 1_000_000) {
            throw new UsageException("--repeat must be between 1 and 1000000, got " + repeat);
        }
        if (timeoutMs < 1 || timeoutMs > 600_000) {
            throw new UsageException("--timeout must be between 1 and 600000 (milliseconds), got " + timeoutMs);
        }
        if (namespaces.threads != null && (namespaces.threads < 1 || namespaces.threads > 64)) {
            throw new UsageException("--netns-threads must be between 1 and 64, got " + namespaces.threads);
        }
        DumpOutput out = DumpOutput.create(output, decoders);
        if (netns != null && NamespaceSelector.isSelection(netns)) {
            if (repeat != 1) {
                throw new UsageException("--repeat works on one namespace; give --netns NAME|PATH");
            }
            NamespaceSelector selector = selector();
            return new NamespaceDump(selector, namespaces, timeoutMs).run(req, out, System.err);
        }
        if (!namespaces.excludes().isEmpty()) {
            throw new UsageException("--netns-exclude needs a selection: --netns all, self or NAME,GLOB,...");
        }
        DumpStats stats = new DumpStats();
        PollTimer timer = repeat > 1 ? new PollTimer(System.err) : null;
        try (NetlinkSocket socket = open()) {
            if (netns != null) {
                String path = Netns.resolve(netns);
                long inode = Netns.inode(path);
                int nsid;
                try (NsidLookup nsids = NsidLookup.open()) { // main thread: the daemon's own namespace
                    nsid = nsids.lookup(path, inode);
                }
                out.stamp(RecordStamp.of(RecordStamp.base(Version.get(), null, null, null, null).build(), 0, netns, inode, nsid));
            } else {
                stampHost(out);
            }
            InetDiagDumper dumper = new InetDiagDumper(stats);
            for (int i = 0; i < repeat; i++) {
                long socketsBefore = stats.sockets;
                long recvBefore = stats.datagrams;
                long bytesBefore = stats.bytes;
                if (timer != null) {
                    timer.start();
                }
                DumpResult result = dumper.dump(socket, req, out.handler());
                out.finish();
                if (timer != null) {
                    timer.stop(stats.sockets - socketsBefore, stats.datagrams - recvBefore, stats.bytes - bytesBefore);
                }
                if (result != DumpResult.DONE && req.bytecode() != null
                        && (stats.lastErrno == Errno.EINVAL || stats.lastErrno == Errno.EPERM)) {
                    throw new UsageException("--filter: the kernel refused the filter program: " + Errno.describe(stats.lastErrno));
                }
                if (result != DumpResult.DONE) {
                    System.err.println("xtcp dump: inet_diag dump failed: " + Errno.describe(stats.lastErrno));
                    return Main.EXIT_FAILURE;
                }
            }
        }
        if (timer != null) {
            timer.summary();
        }
        return 0;
    }

    /**
     * Without --netns the dump is of xtcp's own namespace: when that is the host's, its records
     * carry the name {@code host} and its inode, as {@code run} and {@code --netns all} name it.
     */
    private static void stampHost(DumpOutput out) {
        long own;
        try {
            own = Netns.inode("/proc/self/ns/net");
        } catch (IOException | RuntimeException e) {
            return;
        }
        if (own == NamespaceDiscovery.hostInode()) {
            out.stamp(RecordStamp.of(RecordStamp.base(Version.get(), null, null, null, null).build(), 0,
                    Namespace.HOST, own, 0));
        }
    }

    private NamespaceSelector selector() {
        try {
            return NamespaceSelector.parse(List.of(netns), namespaces.excludes());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** Opens the socket here, or inside --netns on a short-lived platform thread (setns moves only that thread). */
    private NetlinkSocket open() throws Exception {
        if (netns == null) {
            return NetlinkSocket.open(timeoutMs);
        }
        String path = Netns.resolve(netns);
        AtomicReference<Object> result = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                result.set(Netns.openSocket(path, timeoutMs));
            } catch (SyscallException | RuntimeException e) {
                result.set(e);
            }
        }, "xtcp-netns-enter");
        t.start();
        t.join();
        Object r = result.get();
        if (r instanceof NetlinkSocket) {
            return (NetlinkSocket) r;
        }
        if (r instanceof SyscallException && ((SyscallException) r).errno() == Errno.ENOENT) {
            throw new UsageException("--netns " + netns + ": " + ((Exception) r).getMessage());
        }
        throw (Exception) r;
    }
}
