package io.xtcp.core.testing;

import io.xtcp.core.netlink.DiagAttributes;
import io.xtcp.core.netlink.DumpResult;
import io.xtcp.core.netlink.DumpStats;
import io.xtcp.core.netlink.InetDiagAttr;
import io.xtcp.core.netlink.InetDiagDumper;
import io.xtcp.core.netlink.InetDiagMsg;
import io.xtcp.core.netlink.NetlinkChannel;
import io.xtcp.core.netlink.SocketHandler;
import io.xtcp.core.pcap.PcapFile;
import io.xtcp.core.pcap.PcapReplayChannel;
import io.xtcp.core.record.DecodedRecord;
import io.xtcp.core.record.Decoder;
import io.xtcp.core.record.SocketDecoder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Replays a kernel capture through the production path (PcapFile → PcapReplayChannel →
 * InetDiagDumper → SocketDecoder with every decoder) and keeps every socket of every dump.
 */
public final class CaptureReplay {
    /** One run of {@code readReplies}: the sockets up to NLMSG_DONE (or the end of the capture). */
    public record Dump(List<DecodedSocket> sockets, DumpResult result) {}

    private final List<Dump> dumps;
    private final DumpStats stats;
    private final PcapReplayChannel channel;

    private CaptureReplay(List<Dump> dumps, DumpStats stats, PcapReplayChannel channel) {
        this.dumps = dumps;
        this.stats = stats;
        this.channel = channel;
    }

    public static CaptureReplay of(Path pcap) throws IOException {
        PcapReplayChannel channel = new PcapReplayChannel(PcapFile.open(pcap));
        DumpStats stats = new DumpStats();
        List<Dump> dumps = readAll(channel, stats);
        return new CaptureReplay(dumps, stats, channel);
    }

    /** Loops readReplies over {@code channel} until END_OF_STREAM, decoding each socket. */
    public static List<Dump> readAll(NetlinkChannel channel, DumpStats stats) throws IOException {
        InetDiagDumper dumper = new InetDiagDumper(stats).checkSequence(false);
        SocketDecoder decoder = new SocketDecoder(Decoder.all());
        List<Dump> dumps = new ArrayList<>();
        while (true) {
            List<DecodedSocket> sockets = new ArrayList<>();
            DumpResult r = dumper.readReplies(channel, InetDiagDumper.ANY_REPLY_TYPE, 0, collector(decoder, sockets));
            if (r != DumpResult.END_OF_STREAM || !sockets.isEmpty()) {
                dumps.add(new Dump(sockets, r));
            }
            if (r == DumpResult.END_OF_STREAM) {
                return dumps;
            }
        }
    }

    /** A handler that decodes each socket into a fresh DecodedRecord. */
    public static SocketHandler collector(SocketDecoder decoder, List<DecodedSocket> into) {
        return (InetDiagMsg msg, DiagAttributes attrs) -> {
            DecodedRecord r = new DecodedRecord();
            decoder.decode(msg, attrs, r);
            int v6only = attrs.length(InetDiagAttr.SKV6ONLY) >= 1
                    ? Byte.toUnsignedInt(attrs.array()[attrs.offset(InetDiagAttr.SKV6ONLY)])
                    : -1;
            into.add(new DecodedSocket(r, v6only));
        };
    }

    public List<Dump> dumps() {
        return Collections.unmodifiableList(dumps);
    }

    public DumpStats stats() {
        return stats;
    }

    public PcapReplayChannel channel() {
        return channel;
    }

    /** Every socket of every dump, in capture order. */
    public List<DecodedSocket> allSockets() {
        List<DecodedSocket> all = new ArrayList<>();
        for (Dump d : dumps) {
            all.addAll(d.sockets());
        }
        return all;
    }

    /**
     * What one {@code ss} run printed: ss sends one SOCK_DIAG_BY_FAMILY dump per family, so its
     * output is the last dump holding AF_INET sockets plus the last dump holding AF_INET6 sockets.
     */
    public List<DecodedSocket> lastPerFamily() {
        Dump v4 = null;
        Dump v6 = null;
        for (Dump d : dumps) {
            if (d.sockets().isEmpty()) {
                continue;
            }
            long family = d.sockets().get(0).fields().number(io.xtcp.schema.v1.XtcpFlatRecord.INET_DIAG_MSG_FAMILY_FIELD_NUMBER);
            if (family == 2) {
                v4 = d;
            } else {
                v6 = d;
            }
        }
        List<DecodedSocket> out = new ArrayList<>();
        if (v4 != null) {
            out.addAll(v4.sockets());
        }
        if (v6 != null) {
            out.addAll(v6.sockets());
        }
        return out;
    }
}
