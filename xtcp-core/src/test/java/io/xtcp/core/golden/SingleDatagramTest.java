package io.xtcp.core.golden;

import static io.xtcp.schema.v1.XtcpFlatRecord.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xtcp.core.netlink.DumpResult;
import io.xtcp.core.netlink.DumpStats;
import io.xtcp.core.netlink.Netlink;
import io.xtcp.core.pcap.PcapFile;
import io.xtcp.core.pcap.PcapReplayChannel;
import io.xtcp.core.record.DecodedRecord;
import io.xtcp.core.testing.CaptureReplay;
import io.xtcp.core.testing.DecodedSocket;
import io.xtcp.core.testing.Fixtures;
import io.xtcp.core.testing.MemoryChannel;
import io.xtcp.core.testing.NetlinkBytes;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** 6_6_44/single: one-datagram captures and raw messages, decoded on their own. */
class SingleDatagramTest {

    /**
     * A reply datagram without its NLMSG_DONE: every message is a socket, the walk ends at the end of
     * the capture, and the port the file is named after is a destination port of a socket of the
     * named family.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "netlink_sock_diag_reply_single_packet.pcap, 0, 0",
        "netlink_sock_diag_reply_single_packet2.pcap, 0, 0",
        "netlink_sock_diag_reply_single_packet_from_10k.pcap, 0, 0",
        "netlink_sock_diag_reply_single_packet_port4001.pcap, 4001, 2",
        "netlink_sock_diag_reply_single_packet_port4018.pcap, 4018, 2",
        "netlink_sock_diag_reply_single_packet_port443v4.pcap, 443, 2",
        "netlink_sock_diag_reply_single_packet_port443v6.pcap, 443, 10",
        "netlink_sock_diag_reply_single_packet_port443v6_2.pcap, 443, 10",
    })
    void replyDatagramDecodes(String file, int port, int family) throws Exception {
        byte[] pcap = Files.readAllBytes(Fixtures.netlink("6_6_44", "single", file));
        CaptureReplay replay = CaptureReplay.of(Fixtures.netlink("6_6_44", "single", file));
        assertEquals(1, replay.dumps().size());
        assertEquals(DumpResult.END_OF_STREAM, replay.dumps().get(0).result());
        List<DecodedSocket> sockets = replay.allSockets();
        DumpStats stats = replay.stats();
        assertTrue(sockets.size() >= 3, "sockets: " + sockets.size());
        assertEquals(stats.messages, stats.sockets, "every message of the datagram is a socket");
        assertEquals(0, stats.problems(), stats::toString);
        assertEquals(1, stats.datagrams);
        assertEquals(pcap.length - PcapFile.GLOBAL_HEADER - PcapFile.RECORD_HEADER - PcapFile.NLMON_HEADER, stats.bytes);
        for (DecodedSocket s : sockets) {
            DecodedRecord r = s.fields();
            assertTrue(r.has(TCP_INFO_STATE_FIELD_NUMBER), "tcp_info decoded");
            assertEquals(r.number(INET_DIAG_MSG_STATE_FIELD_NUMBER), r.number(TCP_INFO_STATE_FIELD_NUMBER),
                    "inet_diag_msg and tcp_info agree on the state");
            assertTrue(r.has(C_GROUP_FIELD_NUMBER) && r.has(SOCK_OPT_FIELD_NUMBER), "always-sent attributes");
            assertEquals(r.number(INET_DIAG_MSG_FAMILY_FIELD_NUMBER) == 2 ? 4 : 16,
                    r.bytesOf(INET_DIAG_MSG_SOCKET_SOURCE_FIELD_NUMBER).length);
        }
        if (port == 443) {
            // These came from a newer kernel: a 248-byte tcp_info that ends with tcpi_total_rto_time.
            assertTrue(sockets.stream().allMatch(x -> x.fields().has(TCP_INFO_TOTAL_RTO_TIME_FIELD_NUMBER)
                    && !x.fields().has(TCP_INFO_RECEIVED_CE_FIELD_NUMBER)));
        }
        if (port != 0) {
            assertTrue(sockets.stream().map(DecodedSocket::fields).anyMatch(r ->
                    r.number(INET_DIAG_MSG_SOCKET_DESTINATION_PORT_FIELD_NUMBER) == port
                            && r.number(INET_DIAG_MSG_FAMILY_FIELD_NUMBER) == family), "a socket to port " + port);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"netlink_sock_diag_request_single_packet_v4.pcap", "netlink_sock_diag_request_single_packet_v6.pcap"})
    void requestCaptureReplaysNothing(String file) throws Exception {
        PcapReplayChannel ch = new PcapReplayChannel(PcapFile.open(Fixtures.netlink("6_6_44", "single", file)));
        assertEquals(-1, ch.receive(ByteBuffer.allocate(1 << 16)));
        assertEquals(1, ch.requestsSeen());
    }

    @Test
    void doneCaptureEndsAnEmptyDump() throws Exception {
        CaptureReplay replay = CaptureReplay.of(Fixtures.netlink("6_6_44", "single", "netlink_sock_diag_response_dump_done.pcap"));
        assertEquals(1, replay.dumps().size());
        assertEquals(DumpResult.DONE, replay.dumps().get(0).result());
        assertEquals(0, replay.allSockets().size());
        assertEquals(0, replay.stats().problems());
    }

    /** Raw single reply messages (no pcap framing), named after the peer port of their socket. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"netlink_sock_diag_response_port4002, 4002", "netlink_sock_diag_response_port4007, 4007",
        "netlink_sock_diag_response_port4819, 4819"})
    void rawReplyMessageDecodes(String file, int port) throws Exception {
        byte[] msg = Files.readAllBytes(Fixtures.netlink("6_6_44", "single", file));
        assertEquals(msg.length, NetlinkBytes.le(msg).getInt(0), "nlmsg_len is the file size");
        DumpStats stats = new DumpStats();
        List<CaptureReplay.Dump> dumps = CaptureReplay.readAll(MemoryChannel.of(List.of(msg)), stats);
        assertEquals(1, stats.sockets);
        assertEquals(0, stats.problems());
        DecodedRecord r = dumps.get(0).sockets().get(0).fields();
        assertEquals(2, r.number(INET_DIAG_MSG_FAMILY_FIELD_NUMBER));
        assertEquals(1, r.number(INET_DIAG_MSG_STATE_FIELD_NUMBER));
        assertEquals(port, r.number(INET_DIAG_MSG_SOCKET_DESTINATION_PORT_FIELD_NUMBER));
        assertEquals("127.0.0.1", r.address(INET_DIAG_MSG_SOCKET_SOURCE_FIELD_NUMBER));
        assertEquals("127.0.0.1", r.address(INET_DIAG_MSG_SOCKET_DESTINATION_FIELD_NUMBER));
        assertEquals(Netlink.SOCK_DIAG_BY_FAMILY, NetlinkBytes.le(msg).getShort(4));
        assertTrue(r.has(TCP_INFO_RTT_FIELD_NUMBER) && r.number(TCP_INFO_RTT_FIELD_NUMBER) > 0);
    }
}
