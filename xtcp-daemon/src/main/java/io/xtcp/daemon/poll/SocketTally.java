package io.xtcp.daemon.poll;

import io.xtcp.core.netlink.DiagAttributes;
import io.xtcp.core.netlink.InetDiagAttr;
import io.xtcp.core.netlink.InetDiagMsg;
import io.xtcp.core.netlink.NativeBytes;
import io.xtcp.core.netlink.TcpInfo;
import io.xtcp.daemon.metrics.SocketAggregates;

/**
 * One poll worker's per-socket counts for the metrics: sockets by TCP state and the RTT and
 * retransmit aggregates, read straight from the reply (plain increments, no allocation). Read
 * and reset by the scheduler thread between polls, when the workers are idle.
 */
public final class SocketTally {
    public static final int STATES = 16;

    final int[] byState = new int[STATES];
    final SocketAggregates aggregates = new SocketAggregates();

    void count(InetDiagMsg msg, DiagAttributes attrs) {
        int s = msg.state();
        byState[s < STATES ? s : 0]++;
        int off = attrs.offset(InetDiagAttr.INFO);
        if (off >= 0 && attrs.length(InetDiagAttr.INFO) >= TcpInfo.TOTAL_RETRANS_OFFSET + 4) {
            byte[] b = attrs.array();
            aggregates.add(NativeBytes.u32(b, off + TcpInfo.RTT_OFFSET),
                    NativeBytes.u32(b, off + TcpInfo.RETRANS_OFFSET),
                    NativeBytes.u32(b, off + TcpInfo.TOTAL_RETRANS_OFFSET));
        }
    }

    /** Adds this worker's counts to the totals and starts over. */
    public void drainInto(int[] states, SocketAggregates total) {
        for (int i = 0; i < STATES; i++) {
            states[i] += byState[i];
            byState[i] = 0;
        }
        total.merge(aggregates);
        aggregates.reset();
    }
}
