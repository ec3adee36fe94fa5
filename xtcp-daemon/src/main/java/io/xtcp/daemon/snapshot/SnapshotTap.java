package io.xtcp.daemon.snapshot;

import io.xtcp.core.netlink.DiagAttributes;
import io.xtcp.core.netlink.InetDiagAttr;
import io.xtcp.core.netlink.InetDiagMsg;
import io.xtcp.core.netlink.NativeBytes;
import io.xtcp.core.netlink.TcpInfo;

/**
 * One poll worker's share of the side server's snapshot. The filter and sort keys of each socket
 * (state, ports, RTT, retransmits, bytes, cwnd, congestion control) are read from the netlink
 * message the worker just encoded, a few loads per socket, instead of parsing the record's wire
 * bytes back; the wire bytes are copied only for records the snapshot keeps. Handed to the
 * {@link SnapshotCollector} every {@value #CHUNK} records and at the end of each namespace, then
 * reused: a tap holds at most a chunk (tens of KiB), not a second copy of the records the
 * snapshot keeps (a few MiB, for as long as the daemon runs).
 */
public final class SnapshotTap {
    /** Records (kept or only counted) a tap collects before handing them over. */
    static final int CHUNK = 256;

    private final SnapshotCollector collector;
    private final SnapshotBuilder builder = PollSnapshot.builder(0);

    SnapshotTap(SnapshotCollector collector) {
        this.collector = collector;
    }

    /** Starts a namespace: keeps at most as many records as the poll still has room for. */
    public void begin(String netns) {
        builder.reset(collector.room()).namespace(netns);
    }

    /** Adds one socket whose record is {@code wire[0, length)}. */
    public void record(InetDiagMsg msg, DiagAttributes attrs, byte[] wire, int length) {
        byte[] b = attrs.array();
        long rtt = 0;
        long retrans = 0;
        long bytes = 0;
        long cwnd = 0;
        int info = attrs.offset(InetDiagAttr.INFO);
        int infoLength = attrs.length(InetDiagAttr.INFO);
        if (info >= 0 && infoLength >= TcpInfo.BYTES_RECEIVED_OFFSET + 8) {
            rtt = NativeBytes.u32(b, info + TcpInfo.RTT_OFFSET);
            retrans = NativeBytes.u32(b, info + TcpInfo.TOTAL_RETRANS_OFFSET);
            cwnd = NativeBytes.u32(b, info + TcpInfo.SND_CWND_OFFSET);
            bytes = NativeBytes.i64(b, info + TcpInfo.BYTES_ACKED_OFFSET) + NativeBytes.i64(b, info + TcpInfo.BYTES_RECEIVED_OFFSET);
        }
        if (retrans == 0) {
            retrans = msg.retrans();
        }
        int cc = attrs.offset(InetDiagAttr.CONG);
        int ccLength = 0;
        if (cc >= 0) {
            int max = attrs.length(InetDiagAttr.CONG);
            while (ccLength < max && b[cc + ccLength] != 0) {
                ccLength++;
            }
        }
        builder.addKeyed(wire, 0, length, msg.state(), msg.sourcePort(), msg.destinationPort(), rtt, retrans, bytes, cwnd,
                b, Math.max(cc, 0), ccLength);
        if (builder.total() >= CHUNK) {
            collector.add(builder);
            builder.clearRecords(collector.room());
        }
    }

    /** Ends a namespace: its remaining counts and kept records go to the poll's snapshot. */
    public void end() {
        collector.add(builder);
    }
}
