package io.xtcp.core.pcap;

import io.xtcp.core.netlink.NetlinkChannel;
import io.xtcp.core.netlink.Netlink;
import io.xtcp.core.netlink.NlMsgHdr;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A capture's reply datagrams held in memory and replayed in a loop: every {@link #send} rewinds
 * to the first datagram, so each dump request gets the whole capture again. For benchmarks and
 * tests of the decode path without syscalls.
 */
public final class DatagramReplay implements NetlinkChannel {
    private final List<ByteBuffer> datagrams;
    private int next;

    public DatagramReplay(List<ByteBuffer> datagrams) {
        this.datagrams = datagrams;
    }

    /** Loads the reply datagrams of the last dump in a capture (requests skipped). */
    public static DatagramReplay lastDump(Path pcap) throws IOException {
        ByteBuffer rx = ByteBuffer.allocate(1 << 20).order(ByteOrder.nativeOrder());
        List<ByteBuffer> current = new ArrayList<>();
        List<ByteBuffer> last = new ArrayList<>();
        try (PcapFile f = PcapFile.open(pcap)) {
            int n;
            while ((n = f.next(rx)) >= 0) {
                if (n >= NlMsgHdr.SIZE && (Short.toUnsignedInt(rx.getShort(NlMsgHdr.FLAGS_OFFSET)) & Netlink.NLM_F_REQUEST) != 0) {
                    continue;
                }
                ByteBuffer copy = ByteBuffer.allocateDirect(n).order(ByteOrder.nativeOrder());
                copy.put(0, rx, 0, n);
                current.add(copy);
                if (containsDone(copy, n)) {
                    last = current;
                    current = new ArrayList<>();
                }
            }
        }
        return new DatagramReplay(last.isEmpty() ? current : last);
    }

    private static boolean containsDone(ByteBuffer b, int n) {
        int pos = 0;
        while (pos + NlMsgHdr.SIZE <= n) {
            int len = b.getInt(pos);
            if (Short.toUnsignedInt(b.getShort(pos + NlMsgHdr.TYPE_OFFSET)) == Netlink.NLMSG_DONE) {
                return true;
            }
            if (len < NlMsgHdr.SIZE) {
                return false;
            }
            pos += Netlink.align(len);
        }
        return false;
    }

    public int datagramCount() {
        return datagrams.size();
    }

    @Override
    public void send(ByteBuffer request) {
        next = 0;
    }

    @Override
    public int receive(ByteBuffer rx) {
        if (next >= datagrams.size()) {
            return -1;
        }
        ByteBuffer d = datagrams.get(next++);
        int n = d.capacity();
        rx.clear();
        rx.put(0, d, 0, n);
        rx.limit(n);
        return n;
    }

    @Override
    public void close() {
        // memory only
    }
}
