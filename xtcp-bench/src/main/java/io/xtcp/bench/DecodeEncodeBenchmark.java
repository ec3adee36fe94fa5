package io.xtcp.bench;

import java.io.IOException;
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
// The launcher's JIT directives (bin/xtcp), so the benchmark compiles the decoder as the daemon does.
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseSerialGC", "-Xmx256m", "-XX:CompileCommand=quiet",
    "-XX:CompileCommand=dontinline,io.xtcp.core.record.TcpInfoDecoder::decode",
    "-XX:CompileCommand=dontinline,io.xtcp.core.record.SocketDecoder::decodeMessage"})
@State(Scope.Thread)
public class DecodeEncodeBenchmark {
    @Param({"5_4_281", "5_15_164", "6_10_3"})
    public String kernel;

    private ReplaySlice replay;

    /** Sockets decoded, reported per second next to the dump rate. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counters {
        public long sockets;
    }

    @Setup(Level.Trial)
    public void setup() throws IOException {
        replay = ReplaySlice.capture(kernel);
    }

    @Benchmark
    public long decodeEncode(Counters counters) throws IOException {
        counters.sockets += replay.run(1);
        return replay.bytes();
    }
}
