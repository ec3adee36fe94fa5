package io.xtcp.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * The same replay as {@link DecodeEncodeBenchmark}, timed by the thread's own CPU clock instead of
 * the wall clock: on a shared 2-vCPU machine other processes take the CPU away from a benchmark,
 * which a throughput figure counts against it and CPU time does not. Prints sockets per CPU-second
 * for each round and their median.
 *
 * <pre>java -Dxtcp.shared=../shared -cp xtcp-bench/target/benchmarks.jar io.xtcp.bench.ReplayCpuTime [kernel] [rounds]</pre>
 */
public final class ReplayCpuTime {
    private ReplayCpuTime() {}

    public static void main(String[] args) throws IOException {
        String kernel = args.length > 0 ? args[0] : "6_10_3";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        ReplaySlice replay = ReplaySlice.capture(kernel);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();

        double[] rates = new double[rounds];
        for (int r = -3; r < rounds; r++) { // three warm-up rounds
            long cpu0 = threads.getCurrentThreadCpuTime();
            long sockets = 0;
            while (threads.getCurrentThreadCpuTime() - cpu0 < 2_000_000_000L) {
                sockets += replay.run(200);
            }
            double rate = sockets * 1e9 / (threads.getCurrentThreadCpuTime() - cpu0);
            if (r >= 0) {
                rates[r] = rate;
            }
            System.out.printf("%s round %d: %.3f M sockets per CPU-second%n", kernel, r, rate / 1e6);
        }
        double[] sorted = rates.clone();
        Arrays.sort(sorted);
        System.out.printf("%s median: %.3f M sockets per CPU-second (%.0f ns per socket); %d envelope bytes%n",
                kernel, sorted[rounds / 2] / 1e6, 1e9 / sorted[rounds / 2], replay.bytes());
    }
}
