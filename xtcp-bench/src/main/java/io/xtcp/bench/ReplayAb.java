package io.xtcp.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Compares builds of the decode/encode path inside one JVM, where a process-to-process comparison
 * on a shared VM cannot see a 5 % change: each build's classes (a jar or a class folder, placed
 * ahead of this jar) get a class loader of their own with a {@link ReplaySlice}, and the replay
 * runs in short slices alternating between the builds, each timed by the thread's CPU clock.
 * Prints, per build, the median ns per socket over the slices and its ratio to the first build
 * (median of the per-slice ratios). The JIT still decides differently from one JVM to the next,
 * so run it several times (bench/replay_ab.py does, shuffling the order).
 *
 * <pre>java -cp xtcp-bench/target/benchmarks.jar io.xtcp.bench.ReplayAb CAPTURE SLICES BUILD[@WITHOUT] ...
 *   BUILD: PATH[:PATH...] of classes put ahead of this jar, or "this" for this jar's own
 *   WITHOUT: decoders left out, e.g. INFO or INFO,CONG (where the time goes)</pre>
 */
public final class ReplayAb {
    private static final int WARMUP_SLICES = 20;
    private static final int DUMPS_PER_SLICE = 100;

    private ReplayAb() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: ReplayAb CAPTURE SLICES BUILD[@WITHOUT] ...");
            System.exit(2);
        }
        String capture = args[0];
        int slices = Integer.parseInt(args[1]);
        List<String> builds = Arrays.asList(args).subList(2, args.length);
        URL self = ReplayAb.class.getProtectionDomain().getCodeSource().getLocation();
        int k = builds.size();
        Object[] slice = new Object[k];
        Method[] run = new Method[k];
        for (int i = 0; i < k; i++) {
            String[] spec = builds.get(i).split("@", 2);
            List<URL> urls = new ArrayList<>();
            if (!spec[0].equals("this")) {
                for (String p : spec[0].split(":")) {
                    urls.add(Path.of(p).toUri().toURL());
                }
            }
            urls.add(self);
            ClassLoader loader = new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
            Class<?> c = loader.loadClass(ReplaySlice.class.getName());
            slice[i] = c.getConstructor(String.class, String.class).newInstance(capture, spec.length > 1 ? spec[1] : "");
            run[i] = c.getMethod("run", int.class);
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[][] ns = new double[k][slices];
        for (int s = -WARMUP_SLICES; s < slices; s++) {
            for (int i = 0; i < k; i++) {
                long cpu0 = threads.getCurrentThreadCpuTime();
                long sockets = (long) run[i].invoke(slice[i], DUMPS_PER_SLICE);
                double v = (threads.getCurrentThreadCpuTime() - cpu0) / (double) sockets;
                if (s >= 0) {
                    ns[i][s] = v;
                }
            }
        }
        for (int i = 0; i < k; i++) {
            double[] sorted = ns[i].clone();
            Arrays.sort(sorted);
            double[] ratio = new double[slices];
            for (int s = 0; s < slices; s++) {
                ratio[s] = ns[i][s] / ns[0][s];
            }
            Arrays.sort(ratio);
            System.out.printf("%s median %.1f ns/socket, ratio to the first %.3f (p25 %.3f, p75 %.3f)%n",
                    builds.get(i), sorted[slices / 2], ratio[slices / 2], ratio[slices / 4], ratio[3 * slices / 4]);
        }
    }
}
