package io.xtcp.bench;

import io.xtcp.core.netlink.DumpStats;
import io.xtcp.core.netlink.InetDiagDumper;
import io.xtcp.core.pcap.DatagramReplay;
import io.xtcp.core.record.Decoder;
import io.xtcp.core.record.EnvelopeBuilder;
import io.xtcp.core.record.RecordEncoder;
import io.xtcp.core.record.RecordStamp;
import io.xtcp.core.record.SocketDecoder;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
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
        Path shared = Path.of(System.getProperty("xtcp.shared", "../shared"));
        DatagramReplay replay = DatagramReplay.lastDump(shared.resolve("fixtures/netlink/" + kernel + "/tcp_1000_sockets.pcap"));
        InetDiagDumper dumper = new InetDiagDumper(new DumpStats()).checkSequence(false);
        long[] bytes = new long[1];
        EnvelopeBuilder envelopes = new EnvelopeBuilder(10_000, Integer.getInteger("envelope.bytes", 768 * 1024), e -> bytes[0] += e.bodyLength());
        RecordEncoder encoder = new RecordEncoder(new SocketDecoder(Decoder.all()), envelopes);
        encoder.stamp(RecordStamp.of(RecordStamp.base("bench", "host.example", "lab", "", "").build(),
                System.currentTimeMillis() * 1_000_000L, "bench", 4026531840L, 0));
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();

        double[] rates = new double[rounds];
        for (int r = -3; r < rounds; r++) { // three warm-up rounds
            long cpu0 = threads.getCurrentThreadCpuTime();
            long sockets0 = dumper.stats().sockets;
            while (threads.getCurrentThreadCpuTime() - cpu0 < 2_000_000_000L) {
                for (int i = 0; i < 200; i++) {
                    replay.send(null);
                    dumper.readReplies(replay, InetDiagDumper.ANY_REPLY_TYPE, 0, encoder);
                    envelopes.flush();
                }
            }
            double rate = (dumper.stats().sockets - sockets0) * 1e9 / (threads.getCurrentThreadCpuTime() - cpu0);
            if (r >= 0) {
                rates[r] = rate;
            }
            System.out.printf("%s round %d: %.3f M sockets per CPU-second%n", kernel, r, rate / 1e6);
        }
        double[] sorted = rates.clone();
        Arrays.sort(sorted);
        System.out.printf("%s median: %.3f M sockets per CPU-second (%.0f ns per socket); %d envelope bytes%n",
                kernel, sorted[rounds / 2] / 1e6, 1e9 / sorted[rounds / 2], bytes[0]);
    }
}
