package io.xtcp.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class SsTextTest {

    private static final String HEADER =
            "State  Recv-Q Send-Q      Local Address:Port        Peer Address:Port Process";

    @Test
    void listenerWithSkmemAndCongestionOnly() {
        List<SsSocket> s = SsText.parse(List.of(HEADER,
                "LISTEN 0      128               0.0.0.0:22               0.0.0.0:*"
                        + "                                           ino:21506 sk:1 <-> tos:0 class_id:0",
                "\t skmem:(r0,rb1000000,t0,tb1000000,f0,w0,o0,bl0,d0) cubic cwnd:10          "));
        assertEquals(1, s.size());
        SsSocket l = s.get(0);
        assertEquals("LISTEN", l.state());
        assertEquals(0, l.recvQ());
        assertEquals(128, l.sendQ());
        assertEquals(new SsEndpoint("0.0.0.0", "22", ""), l.local());
        assertEquals("0.0.0.0", l.peer().address());
        assertEquals(0, l.peer().portNumber());
        assertEquals(21506, l.number("ino"));
        assertEquals(1, l.cookie());
        assertEquals("<->", l.text("shutdown"));
        assertEquals(0, l.number("tos"));
        assertEquals(1000000, l.number("skmem.rb"));
        assertEquals(1000000, l.number("skmem.tb"));
        assertEquals(0, l.number("skmem.bl"));
        assertEquals(0, l.number("skmem.d"));
        assertEquals("cubic", l.congestion());
        assertEquals(10, l.number("cwnd"));
        assertFalse(l.has("rtt"));
        assertFalse(l.has("uid"));
        assertTrue(l.flags().isEmpty());
    }

    @Test
    void establishedWithEveryCommonTcpInfoField() {
        List<SsSocket> s = SsText.parse(List.of(HEADER,
                "ESTAB  0      0               127.0.0.1:40699          127.0.0.1:4005  "
                        + "users:((\"tcp_client\",pid=1403,fd=11)) timer:(keepalive,6.950ms,0) uid:1000 ino:25927 sk:e <-> "
                        + "tos:0x48 class_id:0x2",
                "\t skmem:(r0,rb1000000,t0,tb2626560,f4096,w0,o0,bl0,d0) ts sack ecn ecnseen cubic wscale:9,7 rto:201 "
                        + "rtt:0.048/0.016 ato:40 mss:32768 pmtu:65535 rcvmss:536 advmss:65483 cwnd:10 bytes_sent:120 "
                        + "bytes_acked:121 bytes_received:120 segs_out:26 segs_in:17 data_segs_out:12 data_segs_in:12 "
                        + "send 54613333333bps lastsnd:48 lastrcv:47 lastack:46 pacing_rate 108942961032bps "
                        + "delivery_rate 16384000000bps delivered:13 app_limited busy:1ms rcv_rtt:54576.2 rcv_space:65535 "
                        + "rcv_ssthresh:65534 minrtt:0.016 snd_wnd:65536 rcv_wnd:67024"));
        SsSocket e = s.get(0);
        assertEquals("ESTAB", e.state());
        assertEquals(new SsEndpoint("127.0.0.1", "40699", ""), e.local());
        assertEquals(4005, e.peer().portNumber());
        assertEquals("((\"tcp_client\",pid=1403,fd=11))", e.text("users"));
        assertEquals("keepalive", e.text("timer.name"));
        assertEquals("6.950ms", e.text("timer.expires"));
        assertEquals(0, e.number("timer.retrans"));
        assertEquals(1000, e.number("uid"));
        assertEquals(25927, e.number("ino"));
        assertEquals(0xe, e.cookie());
        assertEquals(0x48, e.number("tos"));
        assertEquals(2, e.number("class_id"));
        assertEquals(4096, e.number("skmem.f"));
        assertEquals(2626560, e.number("skmem.tb"));
        assertEquals(List.of("ts", "sack", "ecn", "ecnseen", "app_limited"), List.copyOf(e.flags()));
        assertEquals("cubic", e.congestion());
        assertEquals(9, e.number("wscale.snd"));
        assertEquals(7, e.number("wscale.rcv"));
        assertEquals(new BigDecimal("201"), e.decimal("rto"));
        assertEquals(new BigDecimal("0.048"), e.decimal("rtt"));
        assertEquals(new BigDecimal("0.016"), e.decimal("rttvar"));
        assertEquals(new BigDecimal("40"), e.decimal("ato"));
        assertEquals(32768, e.number("mss"));
        assertEquals(65535, e.number("pmtu"));
        assertEquals(536, e.number("rcvmss"));
        assertEquals(65483, e.number("advmss"));
        assertEquals(10, e.number("cwnd"));
        assertEquals(120, e.number("bytes_sent"));
        assertEquals(121, e.number("bytes_acked"));
        assertEquals(120, e.number("bytes_received"));
        assertEquals(26, e.number("segs_out"));
        assertEquals(17, e.number("segs_in"));
        assertEquals(12, e.number("data_segs_out"));
        assertEquals(12, e.number("data_segs_in"));
        assertEquals(54613333333L, e.number("send"));
        assertEquals(48, e.number("lastsnd"));
        assertEquals(47, e.number("lastrcv"));
        assertEquals(46, e.number("lastack"));
        assertEquals(108942961032L, e.number("pacing_rate"));
        assertFalse(e.has("pacing_rate.max"));
        assertEquals(16384000000L, e.number("delivery_rate"));
        assertEquals(13, e.number("delivered"));
        assertEquals(1, e.number("busy"));
        assertEquals(new BigDecimal("54576.2"), e.decimal("rcv_rtt"));
        assertEquals(65535, e.number("rcv_space"));
        assertEquals(65534, e.number("rcv_ssthresh"));
        assertEquals(new BigDecimal("0.016"), e.decimal("minrtt"));
        assertEquals(65536, e.number("snd_wnd"));
        assertEquals(67024, e.number("rcv_wnd"));
    }

    @Test
    void lossReorderingAndLimitedFields() {
        SsSocket e = SsText.parse(List.of(HEADER,
                "ESTAB 5 7 [::1]:443 [::1]:51234 timer:(on,1min2sec,3) ino:7 sk:1234abcd00000001 -->",
                "\t skmem:(r1,rb2,t3,tb4,f5,w6,o7,bl8,d9) fastopen reno rto:3.5 backoff:2 rtt:12.5/6.25 mss:1448 "
                        + "cwnd:4 ssthresh:7 bytes_sent:100 bytes_retrans:50 pacing_rate 800bps/1600bps busy:20ms "
                        + "rwnd_limited:5ms(25.0%) sndbuf_limited:3ms(15.0%) unacked:2 retrans:1/4 lost:1 sacked:3 "
                        + "dsack_dups:2 reordering:9 reord_seen:4 notsent:99 dctcp:fallback_mode"))
                .get(0);
        assertEquals(5, e.recvQ());
        assertEquals(7, e.sendQ());
        assertEquals(new SsEndpoint("::1", "443", ""), e.local());
        assertEquals(0x1234abcd00000001L, e.cookie());
        assertEquals("-->", e.text("shutdown"));
        assertEquals("on", e.text("timer.name"));
        assertEquals("1min2sec", e.text("timer.expires"));
        assertEquals(3, e.number("timer.retrans"));
        for (int i = 0; i < 9; i++) {
            String letter = new String[] {"r", "rb", "t", "tb", "f", "w", "o", "bl", "d"}[i];
            assertEquals(i + 1, e.number("skmem." + letter), letter);
        }
        assertTrue(e.flag("fastopen"));
        assertTrue(e.flag("dctcp_fallback_mode"));
        assertEquals("reno", e.congestion());
        assertEquals(new BigDecimal("3.5"), e.decimal("rto"));
        assertEquals(2, e.number("backoff"));
        assertEquals(new BigDecimal("6.25"), e.decimal("rttvar"));
        assertEquals(7, e.number("ssthresh"));
        assertEquals(50, e.number("bytes_retrans"));
        assertEquals(800, e.number("pacing_rate"));
        assertEquals(1600, e.number("pacing_rate.max"));
        assertEquals(20, e.number("busy"));
        assertEquals(5, e.number("rwnd_limited"));
        assertEquals(3, e.number("sndbuf_limited"));
        assertEquals(2, e.number("unacked"));
        assertEquals(1, e.number("retrans"));
        assertEquals(4, e.number("retrans.total"));
        assertEquals(1, e.number("lost"));
        assertEquals(3, e.number("sacked"));
        assertEquals(2, e.number("dsack_dups"));
        assertEquals(9, e.number("reordering"));
        assertEquals(4, e.number("reord_seen"));
        assertEquals(99, e.number("notsent"));
    }

    @Test
    void congestionBlocksAndAddressForms() {
        List<SsSocket> s = SsText.parse(List.of(HEADER,
                "ESTAB 0 0 [::ffff:127.0.0.1]:4005 [::ffff:127.0.0.1]:53410 ino:1 sk:2 cgroup:/user.slice <-> "
                        + "tos:0 tclass:0 class_id:0 cgroup:/user.slice",
                "\t ts bbr wscale:9,9 bbr:(bw:13107187496bps,mrtt:0.02,pacing_gain:2.88672,cwnd_gain:2.88672)",
                "LISTEN 0 4096 *:4000 *:* ino:3 sk:4 v6only:0 <->",
                "\t dctcp dctcp:(ce_state:1,alpha:540,ab_ecn:7,ab_tot:32768) vegas:(enabled:1,rttcnt:2,rtt:30,minrtt:20)",
                "LISTEN 0 128 [::]:22 [::]:* ino:5 sk:6 v6only:1",
                "\t",
                "LISTEN 0 4096 127.0.0.53%lo:53 0.0.0.0:* ino:7 sk:8",
                "TIME-WAIT 0 0 [::ffff:127.0.0.1]:4001 [::ffff:127.0.0.1]:51519 timer:(timewait,27sec,0) ino:0 sk:19",
                "\t                   "));
        assertEquals(5, s.size());
        SsSocket bbr = s.get(0);
        assertEquals("::ffff:127.0.0.1", bbr.local().address());
        assertEquals(53410, bbr.peer().portNumber());
        assertEquals("/user.slice", bbr.text("cgroup"));
        assertEquals("bbr", bbr.congestion());
        assertEquals(13107187496L, bbr.number("bbr.bw"));
        assertEquals(new BigDecimal("0.02"), bbr.decimal("bbr.mrtt"));
        assertEquals(new BigDecimal("2.88672"), bbr.decimal("bbr.pacing_gain"));
        assertEquals(new BigDecimal("2.88672"), bbr.decimal("bbr.cwnd_gain"));

        SsSocket dual = s.get(1);
        assertTrue(dual.local().wildcardAddress());
        assertEquals(4000, dual.local().portNumber());
        assertTrue(dual.peer().wildcardAddress());
        assertEquals(0, dual.number("v6only"));
        assertEquals("dctcp", dual.congestion());
        assertEquals(1, dual.number("dctcp.ce_state"));
        assertEquals(540, dual.number("dctcp.alpha"));
        assertEquals(7, dual.number("dctcp.ab_ecn"));
        assertEquals(32768, dual.number("dctcp.ab_tot"));
        assertEquals(30, dual.number("vegas.rtt"));
        assertEquals(20, dual.number("vegas.minrtt"));

        assertEquals(new SsEndpoint("::", "22", ""), s.get(2).local());
        assertEquals(new SsEndpoint("127.0.0.53", "53", "lo"), s.get(3).local());
        SsSocket tw = s.get(4);
        assertEquals("TIME-WAIT", tw.state());
        assertEquals("27sec", tw.text("timer.expires"));
        assertEquals(0x19, tw.cookie());
        assertFalse(tw.has("skmem"));
        assertEquals("", tw.congestion());
    }

    @Test
    void rejectsAContinuationWithoutSocketAndDuplicateCookies() {
        assertThrows(IllegalArgumentException.class, () -> SsText.parse(List.of(HEADER, "\t cubic")));
        List<SsSocket> dup = SsText.parse(List.of("LISTEN 0 1 0.0.0.0:1 0.0.0.0:* sk:a", "LISTEN 0 1 0.0.0.0:2 0.0.0.0:* sk:a"));
        assertThrows(IllegalStateException.class, () -> SsText.byCookie(dup));
    }
}
