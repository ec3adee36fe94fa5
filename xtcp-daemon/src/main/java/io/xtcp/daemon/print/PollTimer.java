package io.xtcp.daemon.print;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Measures repeated polls for {@code dump --repeat}: CPU of the polling thread (user + kernel,
 * which includes the kernel's own dump work), CPU of the whole process (adds JIT and GC), and
 * wall time. Prints one line per poll and a summary of medians (with recv calls, reply bytes and
 * the peak resident set), like the kernel-floor tool.
 */
public final class PollTimer {
    private final PrintStream out;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final List<double[]> polls = new ArrayList<>();
    private long thread0;
    private long process0;
    private long wall0;

    public PollTimer(PrintStream out) {
        this.out = out;
    }

    public void start() {
        wall0 = System.nanoTime();
        thread0 = threads.getCurrentThreadCpuTime();
        process0 = os.getProcessCpuTime();
    }

    public void stop(long sockets, long recvs, long bytes) {
        double threadUs = (threads.getCurrentThreadCpuTime() - thread0) / 1e3;
        double processUs = (os.getProcessCpuTime() - process0) / 1e3;
        double wallUs = (System.nanoTime() - wall0) / 1e3;
        polls.add(new double[] {sockets, threadUs, processUs, wallUs, recvs, bytes});
        out.printf("poll %d sockets=%d recvs=%d bytes=%d thread_cpu_us=%.0f process_cpu_us=%.0f wall_us=%.0f%n",
                polls.size(), sockets, recvs, bytes, threadUs, processUs, wallUs);
    }

    /** Medians over the second half of the polls (the first half warms the JIT up). */
    public void summary() {
        List<double[]> measured = polls.subList(polls.size() / 2, polls.size());
        double sockets = median(measured, 0);
        double thread = median(measured, 1);
        double process = median(measured, 2);
        double wall = median(measured, 3);
        double recvs = median(measured, 4);
        double bytes = median(measured, 5);
        out.printf("summary polls=%d sockets=%.0f thread_cpu_us=%.0f process_cpu_us=%.0f wall_us=%.0f "
                        + "thread_cpu_us_per_socket=%.3f process_cpu_us_per_socket=%.3f "
                        + "recvs=%.0f bytes=%.0f bytes_per_socket=%.1f max_rss_kib=%d%n",
                measured.size(), sockets, thread, process, wall,
                sockets > 0 ? thread / sockets : 0, sockets > 0 ? process / sockets : 0,
                recvs, bytes, sockets > 0 ? bytes / sockets : 0, peakRssKib());
    }

    /** VmHWM of this process (peak resident set), 0 where /proc is not readable. */
    static long peakRssKib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    private static double median(List<double[]> rows, int col) {
        List<Double> v = new ArrayList<>();
        for (double[] r : rows) {
            v.add(r[col]);
        }
        Collections.sort(v);
        int n = v.size();
        return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
    }
}
