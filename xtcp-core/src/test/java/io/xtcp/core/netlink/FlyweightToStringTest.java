package io.xtcp.core.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xtcp.core.pcap.PcapFile;
import io.xtcp.core.testing.Fixtures;
import io.xtcp.core.testing.SsSocket;
import io.xtcp.core.testing.SsText;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * toString() of the flyweights on the real kernel captures: what they print is what the bytes
 * hold (checked against the ss text captured with them), and tcp_info fields past the kernel's
 * length are left out, not printed as zero.
 */
class FlyweightToStringTest {
    /** One socket message of a capture: its bytes and where it starts. */
    private record Message(byte[] b, int offset, int length) {}

    /** The socket messages of a capture, the last of each cookie (ss printed the last dump of each family). */
    private static List<Message> sockets(String kernel) throws Exception {
        ByteBuffer rx = ByteBuffer.allocate(1 << 20).order(ByteOrder.nativeOrder());
        Map<Long, Message> last = new LinkedHashMap<>();
        NlMsgHdr h = new NlMsgHdr();
        InetDiagMsg msg = new InetDiagMsg();
        try (PcapFile f = PcapFile.open(Fixtures.netlink(kernel, "tcp_10_sockets.pcap"))) {
            int n;
            while ((n = f.next(rx)) >= 0) {
                byte[] b = new byte[n];
                rx.get(0, b, 0, n);
                for (int off = 0; off + NlMsgHdr.SIZE <= n; off += Netlink.align(h.length())) {
                    h.wrap(b, off);
                    if (h.length() < NlMsgHdr.SIZE) {
                        break;
                    }
                    if (h.type() == Netlink.SOCK_DIAG_BY_FAMILY && (h.flags() & Netlink.NLM_F_REQUEST) == 0) {
                        last.remove(msg.wrap(b, off + NlMsgHdr.SIZE).cookie());
                        last.put(msg.cookie(), new Message(b, off, h.length()));
                    }
                }
            }
        }
        assertFalse(last.isEmpty(), "sockets in " + kernel);
        return new ArrayList<>(last.values());
    }

    @Test
    void nlMsgHdrOfADumpReply() throws Exception {
        Message m = sockets("6_1_103").get(0);
        NlMsgHdr h = new NlMsgHdr().wrap(m.b, m.offset);
        assertEquals("NlMsgHdr{ nlmsg_len{" + m.length + "}, nlmsg_type{20(SOCK_DIAG_BY_FAMILY)}, nlmsg_flags{0x2(NLM_F_MULTI)}, nlmsg_seq{"
                + Integer.toUnsignedString(h.seq()) + "}, nlmsg_pid{" + Integer.toUnsignedString(h.pid()) + "} }", h.toString());
    }

    @Test
    void nlMsgHdrOfARequestAndOfShortBytes() {
        ByteBuffer b = ByteBuffer.allocate(NsidMessage.REQUEST_LEN).order(ByteOrder.nativeOrder());
        NsidMessage.writeRequest(b, 7, 3);
        assertEquals("NlMsgHdr{ nlmsg_len{28}, nlmsg_type{90(RTM_GETNSID)}, nlmsg_flags{0x1(NLM_F_REQUEST)}, nlmsg_seq{7}, nlmsg_pid{0} }",
                new NlMsgHdr().wrap(b.array(), 0).toString());
        assertEquals("NlMsgHdr{ truncated: 10 of 16 bytes }", new NlMsgHdr().wrap(new byte[10], 0).toString());
        assertEquals("NlMsgHdr{ unwrapped }", new NlMsgHdr().toString());
        ByteBuffer dump = DumpRequest.legacy(Netlink.ALL_STATES, 0).request(0, 1);
        byte[] d = new byte[dump.remaining()];
        dump.get(0, d);
        assertTrue(new NlMsgHdr().wrap(d, 0).toString().contains("nlmsg_type{18(TCPDIAG_GETSOCK)}, nlmsg_flags{0x301(NLM_F_REQUEST|NLM_F_ROOT|NLM_F_MATCH)}"));
    }

    /** Every socket of each golden capture prints the ports, cookie, queues and inode ss printed for it. */
    @ParameterizedTest
    @ValueSource(strings = {"5_4_281", "5_15_164", "6_1_103", "6_10_3"})
    void inetDiagMsgMatchesSs(String kernel) throws Exception {
        Map<Long, SsSocket> ss = SsText.read(Fixtures.netlink(kernel, "ss_tcp_info_a_10.txt")).stream()
                .collect(Collectors.toMap(SsSocket::cookie, Function.identity(), (a, b) -> a));
        InetDiagMsg msg = new InetDiagMsg();
        int matched = 0;
        for (Message m : sockets(kernel)) {
            msg.wrap(m.b, m.offset + NlMsgHdr.SIZE);
            SsSocket s = ss.get(msg.cookie());
            if (s == null) {
                continue;
            }
            matched++;
            String text = msg.toString();
            assertTrue(text.startsWith("InetDiagMsg{ idiag_family{" + msg.family() + (msg.family() == 2 ? "(AF_INET)}" : "(AF_INET6)}")), text);
            assertTrue(text.contains("idiag_state{" + msg.state() + "(" + TcpState.name(msg.state()) + ")}"), text);
            assertTrue(text.contains("id{ idiag_sport{" + s.local().portNumber() + "}, idiag_dport{"), text);
            assertTrue(text.contains("idiag_cookie{" + s.cookie() + "} }"), text);
            assertTrue(text.contains("idiag_rqueue{" + s.recvQ() + "}, idiag_wqueue{" + s.sendQ() + "}"), text);
            assertTrue(text.endsWith("idiag_inode{" + msg.inode() + "} }"), text);
        }
        assertTrue(matched > 0, "no socket of " + kernel + " matched its ss text by cookie");
    }

    @Test
    void ipv4AndMappedAddresses() {
        byte[] b = new byte[InetDiagMsg.SIZE];
        b[InetDiagMsg.FAMILY_OFFSET] = 2;
        b[InetDiagMsg.SRC_OFFSET] = 127;
        b[InetDiagMsg.SRC_OFFSET + 3] = 1;
        assertTrue(new InetDiagMsg().wrap(b, 0).toString().contains("idiag_src{127.0.0.1}, idiag_dst{0.0.0.0}"));
        b[InetDiagMsg.FAMILY_OFFSET] = 10;
        b[InetDiagMsg.SRC_OFFSET] = 0;
        b[InetDiagMsg.SRC_OFFSET + 3] = 0;
        b[InetDiagMsg.SRC_OFFSET + 10] = (byte) 0xFF;
        b[InetDiagMsg.SRC_OFFSET + 11] = (byte) 0xFF;
        b[InetDiagMsg.SRC_OFFSET + 12] = 127;
        b[InetDiagMsg.SRC_OFFSET + 15] = 1;
        assertTrue(new InetDiagMsg().wrap(b, 0).toString().contains("idiag_src{0:0:0:0:0:ffff:7f00:1}"), "a mapped address stays IPv6");
        assertEquals("InetDiagMsg{ truncated: 8 of 72 bytes }", new InetDiagMsg().wrap(b, InetDiagMsg.SIZE - 8).toString());
    }

    /** The tcp_info of each kernel prints the fields its length holds, and none past it. */
    @ParameterizedTest
    @ValueSource(strings = {"5_4_281", "5_15_164", "6_1_103", "6_10_3"})
    void tcpInfoPrintsThePresentFieldsOnly(String kernel) throws Exception {
        Map<Long, SsSocket> ss = SsText.read(Fixtures.netlink(kernel, "ss_tcp_info_a_10.txt")).stream()
                .collect(Collectors.toMap(SsSocket::cookie, Function.identity(), (a, b) -> a));
        InetDiagMsg msg = new InetDiagMsg();
        DiagAttributes attrs = new DiagAttributes();
        TcpInfo info = new TcpInfo();
        int checked = 0;
        for (Message m : sockets(kernel)) {
            int body = m.offset + NlMsgHdr.SIZE;
            msg.wrap(m.b, body);
            attrs.index(m.b, body + InetDiagMsg.SIZE, m.offset + m.length);
            if (!attrs.has(InetDiagAttr.INFO)) {
                continue;
            }
            info.wrap(m.b, attrs.offset(InetDiagAttr.INFO), attrs.length(InetDiagAttr.INFO));
            String text = info.toString();
            int len = info.length();
            assertTrue(text.startsWith("TcpInfo{ length{" + len + "}, tcpi_state{" + msg.state() + "(" + TcpState.name(msg.state()) + ")}"), text);
            assertTrue(text.endsWith(" }"), text);
            assertEquals(len >= TcpInfo.RCV_WND_OFFSET + 4, text.contains("tcpi_rcv_wnd{"), len + ": " + text);
            assertEquals(len >= TcpInfo.TOTAL_RTO_TIME_OFFSET + 4, text.contains("tcpi_total_rto_time{"), len + ": " + text);
            assertEquals(len >= TcpInfo.RECEIVED_CE_OFFSET + 4, text.contains("tcpi_received_ce{"), len + ": " + text);
            assertEquals(len >= TcpInfo.MAX_SIZE, text.contains("tcpi_accecn_opt_seen{"), len + ": " + text);
            SsSocket s = ss.get(msg.cookie());
            if (s != null) {
                if (s.has("mss")) {
                    assertTrue(text.contains("tcpi_snd_mss{" + s.number("mss") + "}"), s + " / " + text);
                }
                if (s.has("cwnd")) {
                    assertTrue(text.contains("tcpi_snd_cwnd{" + s.number("cwnd") + "}"), s + " / " + text);
                }
                if (s.has("bytes_acked")) {
                    assertTrue(text.contains("tcpi_bytes_acked{" + s.number("bytes_acked") + "}"), s + " / " + text);
                }
                checked++;
            }
        }
        assertTrue(checked > 0, "no tcp_info of " + kernel + " matched its ss text");
    }

    @Test
    void aShortTcpInfoStopsAtItsLength() {
        byte[] b = new byte[TcpInfo.MAX_SIZE];
        b[TcpInfo.STATE_OFFSET] = 10;
        b[TcpInfo.WSCALE_OFFSET] = 0x72; // rcv 7, snd 2
        b[TcpInfo.RTO_OFFSET] = 1;
        b[TcpInfo.ATO_OFFSET] = 2;
        assertEquals("TcpInfo{ length{16}, tcpi_state{10(LISTEN)}, tcpi_ca_state{0}, tcpi_retransmits{0}, tcpi_probes{0}, tcpi_backoff{0},"
                + " tcpi_options{0}, tcpi_snd_wscale{2}, tcpi_rcv_wscale{7}, tcpi_delivery_rate_app_limited{0}, tcpi_fastopen_client_fail{0},"
                + " tcpi_rto{1}, tcpi_ato{2} }", new TcpInfo().wrap(b, 0, 16).toString());
        assertEquals("TcpInfo{ length{2}, tcpi_state{10(LISTEN)}, tcpi_ca_state{0} }", new TcpInfo().wrap(b, 0, 2).toString());
        assertEquals("TcpInfo{ unwrapped }", new TcpInfo().toString());
        String all = new TcpInfo().wrap(b, 0, TcpInfo.MAX_SIZE).toString();
        assertTrue(all.endsWith("tcpi_accecn_fail_mode{0}, tcpi_accecn_opt_seen{0} }"), all);
    }
}
