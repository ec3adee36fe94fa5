package io.xtcp.core.pcap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xtcp.core.netlink.Netlink;
import io.xtcp.core.netlink.NlMsgHdr;
import io.xtcp.core.testing.Fixtures;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PcapReplayChannelTest {

    /**
     * 5_15_164/tcp_10_sockets.pcap holds, after ss's two sock_diag dumps, rtnetlink traffic
     * (RTM_NEWADDR is type 20, like SOCK_DIAG_BY_FAMILY). Only the sock_diag replies may reach the
     * parser. The oracle is the nlmon header of each record, read here independently.
     */
    @Test
    void replaysOnlySockDiagPacketsAndSkipsRequests() throws Exception {
        Path pcap = Fixtures.netlink("5_15_164", "tcp_10_sockets.pcap");
        int[] expected = countByNlmonProtocol(Files.readAllBytes(pcap));
        int sockDiagReplies = expected[0];
        int sockDiagRequests = expected[1];
        int others = expected[2];
        assertTrue(others > 0, "fixture is expected to hold rtnetlink packets");

        PcapReplayChannel ch = new PcapReplayChannel(PcapFile.open(pcap));
        ByteBuffer rx = ByteBuffer.allocateDirect(1 << 16).order(ByteOrder.nativeOrder());
        int replies = 0;
        int n;
        while ((n = ch.receive(rx)) >= 0) {
            replies++;
            for (int pos = 0; pos + NlMsgHdr.SIZE <= n; ) {
                int type = Short.toUnsignedInt(rx.getShort(pos + NlMsgHdr.TYPE_OFFSET));
                assertTrue(type == Netlink.SOCK_DIAG_BY_FAMILY || type == Netlink.NLMSG_DONE, "type " + type);
                pos += Netlink.align(rx.getInt(pos));
            }
        }
        assertEquals(sockDiagReplies, replies);
        assertEquals(sockDiagRequests, ch.requestsSeen());
        assertEquals(others, ch.otherProtocolPackets());
        assertEquals(0, ch.capture().truncatedRecords());
    }

    /** [sock_diag replies, sock_diag requests, packets of other protocols]. */
    private static int[] countByNlmonProtocol(byte[] file) {
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int[] counts = new int[3];
        for (int pos = 24; pos + 16 <= file.length; ) {
            int incl = b.getInt(pos + 8);
            int nlmon = pos + 16;
            int protocol = (file[nlmon + 14] & 0xFF) << 8 | (file[nlmon + 15] & 0xFF);
            int flags = Short.toUnsignedInt(b.getShort(nlmon + 16 + 6));
            if (protocol != 4) {
                counts[2]++;
            } else if ((flags & 1) != 0) {
                counts[1]++;
            } else {
                counts[0]++;
            }
            pos = nlmon + incl;
        }
        return counts;
    }
}
