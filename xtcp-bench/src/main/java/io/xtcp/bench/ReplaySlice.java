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
import java.util.EnumSet;
import java.util.Set;

/**
 * The replay every benchmark here runs: the last dump of a real capture, from memory, through the
 * reply walker, the decoder and the protobuf encoder into envelopes that are counted and dropped.
 * {@link ReplayAb} loads it once per build, in that build's own class loader, so it links against
 * that build's decoder and encoder: it uses only APIs every build has.
 */
public final class ReplaySlice {
    private final DatagramReplay replay;
    private final InetDiagDumper dumper = new InetDiagDumper(new DumpStats()).checkSequence(false);
    private final EnvelopeBuilder envelopes;
    private final RecordEncoder encoder;
    private long bytes;

    /** {@code without}: decoder names (Decoder constants) left out, comma-separated; empty for all. */
    public ReplaySlice(String pcap, String without) throws IOException {
        replay = DatagramReplay.lastDump(Path.of(pcap));
        envelopes = new EnvelopeBuilder(10_000, 768 * 1024, e -> bytes += e.bodyLength());
        Set<Decoder> decoders = EnumSet.copyOf(Decoder.all());
        for (String w : without.split(",")) {
            if (!w.isBlank()) {
                decoders.remove(Decoder.valueOf(w.strip()));
            }
        }
        encoder = new RecordEncoder(new SocketDecoder(decoders), envelopes);
        encoder.stamp(RecordStamp.of(RecordStamp.base("bench", "host.example", "lab", "", "").build(),
                1_700_000_000_000_000_000L, "bench", 4026531840L, 0));
    }

    /** All decoders over the 1000-socket capture of {@code kernel} (e.g. 6_10_3) under {@code -Dxtcp.shared} (default ../shared). */
    public static ReplaySlice capture(String kernel) throws IOException {
        Path shared = Path.of(System.getProperty("xtcp.shared", "../shared"));
        return new ReplaySlice(shared.resolve("fixtures/netlink/" + kernel + "/tcp_1000_sockets.pcap").toString(), "");
    }

    /** Replays the capture's dump {@code times} times; returns the sockets decoded and encoded. */
    public long run(int times) throws IOException {
        long before = dumper.stats().sockets;
        for (int i = 0; i < times; i++) {
            replay.send(null);
            dumper.readReplies(replay, InetDiagDumper.ANY_REPLY_TYPE, 0, encoder);
            envelopes.flush();
        }
        return dumper.stats().sockets - before;
    }

    /** Envelope bytes made so far (keeps the work observable). */
    public long bytes() {
        return bytes;
    }
}
