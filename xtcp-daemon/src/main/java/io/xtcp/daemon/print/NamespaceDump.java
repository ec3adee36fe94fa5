package io.xtcp.daemon.print;

import io.xtcp.core.linux.SyscallException;
import io.xtcp.core.netlink.DumpRequest;
import io.xtcp.core.record.RecordStamp;
import io.xtcp.daemon.Main;
import io.xtcp.daemon.Version;
import io.xtcp.daemon.caps.CapabilityCheck;
import io.xtcp.daemon.caps.CapabilityUse;
import io.xtcp.daemon.cli.NamespaceOptions;
import io.xtcp.daemon.cli.UsageException;
import io.xtcp.daemon.netns.NamespaceDiscovery;
import io.xtcp.daemon.netns.NamespaceHandle;
import io.xtcp.daemon.poll.NamespacePollResult;
import io.xtcp.daemon.poll.NamespacePoller;
import io.xtcp.daemon.netns.NamespaceRegistry;
import io.xtcp.daemon.netns.NamespaceSelector;
import io.xtcp.schema.v1.XtcpFlatRecord;
import java.io.PrintStream;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code xtcp dump --netns all|self|GLOB,...}: discovers the namespaces once, opens a socket in
 * each selected one, polls them all once with the namespace poller and prints every record with
 * its namespace's name and inode. A namespace that cannot be entered or dumped is reported on
 * stderr (exit status 1) after the others are printed; one that vanished meanwhile is not an error.
 */
public final class NamespaceDump {
    private final NamespaceSelector selector;
    private final NamespaceOptions options;
    private final int timeoutMs;

    public NamespaceDump(NamespaceSelector selector, NamespaceOptions options, int timeoutMs) {
        this.selector = selector;
        this.options = options;
        this.timeoutMs = timeoutMs;
    }

    public int run(DumpRequest request, DumpOutput out, PrintStream err) throws Exception {
        int threads = options.pollThreads();
        warnAboutCapabilities();
        XtcpFlatRecord base = RecordStamp.base(Version.get(), null, null, null, null).build();
        NamespaceDiscovery discovery = new NamespaceDiscovery(options.bindMountDirs());
        try (NamespaceRegistry registry = new NamespaceRegistry(discovery, selector, timeoutMs)) {
            NamespaceRegistry.Reconciliation found = registry.reconcile();
            List<NamespaceHandle> namespaces = registry.snapshot();
            checkNamesExist(namespaces, found);
            List<NamespacePollResult> results;
            try (NamespacePoller poller = new NamespacePoller(threads, request, i -> out.workerHandler(base))) {
                results = poller.poll(namespaces);
            } finally {
                out.finish();
            }
            int status = 0;
            for (NamespaceRegistry.OpenFailure f : found.failures()) {
                err.println("xtcp dump: namespace " + f.namespace() + ": " + f.message());
                status = Main.EXIT_FAILURE;
            }
            for (NamespacePollResult r : results) {
                if (r.status() == NamespacePollResult.Status.FAILED) {
                    err.println("xtcp dump: namespace " + r.namespace() + ": " + r.error());
                    status = Main.EXIT_FAILURE;
                }
            }
            return status;
        }
    }

    /** Entering other namespaces needs CAP_SYS_ADMIN, seeing them all CAP_SYS_PTRACE: say so once. */
    private void warnAboutCapabilities() {
        try {
            CapabilityCheck.current(CapabilityUse.of(!selector.selfOnly(), options.bindMountDirs())).logWarnings();
        } catch (SyscallException e) {
            // capget cannot fail for the calling thread; the opens report what is missing
        }
    }

    /** A name without glob characters that matches nothing is a typo, as for a single --netns NAME. */
    private void checkNamesExist(List<NamespaceHandle> held, NamespaceRegistry.Reconciliation found) {
        Set<String> names = new HashSet<>();
        held.forEach(h -> names.addAll(h.namespace().selectableNames()));
        found.failures().forEach(f -> names.addAll(f.namespace().selectableNames()));
        for (String name : selector.literalNames()) {
            if (!names.contains(name)) {
                throw new UsageException("--netns: no network namespace named '" + name + "' (names come from "
                        + options.bindMountDirs() + ", host for the host's and pid:PID for other /proc/PID/ns/net)");
            }
        }
    }
}
