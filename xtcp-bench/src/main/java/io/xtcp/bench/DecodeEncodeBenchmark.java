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
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The poll path without syscalls: the reply datagrams of a real 1000-socket kernel capture are
 * replayed from memory through the reply walker, the decoder and the protobuf encoder into
 * envelopes that are counted and dropped. One operation is one whole dump; the {@code sockets}
 * counter gives sockets per second. Run with {@code -prof gc} for bytes allocated per dump.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseSerialGC", "-Xmx256m"})
@State(Scope.Thread)
public class DecodeEncodeBenchmark {
    @Param({"5_4_281", "5_15_164", "6_10_3"})
    public String kernel;

    private DatagramReplay replay;
    private InetDiagDumper dumper;
    private RecordEncoder encoder;
    private long envelopeBytes;

    /** Sockets decoded, reported per second next to the dump rate. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counters {
        public long sockets;
    }

    @Setup(Level.Trial)
    public void setup() throws IOException {
        Path shared = Path.of(System.getProperty("xtcp.shared", "../shared"));
        replay = DatagramReplay.lastDump(shared.resolve("fixtures/netlink/" + kernel + "/tcp_1000_sockets.pcap"));
        dumper = new InetDiagDumper(new DumpStats()).checkSequence(false);
        EnvelopeBuilder envelopes = new EnvelopeBuilder(10_000, 768 * 1024, e -> envelopeBytes += e.bodyLength());
        encoder = new RecordEncoder(new SocketDecoder(Decoder.all()), envelopes);
        encoder.stamp(RecordStamp.of(RecordStamp.base("bench", "host.example", "lab", "", "").build(),
                System.currentTimeMillis() * 1_000_000L, "bench", 4026531840L, 0));
    }

    @Benchmark
    public long decodeEncode(Counters counters) throws IOException {
        long before = dumper.stats().sockets;
        replay.send(null);
        dumper.readReplies(replay, InetDiagDumper.ANY_REPLY_TYPE, 0, encoder);
        encoder.envelope().flush();
        counters.sockets += dumper.stats().sockets - before;
        return envelopeBytes;
    }
}
