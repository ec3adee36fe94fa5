package io.xtcp.core.golden;

import static io.xtcp.schema.v1.XtcpFlatRecord.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xtcp.core.netlink.DiagAttributes;
import io.xtcp.core.netlink.InetDiagAttr;
import io.xtcp.core.netlink.InetDiagMsg;
import io.xtcp.core.record.DecodedRecord;
import io.xtcp.core.record.Decoder;
import io.xtcp.core.record.SocketDecoder;
import io.xtcp.core.testing.Fixtures;
import io.xtcp.core.testing.SsSocket;
import io.xtcp.core.testing.SsText;
import io.xtcp.schema.v1.CongestionAlgorithm;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The single attributes of 6_6_44/attributes, as the kernel wrote them: each file is one whole
 * {@code struct rtattr} (rta_len equals the file size, rta_type the attribute) followed by its
 * payload. Each is placed after an inet_diag_msg and decoded through DiagAttributes and
 * SocketDecoder. Expected values are read from the bytes (xxd) at the kernel struct offsets, and
 * for BBR also from the ss text of the capture the attribute came from.
 */
class AttributePayloadTest {

    @Test
    void bbrInfo() throws Exception {
        DecodedRecord r = decode("attribute_bbrinfo", InetDiagAttr.BBRINFO);
        // e5f9a761 00000000 14000000 e3020000 e3020000
        assertEquals(0x61a7f9e5L, r.number(BBR_INFO_BW_LO_FIELD_NUMBER));
        assertEquals(0, r.number(BBR_INFO_BW_HI_FIELD_NUMBER));
        assertEquals(20, r.number(BBR_INFO_MIN_RTT_FIELD_NUMBER));
        assertEquals(739, r.number(BBR_INFO_PACING_GAIN_FIELD_NUMBER));
        assertEquals(739, r.number(BBR_INFO_CWND_GAIN_FIELD_NUMBER));
        assertSsPrintedThisBbrBlock(r);
        DecodedRecord other = decode("attribute_bbrinfo_another_example", InetDiagAttr.BBRINFO);
        assertEquals(0x1b206affL, other.number(BBR_INFO_BW_LO_FIELD_NUMBER));
        assertEquals(70, other.number(BBR_INFO_MIN_RTT_FIELD_NUMBER));
        assertSsPrintedThisBbrBlock(other);
    }

    /** The ss text of the BBR capture holds a socket whose bbr:(bw,mrtt,gains) is this attribute. */
    private static void assertSsPrintedThisBbrBlock(DecodedRecord r) {
        long bits = (r.number(BBR_INFO_BW_HI_FIELD_NUMBER) << 32 | r.number(BBR_INFO_BW_LO_FIELD_NUMBER)) * 8;
        List<SsSocket> ss = SsText.read(Fixtures.netlink("6_6_44", "ss_tcp_info_a_100_bbr.txt"));
        SsSocket s = ss.stream().filter(x -> x.has("bbr.bw") && x.number("bbr.bw") == bits).findFirst()
                .orElseThrow(() -> new AssertionError("no ss bbr block with bw:" + bits + "bps"));
        assertEquals(0, s.decimal("bbr.mrtt").compareTo(BigDecimal.valueOf(r.number(BBR_INFO_MIN_RTT_FIELD_NUMBER), 3)));
        assertEquals(0, s.decimal("bbr.pacing_gain").compareTo(new BigDecimal("2.88672"))); // 739 / 256 with %g
        assertEquals(0, s.decimal("bbr.cwnd_gain").compareTo(new BigDecimal("2.88672")));
    }

    @Test
    void dctcpInfo() throws Exception {
        for (String f : new String[] {"attribute_dctcpinfo", "attribute_dctcpinfo_4033"}) {
            DecodedRecord r = decode(f, InetDiagAttr.DCTCPINFO);
            // 0100 0000 8e020000 00000000 00800000: enabled, ce_state, alpha, ab_ecn, ab_tot
            assertEquals(1, r.number(DCTCP_INFO_ENABLED_FIELD_NUMBER));
            assertEquals(0, r.number(DCTCP_INFO_CE_STATE_FIELD_NUMBER));
            assertTrue(r.has(DCTCP_INFO_CE_STATE_FIELD_NUMBER));
            assertEquals(654, r.number(DCTCP_INFO_ALPHA_FIELD_NUMBER));
            assertEquals(0, r.number(DCTCP_INFO_AB_ECN_FIELD_NUMBER));
            assertEquals(32768, r.number(DCTCP_INFO_AB_TOT_FIELD_NUMBER));
        }
    }

    @Test
    void vegasInfo() throws Exception {
        DecodedRecord r = decode("attribute_vegasinfo", InetDiagAttr.VEGASINFO);
        assertEquals(1, r.number(VEGAS_INFO_ENABLED_FIELD_NUMBER));
        assertEquals(0, r.number(VEGAS_INFO_RTT_CNT_FIELD_NUMBER));
        assertTrue(r.has(VEGAS_INFO_RTT_CNT_FIELD_NUMBER));
        assertEquals(211, r.number(VEGAS_INFO_RTT_FIELD_NUMBER));
        assertEquals(0x7fffffffL, r.number(VEGAS_INFO_MIN_RTT_FIELD_NUMBER));
    }

    @Test
    void congestionNames() throws Exception {
        String[] files = {"attribute_cong", "attribute_cong_bbr", "attribute_cong_dctcp", "attribute_cong_vegas"};
        String[] names = {"cubic", "bbr", "dctcp", "vegas"};
        CongestionAlgorithm[] values = {CongestionAlgorithm.CONGESTION_ALGORITHM_CUBIC,
            CongestionAlgorithm.CONGESTION_ALGORITHM_BBR1, CongestionAlgorithm.CONGESTION_ALGORITHM_DCTCP,
            CongestionAlgorithm.CONGESTION_ALGORITHM_VEGAS};
        for (int i = 0; i < files.length; i++) {
            DecodedRecord r = decode(files[i], InetDiagAttr.CONG);
            assertEquals(names[i], r.string(CONGESTION_ALGORITHM_STRING_FIELD_NUMBER), "the NUL is not part of the name");
            assertEquals(values[i].getNumber(), r.number(CONGESTION_ALGORITHM_ENUM_FIELD_NUMBER));
        }
    }

    @Test
    void tcpInfoOfAnEstablishedSocket() throws Exception {
        DecodedRecord r = decode("attribute_info", InetDiagAttr.INFO);
        assertEquals(1, r.number(TCP_INFO_STATE_FIELD_NUMBER)); // TCP_ESTABLISHED
        assertEquals(0x1f, r.number(TCP_INFO_OPTIONS_FIELD_NUMBER)); // ts sack wscale ecn ecn_seen
        assertEquals(9, r.number(TCP_INFO_SEND_SCALE_FIELD_NUMBER)); // byte 6 = 0x99
        assertEquals(9, r.number(TCP_INFO_RCV_SCALE_FIELD_NUMBER));
        assertEquals(1, r.number(TCP_INFO_DELIVERY_RATE_APP_LIMITED_FIELD_NUMBER)); // byte 7 = 0x01
        assertEquals(201000, r.number(TCP_INFO_RTO_FIELD_NUMBER)); // 28110300
        assertEquals(40000, r.number(TCP_INFO_ATO_FIELD_NUMBER)); // 409c0000
        assertEquals(32768, r.number(TCP_INFO_SND_MSS_FIELD_NUMBER));
        assertEquals(536, r.number(TCP_INFO_RCV_MSS_FIELD_NUMBER));
        assertEquals(1328, r.number(TCP_INFO_LAST_DATA_SENT_FIELD_NUMBER));
        assertEquals(1327, r.number(TCP_INFO_LAST_DATA_RECV_FIELD_NUMBER));
        assertEquals(1327, r.number(TCP_INFO_LAST_ACK_RECV_FIELD_NUMBER));
        assertEquals(47, r.number(TCP_INFO_RTT_FIELD_NUMBER));
        assertEquals(20, r.number(TCP_INFO_RTT_VAR_FIELD_NUMBER));
        assertEquals(0x7fffffffL, r.number(TCP_INFO_SND_SSTHRESH_FIELD_NUMBER)); // TCP_INFINITE_SSTHRESH
        assertEquals(10, r.number(TCP_INFO_SND_CWND_FIELD_NUMBER));
        assertEquals(65483, r.number(TCP_INFO_ADV_MSS_FIELD_NUMBER));
        assertEquals(65535, r.number(TCP_INFO_RCV_SPACE_FIELD_NUMBER));
        assertEquals(13688981723L, r.number(TCP_INFO_PACING_RATE_FIELD_NUMBER));
        assertEquals(11, r.number(TCP_INFO_BYTES_ACKED_FIELD_NUMBER));
        assertEquals(10, r.number(TCP_INFO_BYTES_RECEIVED_FIELD_NUMBER));
        assertEquals(4, r.number(TCP_INFO_SEGS_OUT_FIELD_NUMBER));
        assertEquals(3, r.number(TCP_INFO_SEGS_IN_FIELD_NUMBER));
        assertEquals(40, r.number(TCP_INFO_MIN_RTT_FIELD_NUMBER));
        assertEquals(2, r.number(TCP_INFO_DELIVERED_FIELD_NUMBER));
        assertEquals(10, r.number(TCP_INFO_BYTES_SENT_FIELD_NUMBER));
        assertEquals(65536, r.number(TCP_INFO_SND_WND_FIELD_NUMBER));
        assertEquals(65536, r.number(TCP_INFO_RCV_WND_FIELD_NUMBER));
        // Linux 6.6 sends 240 bytes: tcpi_rehash (236) is the last field; tcpi_total_rto (240, 6.7+) is absent.
        assertTrue(r.has(TCP_INFO_REHASH_FIELD_NUMBER));
        assertFalse(r.has(TCP_INFO_TOTAL_RTO_FIELD_NUMBER));
        assertFalse(r.has(TCP_INFO_TOTAL_RTO_TIME_FIELD_NUMBER));
        assertFalse(r.has(TCP_INFO_RECEIVED_CE_FIELD_NUMBER));
    }

    @Test
    void tcpInfoOfAListener() throws Exception {
        DecodedRecord r = decode("attribute_info2", InetDiagAttr.INFO);
        assertEquals(10, r.number(TCP_INFO_STATE_FIELD_NUMBER)); // TCP_LISTEN
        assertEquals(0, r.number(TCP_INFO_OPTIONS_FIELD_NUMBER));
        assertEquals(10, r.number(TCP_INFO_SND_CWND_FIELD_NUMBER));
        assertEquals(0, r.number(TCP_INFO_RTT_FIELD_NUMBER));
        assertTrue(r.has(TCP_INFO_RTT_FIELD_NUMBER), "zero is present, not absent");
        assertEquals(-1L, r.number(TCP_INFO_PACING_RATE_FIELD_NUMBER), "~0ULL: no pacing limit");
    }

    @Test
    void memInfoAndSkMemInfo() throws Exception {
        DecodedRecord m = decode("attribute_meminfo", InetDiagAttr.MEMINFO);
        for (int f : new int[] {MEM_INFO_RMEM_FIELD_NUMBER, MEM_INFO_WMEM_FIELD_NUMBER, MEM_INFO_FMEM_FIELD_NUMBER,
            MEM_INFO_TMEM_FIELD_NUMBER}) {
            assertTrue(m.has(f));
            assertEquals(0, m.number(f));
        }
        int[] sk = {SK_MEM_INFO_RMEM_ALLOC_FIELD_NUMBER, SK_MEM_INFO_RCV_BUF_FIELD_NUMBER, SK_MEM_INFO_WMEM_ALLOC_FIELD_NUMBER,
            SK_MEM_INFO_SND_BUF_FIELD_NUMBER, SK_MEM_INFO_FWD_ALLOC_FIELD_NUMBER, SK_MEM_INFO_WMEM_QUEUED_FIELD_NUMBER,
            SK_MEM_INFO_OPTMEM_FIELD_NUMBER, SK_MEM_INFO_BACKLOG_FIELD_NUMBER, SK_MEM_INFO_DROPS_FIELD_NUMBER};
        long[] first = {0, 1000000, 0, 2626560, 0, 0, 0, 0, 0}; // 40420f00 = rb, 00142800 = tb
        long[] second = {0, 1000000, 0, 1000000, 0, 0, 0, 0, 0};
        DecodedRecord a = decode("attribute_skmeminfo", InetDiagAttr.SKMEMINFO);
        DecodedRecord b = decode("attribute_skmeminfo2", InetDiagAttr.SKMEMINFO);
        for (int i = 0; i < sk.length; i++) {
            assertTrue(a.has(sk[i]) && b.has(sk[i]));
            assertEquals(first[i], a.number(sk[i]), "skmeminfo[" + i + "]");
            assertEquals(second[i], b.number(sk[i]), "skmeminfo2[" + i + "]");
        }
    }

    @Test
    void smallScalarAttributes() throws Exception {
        assertEquals(0, number("attribute_tos", InetDiagAttr.TOS, TYPE_OF_SERVICE_FIELD_NUMBER));
        assertEquals(2, number("attribute_tos2", InetDiagAttr.TOS, TYPE_OF_SERVICE_FIELD_NUMBER));
        assertEquals(2, number("attribute_tcclass", InetDiagAttr.TCLASS, TRAFFIC_CLASS_FIELD_NUMBER));
        assertEquals(0, number("attribute_class_id", InetDiagAttr.CLASS_ID, CLASS_ID_FIELD_NUMBER));
        assertEquals(0, number("attribute_shutdown", InetDiagAttr.SHUTDOWN, SHUTDOWN_STATE_FIELD_NUMBER));
        assertEquals(0x1102, number("attribute_cgroup_id", InetDiagAttr.CGROUP_ID, C_GROUP_FIELD_NUMBER)); // u64 02110000 00000000
        assertEquals(0x52, number("attribute_sockopt", InetDiagAttr.SOCKOPT, SOCK_OPT_FIELD_NUMBER)); // u16 5200
    }

    private static long number(String file, int type, int field) throws Exception {
        DecodedRecord r = decode(file, type);
        assertTrue(r.has(field), file + " decodes to field " + field);
        return r.number(field);
    }

    /**
     * Places the attribute file after a zeroed AF_INET inet_diag_msg and decodes it. Checks that
     * the file is a whole rtattr of the expected type and that the walk saw nothing malformed.
     */
    private static DecodedRecord decode(String file, int type) throws Exception {
        byte[] attr = Files.readAllBytes(Fixtures.netlink("6_6_44", "attributes", file));
        ByteBuffer b = ByteBuffer.allocate(InetDiagMsg.SIZE + attr.length + 3).order(ByteOrder.nativeOrder());
        b.put(0, (byte) 2);
        b.put(InetDiagMsg.SIZE, attr);
        assertEquals(attr.length, Short.toUnsignedInt(b.getShort(InetDiagMsg.SIZE)), file + ": rta_len is the file size");
        assertEquals(type, Short.toUnsignedInt(b.getShort(InetDiagMsg.SIZE + 2)), file + ": rta_type");

        DiagAttributes attrs = new DiagAttributes().index(b.array(), InetDiagMsg.SIZE, InetDiagMsg.SIZE + attr.length);
        assertFalse(attrs.malformed(), file);
        assertEquals(0, attrs.unknownCount(), file);
        assertTrue(attrs.has(type), file);
        assertEquals(attr.length - DiagAttributes.RTA_HDRLEN, attrs.length(type), file + ": payload length");
        DecodedRecord r = new DecodedRecord();
        new SocketDecoder(Decoder.all()).decode(new InetDiagMsg().wrap(b.array(), 0), attrs, r);
        return r;
    }
}
