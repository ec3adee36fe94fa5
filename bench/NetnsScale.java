// Scale benchmark of xtcp's namespace poller; run by netns-scale.sh, not a test.
// java -cp xtcp-daemon/target/xtcp.jar bench/NetnsScale.java SELECTION CYCLES THREADS,...
import com.sun.management.OperatingSystemMXBean;
import io.xtcp.core.netlink.DiagAttributes;
import io.xtcp.core.netlink.DumpRequest;
import io.xtcp.core.netlink.InetDiagMsg;
import io.xtcp.core.netlink.Netlink;
import io.xtcp.daemon.netns.Namespace;
import io.xtcp.daemon.netns.NamespaceDiscovery;
import io.xtcp.daemon.poll.NamespaceDumpHandler;
import io.xtcp.daemon.poll.NamespacePollResult;
import io.xtcp.daemon.poll.NamespacePoller;
import io.xtcp.daemon.netns.NamespaceRegistry;
import io.xtcp.daemon.netns.NamespaceSelector;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;

public class NetnsScale {
    static final OperatingSystemMXBean OS = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /** Counts sockets only: the figure is the fixed cost of a namespace, not of encoding. */
    static final class Counting implements NamespaceDumpHandler {
        long sockets;

        @Override
        public void begin(Namespace ns, long timestampNs) {}

        @Override
        public void onSocket(InetDiagMsg msg, DiagAttributes attrs) {
            sockets++;
        }
    }

    public static void main(String[] args) throws Exception {
        String selection = args[0];
        int cycles = Integer.parseInt(args[1]);
        String[] threadCounts = (args.length > 2 ? args[2] : "default").split(",");
        state("start");

        NamespaceRegistry registry = new NamespaceRegistry(NamespaceDiscovery.defaults(),
                NamespaceSelector.parse(List.of(selection), List.of()), 5000);
        long t0 = System.nanoTime();
        long c0 = OS.getProcessCpuTime();
        NamespaceRegistry.Reconciliation r = registry.reconcile();
        long openNs = System.nanoTime() - t0;
        long openCpu = OS.getProcessCpuTime() - c0;
        int n = registry.snapshot().size();
        System.out.printf("opened %d namespaces in %.1f ms (%.1f us wall, %.1f us CPU each; %d failures)%n",
                n, openNs / 1e6, openNs / 1e3 / n, openCpu / 1e3 / n, r.failures().size());
        state("sockets open");

        for (String tc : threadCounts) {
            int threads = tc.equals("default") ? NamespacePoller.defaultThreads() : Integer.parseInt(tc);
            try (NamespacePoller poller = new NamespacePoller(threads, DumpRequest.legacy(Netlink.ALL_STATES, 0xFF),
                    i -> new Counting())) {
                for (int i = 0; i < 3; i++) {
                    poller.poll(registry.snapshot()); // warm-up: JIT, first-touch
                }
                double[] wall = new double[cycles];
                long cpu0 = OS.getProcessCpuTime();
                int failed = 0;
                for (int i = 0; i < cycles; i++) {
                    long s = System.nanoTime();
                    for (NamespacePollResult p : poller.poll(registry.snapshot())) {
                        failed += p.ok() ? 0 : 1;
                    }
                    wall[i] = (System.nanoTime() - s) / 1e6;
                }
                double cpuPerCycle = (OS.getProcessCpuTime() - cpu0) / 1e6 / cycles;
                Arrays.sort(wall);
                double med = wall[cycles / 2];
                System.out.printf("threads=%s%s: poll cycle of %d namespaces: median %.1f ms (min %.1f, max %.1f) wall, "
                                + "%.1f ms CPU; per namespace %.0f us wall, %.0f us CPU; failed dumps %d%n",
                        threads, tc.equals("default") ? " (default)" : "", n, med, wall[0], wall[cycles - 1], cpuPerCycle,
                        med * 1e3 / n, cpuPerCycle * 1e3 / n, failed);
                state("  while polling with " + threads + " threads");
            }
        }

        double[] rec = new double[9];
        long sc = OS.getProcessCpuTime();
        for (int i = 0; i < rec.length; i++) {
            long s = System.nanoTime();
            registry.reconcile();
            rec[i] = (System.nanoTime() - s) / 1e6;
        }
        double recCpu = (OS.getProcessCpuTime() - sc) / 1e6 / rec.length;
        Arrays.sort(rec);
        System.out.printf("steady reconcile (scan of bind mounts and /proc, nothing changed): median %.1f ms wall "
                + "(min %.1f), %.1f ms CPU%n", rec[rec.length / 2], rec[0], recCpu);
        registry.close();
        state("after close");
    }

    static void state(String when) {
        File fd = new File("/proc/self/fd");
        File task = new File("/proc/self/task");
        long sockets = Arrays.stream(fd.listFiles()).filter(f -> {
            try {
                return java.nio.file.Files.readSymbolicLink(f.toPath()).toString().startsWith("socket:");
            } catch (Exception e) {
                return false;
            }
        }).count();
        System.out.printf("%s: threads=%d fds=%d (sockets %d) heap used=%d MiB%n", when, task.list().length,
                fd.list().length, sockets, (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
    }
}
