package io.xtcp.core.golden;

import static io.xtcp.schema.v1.XtcpFlatRecord.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xtcp.core.netlink.TcpState;
import io.xtcp.core.record.DecodedRecord;
import io.xtcp.core.testing.CaptureReplay;
import io.xtcp.core.testing.DecodedSocket;
import io.xtcp.core.testing.Fixtures;
import io.xtcp.core.testing.SsEndpoint;
import io.xtcp.core.testing.SsSocket;
import io.xtcp.core.testing.SsText;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Linux 6.6.44: the ss text was taken a moment apart from each capture, so only the socket set and
 * the fields that do not move (addresses, ports, mss, advmss, pmtu, wscale, options, congestion
 * name) are compared exactly; BBR, DCTCP and Vegas state must decode and be plausible against what
 * ss printed.
 */
class Kernel66CaptureTest {
    private static final String KERNEL = "6_6_44";

    static Stream<Arguments> pairs() {
        return Stream.of(
                Arguments.of("tcp_4_sockets.pcap", "ss_tcp_info_a_4.txt"),
                Arguments.of("tcp_10_sockets.pcap", "ss_tcp_info_a_10.txt"),
                Arguments.of("tcp_100_sockets.pcap", "ss_tcp_info_a_100.txt"),
                Arguments.of("tcp_100_sockets_bbr.pcap", "ss_tcp_info_a_100_bbr.txt"),
                Arguments.of("tcp_100_sockets_dctcp.pcap", "ss_tcp_info_a_100_dctcp.txt"),
                Arguments.of("tcp_100_sockets_vegas.pcap", "ss_tcp_info_a_100_vegas.txt"));
    }

    /**
     * Sockets are matched by state, addresses and ports. The client side of each loopback
     * connection has an ephemeral port, and the tcp_10 text comes from another ss run than the
     * capture (other ephemeral ports, other cookies), so a port that is not a listening port of
     * the ss text counts as "ephemeral".
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("pairs")
    void socketSetAndStaticFieldsMatchTheSsText(String pcap, String text) throws Exception {
        List<SsSocket> ss = SsText.read(Fixtures.netlink(KERNEL, text));
        List<DecodedSocket> decoded = CaptureReplay.of(Fixtures.netlink(KERNEL, pcap)).lastPerFamily();
        Set<Integer> listening = new HashSet<>();
        for (SsSocket s : ss) {
            if (s.state().equals("LISTEN")) {
                listening.add(s.local().portNumber());
            }
        }
        Map<String, SsSocket> ssByKey = new TreeMap<>();
        for (SsSocket s : ss) {
            assertNull(ssByKey.put(key(s, listening), s), "ss key not unique: " + key(s, listening));
        }
        Map<String, DecodedSocket> decodedByKey = new TreeMap<>();
        for (DecodedSocket d : decoded) {
            assertNull(decodedByKey.put(key(d.fields(), listening), d), "decoded key not unique");
        }
        assertEquals(ssByKey.keySet(), decodedByKey.keySet(), "socket set");

        List<String> mismatches = new ArrayList<>();
        int compared = 0;
        for (Map.Entry<String, SsSocket> e : ssByKey.entrySet()) {
            SsSocket s = e.getValue();
            DecodedRecord r = decodedByKey.get(e.getKey()).fields();
            compared += staticFields(s, r, mismatches);
        }
        assertTrue(mismatches.isEmpty(), () -> mismatches.stream().limit(20).collect(Collectors.joining("\n")));
        assertTrue(compared >= 8 * ss.size(), "static fields compared: " + compared);
        System.out.printf("6_6_44 %s: %d sockets, %d static fields compared%n", pcap, ss.size(), compared);
    }

    /** Compares what does not change during a socket's life; returns how many fields it compared. */
    private static int staticFields(SsSocket s, DecodedRecord r, List<String> out) {
        int n = 0;
        n += same(out, s, "congestion", s.congestion(), r.string(CONGESTION_ALGORITHM_STRING_FIELD_NUMBER));
        n += same(out, s, "tos", s.has("tos") ? s.number("tos") : null,
                r.has(TYPE_OF_SERVICE_FIELD_NUMBER) ? r.number(TYPE_OF_SERVICE_FIELD_NUMBER) : null);
        n += same(out, s, "class_id", s.has("class_id") ? s.number("class_id") : null,
                r.has(CLASS_ID_FIELD_NUMBER) ? r.number(CLASS_ID_FIELD_NUMBER) : null);
        String[] keys = {"mss", "advmss", "pmtu"};
        int[] fields = {TCP_INFO_SND_MSS_FIELD_NUMBER, TCP_INFO_ADV_MSS_FIELD_NUMBER, TCP_INFO_PMTU_FIELD_NUMBER};
        for (int i = 0; i < keys.length; i++) {
            n += same(out, s, keys[i], s.has(keys[i]) ? s.number(keys[i]) : 0L, r.number(fields[i]));
        }
        long opts = r.number(TCP_INFO_OPTIONS_FIELD_NUMBER);
        n += same(out, s, "ts", s.flag("ts"), (opts & 1) != 0);
        n += same(out, s, "sack", s.flag("sack"), (opts & 2) != 0);
        n += same(out, s, "ecn", s.flag("ecn"), (opts & 8) != 0);
        n += same(out, s, "wscale", s.has("wscale") ? s.text("wscale") : "",
                (opts & 4) != 0
                        ? r.number(TCP_INFO_SEND_SCALE_FIELD_NUMBER) + "," + r.number(TCP_INFO_RCV_SCALE_FIELD_NUMBER)
                        : "");
        return n;
    }

    /**
     * The last dumps of the tcp_4 and tcp_100 captures turn out to be exactly what ss printed (same
     * cookies, same counters), so the full golden comparison holds for them too.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("exactPairs")
    void theTcp4AndTcp100TextsMatchTheLastDumpExactly(String pcap, String text) throws Exception {
        List<SsSocket> ss = SsText.read(Fixtures.netlink(KERNEL, text));
        Map<Long, DecodedSocket> decoded = GoldenCaptureTest.byCookie(
                CaptureReplay.of(Fixtures.netlink(KERNEL, pcap)).lastPerFamily());
        assertEquals(SsText.byCookie(ss).keySet(), decoded.keySet());
        SsComparison cmp = new SsComparison();
        for (SsSocket s : ss) {
            cmp.compare(s, decoded.get(s.cookie()));
        }
        assertTrue(cmp.mismatches().isEmpty(), () -> String.join("\n", cmp.mismatches()));
        assertTrue(cmp.compared() >= 60 * ss.size(), "compared " + cmp.compared());
    }

    static Stream<Arguments> exactPairs() {
        return Stream.of(Arguments.of("tcp_4_sockets.pcap", "ss_tcp_info_a_4.txt"),
                Arguments.of("tcp_100_sockets.pcap", "ss_tcp_info_a_100.txt"));
    }

    @Test
    void bbrStateDecodesAndAgreesWithSsBbrBlock() throws Exception {
        Map<Long, DecodedSocket> decoded = byCookie("tcp_100_sockets_bbr.pcap");
        int blocks = 0;
        for (SsSocket s : SsText.read(Fixtures.netlink(KERNEL, "ss_tcp_info_a_100_bbr.txt"))) {
            DecodedRecord r = decoded.get(s.cookie()).fields();
            assertEquals(s.has("bbr"), r.has(BBR_INFO_BW_LO_FIELD_NUMBER), "bbr block present for " + s);
            if (!s.has("bbr")) {
                continue;
            }
            blocks++;
            assertEquals("bbr", r.string(CONGESTION_ALGORITHM_STRING_FIELD_NUMBER));
            for (int f : new int[] {BBR_INFO_BW_HI_FIELD_NUMBER, BBR_INFO_MIN_RTT_FIELD_NUMBER,
                BBR_INFO_PACING_GAIN_FIELD_NUMBER, BBR_INFO_CWND_GAIN_FIELD_NUMBER}) {
                assertTrue(r.has(f), "bbr field " + f);
            }
            long bw = r.number(BBR_INFO_BW_HI_FIELD_NUMBER) << 32 | r.number(BBR_INFO_BW_LO_FIELD_NUMBER);
            // ss: bw * 8 in bits/s, mrtt = min_rtt / 1000 ms, gains / 256; moments apart, so within a factor.
            assertWithinFactor(4, s.number("bbr.bw"), bw * 8.0, "bbr bw of " + s);
            assertWithinFactor(4, s.decimal("bbr.mrtt").doubleValue(), r.number(BBR_INFO_MIN_RTT_FIELD_NUMBER) / 1000.0,
                    "bbr mrtt of " + s);
            assertTrue(r.number(BBR_INFO_MIN_RTT_FIELD_NUMBER) >= r.number(TCP_INFO_MIN_RTT_FIELD_NUMBER),
                    "BBR's 10 s min_rtt is never below tcp_info's longer-window min_rtt");
            assertEquals(s.decimal("bbr.pacing_gain"), g(r.number(BBR_INFO_PACING_GAIN_FIELD_NUMBER) / 256.0));
            assertEquals(s.decimal("bbr.cwnd_gain"), g(r.number(BBR_INFO_CWND_GAIN_FIELD_NUMBER) / 256.0));
        }
        assertEquals(200, blocks, "ss printed a bbr block for each of the 200 established connections");
    }

    @Test
    void dctcpStateDecodesAndAgreesWithSsDctcpBlock() throws Exception {
        Map<Long, DecodedSocket> decoded = byCookie("tcp_100_sockets_dctcp.pcap");
        int blocks = 0;
        for (SsSocket s : SsText.read(Fixtures.netlink(KERNEL, "ss_tcp_info_a_100_dctcp.txt"))) {
            DecodedRecord r = decoded.get(s.cookie()).fields();
            boolean enabled = r.has(DCTCP_INFO_ENABLED_FIELD_NUMBER) && r.number(DCTCP_INFO_ENABLED_FIELD_NUMBER) != 0;
            assertEquals(s.has("dctcp"), enabled, "dctcp block present for " + s);
            if (!enabled) {
                continue;
            }
            blocks++;
            assertEquals("dctcp", r.string(CONGESTION_ALGORITHM_STRING_FIELD_NUMBER));
            long alpha = r.number(DCTCP_INFO_ALPHA_FIELD_NUMBER);
            assertTrue(alpha <= 1024, "alpha is a fraction of DCTCP_MAX_ALPHA (1024): " + alpha);
            assertWithinFactor(2, s.number("dctcp.alpha"), alpha, "alpha of " + s);
            assertEquals(s.number("dctcp.ce_state"), r.number(DCTCP_INFO_CE_STATE_FIELD_NUMBER), "ce_state of " + s);
            assertEquals(s.number("dctcp.ab_ecn"), r.number(DCTCP_INFO_AB_ECN_FIELD_NUMBER), "ab_ecn of " + s);
            assertTrue(r.number(DCTCP_INFO_AB_ECN_FIELD_NUMBER) <= r.number(DCTCP_INFO_AB_TOT_FIELD_NUMBER));
            assertTrue(r.number(DCTCP_INFO_AB_TOT_FIELD_NUMBER) <= 1 << 20, "ab_tot in bytes acked this window");
        }
        assertEquals(200, blocks);
    }

    /**
     * ss prints no Vegas block, but uses Vegas's rtt (when enabled and valid) for its {@code send}
     * rate: cwnd * mss * 8e6 / send is the Vegas rtt ss saw a moment apart.
     */
    @Test
    void vegasStateDecodesAndIsPlausibleAgainstSsSendRate() throws Exception {
        Map<Long, DecodedSocket> decoded = byCookie("tcp_100_sockets_vegas.pcap");
        int vegas = 0;
        for (SsSocket s : SsText.read(Fixtures.netlink(KERNEL, "ss_tcp_info_a_100_vegas.txt"))) {
            DecodedRecord r = decoded.get(s.cookie()).fields();
            boolean established = s.state().equals("ESTAB") && s.congestion().equals("vegas");
            assertEquals(established, r.has(VEGAS_INFO_ENABLED_FIELD_NUMBER), "vegas info for " + s);
            if (!established) {
                continue;
            }
            vegas++;
            assertEquals(1, r.number(VEGAS_INFO_ENABLED_FIELD_NUMBER));
            long rtt = r.number(VEGAS_INFO_RTT_FIELD_NUMBER);
            long minRtt = r.number(VEGAS_INFO_MIN_RTT_FIELD_NUMBER);
            assertTrue(rtt > 0 && rtt < 1_000_000, "vegas rtt in us: " + rtt);
            assertTrue(minRtt == 0x7fffffff || minRtt <= rtt, "vegas minrtt: " + minRtt);
            assertTrue(r.number(VEGAS_INFO_RTT_CNT_FIELD_NUMBER) < 1000);
            double ssVegasRtt = s.number("cwnd") * (double) s.number("mss") * 8e6 / s.number("send");
            assertWithinFactor(20, ssVegasRtt, rtt, "vegas rtt of " + s);
        }
        assertEquals(200, vegas);
    }

    // ---- helpers

    private static Map<Long, DecodedSocket> byCookie(String pcap) throws Exception {
        return GoldenCaptureTest.byCookie(CaptureReplay.of(Fixtures.netlink(KERNEL, pcap)).lastPerFamily());
    }

    private static String key(SsSocket s, Set<Integer> listening) {
        boolean v6 = s.local().address().contains(":") || s.local().wildcardAddress();
        return s.state() + (v6 ? " v6 " : " v4 ") + endpoint(s.local(), listening) + " " + endpoint(s.peer(), listening);
    }

    private static String endpoint(SsEndpoint e, Set<Integer> listening) {
        String addr = e.wildcardAddress() || e.address().equals("0.0.0.0") || e.address().equals("::") ? "any" : e.address();
        int port = e.portNumber();
        return addr + ":" + (port == 0 || listening.contains(port) ? Integer.toString(port) : "ephemeral");
    }

    private static String key(DecodedRecord r, Set<Integer> listening) {
        return TcpState.ssName((int) r.number(INET_DIAG_MSG_STATE_FIELD_NUMBER))
                + (r.number(INET_DIAG_MSG_FAMILY_FIELD_NUMBER) == 10 ? " v6 " : " v4 ")
                + endpoint(r, INET_DIAG_MSG_SOCKET_SOURCE_FIELD_NUMBER, INET_DIAG_MSG_SOCKET_SOURCE_PORT_FIELD_NUMBER, listening)
                + " " + endpoint(r, INET_DIAG_MSG_SOCKET_DESTINATION_FIELD_NUMBER,
                        INET_DIAG_MSG_SOCKET_DESTINATION_PORT_FIELD_NUMBER, listening);
    }

    private static String endpoint(DecodedRecord r, int addressField, int portField, Set<Integer> listening) {
        boolean zero = true;
        for (byte b : r.bytesOf(addressField)) {
            zero &= b == 0;
        }
        int port = (int) r.number(portField);
        return (zero ? "any" : r.address(addressField)) + ":"
                + (port == 0 || listening.contains(port) ? Integer.toString(port) : "ephemeral");
    }

    private static int same(List<String> out, SsSocket s, String what, Object ss, Object decoded) {
        if (ss == null ? decoded != null : !ss.equals(decoded)) {
            out.add(s + ": " + what + " ss=" + ss + " decoded=" + decoded);
        }
        return 1;
    }

    private static void assertWithinFactor(double factor, double ss, double decoded, String what) {
        assertTrue(ss > 0 && decoded > 0 && decoded <= ss * factor && ss <= decoded * factor,
                what + ": ss=" + ss + " decoded=" + decoded);
    }

    private static BigDecimal g(double v) {
        return new BigDecimal(v).round(new MathContext(6, RoundingMode.HALF_EVEN)).stripTrailingZeros();
    }
}
