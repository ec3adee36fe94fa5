package io.xtcp.core.golden;

import static io.xtcp.schema.v1.XtcpFlatRecord.*;

import io.xtcp.core.netlink.TcpState;
import io.xtcp.core.record.DecodedRecord;
import io.xtcp.core.testing.DecodedSocket;
import io.xtcp.core.testing.SsEndpoint;
import io.xtcp.core.testing.SsSocket;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Compares one socket as ss printed it with the same socket as we decoded it, applying ss's own
 * rules (iproute2 {@code misc/ss.c}): what it prints only when non-zero, its unit conversions
 * (tcp_info microseconds shown as {@code %g} milliseconds, bytes/s shown as bits/s with
 * {@code %.0f}, busy microseconds shown as whole milliseconds) and its text forms. Where ss leaves a
 * value out, the decoded value must be one ss would leave out. Every ss key must be consumed by a
 * comparison, so nothing ss printed goes unchecked.
 */
final class SsComparison {
    private static final String[] TIMER_NAMES = {"off", "on", "keepalive", "timewait", "persist", "unknown"};
    private static final String[] SKMEM_LETTERS = {"r", "rb", "t", "tb", "f", "w", "o", "bl", "d"};
    private static final int[] SKMEM_FIELDS = {
        SK_MEM_INFO_RMEM_ALLOC_FIELD_NUMBER, SK_MEM_INFO_RCV_BUF_FIELD_NUMBER, SK_MEM_INFO_WMEM_ALLOC_FIELD_NUMBER,
        SK_MEM_INFO_SND_BUF_FIELD_NUMBER, SK_MEM_INFO_FWD_ALLOC_FIELD_NUMBER, SK_MEM_INFO_WMEM_QUEUED_FIELD_NUMBER,
        SK_MEM_INFO_OPTMEM_FIELD_NUMBER, SK_MEM_INFO_BACKLOG_FIELD_NUMBER, SK_MEM_INFO_DROPS_FIELD_NUMBER,
    };
    /** ss key → tcp_info field, for the integers ss prints as-is when they are non-zero. */
    private static final Object[] PLAIN_IF_NONZERO = {
        "backoff", TCP_INFO_BACKOFF_FIELD_NUMBER,
        "mss", TCP_INFO_SND_MSS_FIELD_NUMBER,
        "pmtu", TCP_INFO_PMTU_FIELD_NUMBER,
        "rcvmss", TCP_INFO_RCV_MSS_FIELD_NUMBER,
        "advmss", TCP_INFO_ADV_MSS_FIELD_NUMBER,
        "cwnd", TCP_INFO_SND_CWND_FIELD_NUMBER,
        "bytes_sent", TCP_INFO_BYTES_SENT_FIELD_NUMBER,
        "bytes_retrans", TCP_INFO_BYTES_RETRANS_FIELD_NUMBER,
        "bytes_acked", TCP_INFO_BYTES_ACKED_FIELD_NUMBER,
        "bytes_received", TCP_INFO_BYTES_RECEIVED_FIELD_NUMBER,
        "segs_out", TCP_INFO_SEGS_OUT_FIELD_NUMBER,
        "segs_in", TCP_INFO_SEGS_IN_FIELD_NUMBER,
        "data_segs_out", TCP_INFO_DATA_SEGS_OUT_FIELD_NUMBER,
        "data_segs_in", TCP_INFO_DATA_SEGS_IN_FIELD_NUMBER,
        "lastsnd", TCP_INFO_LAST_DATA_SENT_FIELD_NUMBER,
        "lastrcv", TCP_INFO_LAST_DATA_RECV_FIELD_NUMBER,
        "lastack", TCP_INFO_LAST_ACK_RECV_FIELD_NUMBER,
        "delivered", TCP_INFO_DELIVERED_FIELD_NUMBER,
        "delivered_ce", TCP_INFO_DELIVERED_CE_FIELD_NUMBER,
        "unacked", TCP_INFO_UNACKED_FIELD_NUMBER,
        "lost", TCP_INFO_LOST_FIELD_NUMBER,
        "dsack_dups", TCP_INFO_DSACK_DUPS_FIELD_NUMBER,
        "fackets", TCP_INFO_FACKETS_FIELD_NUMBER,
        "reord_seen", TCP_INFO_REORD_SEEN_FIELD_NUMBER,
        "rcv_space", TCP_INFO_RCV_SPACE_FIELD_NUMBER,
        "rcv_ssthresh", TCP_INFO_RCV_SSTHRESH_FIELD_NUMBER,
        "notsent", TCP_INFO_NOT_SENT_BYTES_FIELD_NUMBER,
        "rcv_ooopack", TCP_INFO_RCV_OOOPACK_FIELD_NUMBER,
        "snd_wnd", TCP_INFO_SND_WND_FIELD_NUMBER,
        "rcv_wnd", TCP_INFO_RCV_WND_FIELD_NUMBER,
    };
    /** ss key → tcp_info field in microseconds, printed as {@code %g} of value/1000 when non-zero. */
    private static final Object[] MILLIS_IF_NONZERO = {
        "ato", TCP_INFO_ATO_FIELD_NUMBER,
        "rcv_rtt", TCP_INFO_RCV_RTT_FIELD_NUMBER,
        "minrtt", TCP_INFO_MIN_RTT_FIELD_NUMBER,
    };
    /** Keys ss prints from outside inet_diag (process table, cgroup path lookup). */
    private static final Set<String> NOT_FROM_NETLINK = Set.of("users");

    private int compared;
    private int tcpInfoCompared;
    private final List<String> mismatches = new ArrayList<>();
    private final Set<String> used = new HashSet<>();
    private SsSocket ss;
    private DecodedRecord r;

    int compared() {
        return compared;
    }

    int tcpInfoCompared() {
        return tcpInfoCompared;
    }

    List<String> mismatches() {
        return mismatches;
    }

    void compare(SsSocket s, DecodedSocket d) {
        this.ss = s;
        this.r = d.fields();
        used.clear();
        used.add("sk");
        compared++; // the cookie that paired them

        check("state", s.state(), TcpState.ssName((int) r.number(INET_DIAG_MSG_STATE_FIELD_NUMBER)));
        check("recv-q", s.recvQ(), r.number(INET_DIAG_MSG_RQUEUE_FIELD_NUMBER));
        check("send-q", s.sendQ(), r.number(INET_DIAG_MSG_WQUEUE_FIELD_NUMBER));
        endpoint("local", s.local(), INET_DIAG_MSG_SOCKET_SOURCE_FIELD_NUMBER, INET_DIAG_MSG_SOCKET_SOURCE_PORT_FIELD_NUMBER);
        endpoint("peer", s.peer(), INET_DIAG_MSG_SOCKET_DESTINATION_FIELD_NUMBER,
                INET_DIAG_MSG_SOCKET_DESTINATION_PORT_FIELD_NUMBER);
        check("ino", number("ino"), r.number(INET_DIAG_MSG_INODE_FIELD_NUMBER));
        ifNonZero("uid", r.number(INET_DIAG_MSG_UID_FIELD_NUMBER), r.number(INET_DIAG_MSG_UID_FIELD_NUMBER));
        timer();
        attribute("tos", TYPE_OF_SERVICE_FIELD_NUMBER);
        attribute("tclass", TRAFFIC_CLASS_FIELD_NUMBER);
        attribute("class_id", CLASS_ID_FIELD_NUMBER);
        v6only(d.v6only());
        shutdown();
        presence("cgroup", C_GROUP_FIELD_NUMBER);
        skmem();
        tcpInfo();
        congestionBlocks();

        for (String key : s.values().keySet()) {
            if (!used.contains(key) && !NOT_FROM_NETLINK.contains(key) && !key.contains(".")) {
                mismatches.add(s + ": ss printed '" + key + ":" + s.text(key) + "' which no comparison covers");
            }
        }
    }

    private void timer() {
        long timer = r.number(INET_DIAG_MSG_TIMER_FIELD_NUMBER);
        if (!ss.has("timer")) {
            check("timer (absent in ss)", 0L, timer);
            return;
        }
        used.add("timer");
        check("timer.name", text("timer.name"), TIMER_NAMES[(int) Math.min(timer, 5)]);
        check("timer.expires", text("timer.expires"), msTimer(r.number(INET_DIAG_MSG_EXPIRES_FIELD_NUMBER)));
        check("timer.retrans", number("timer.retrans"), r.number(INET_DIAG_MSG_RETRANS_FIELD_NUMBER));
    }

    private void v6only(int decoded) {
        if (ss.has("v6only")) {
            check("v6only", number("v6only"), decoded);
        } else {
            check("v6only (absent in ss)", -1L, decoded);
        }
    }

    /** ss: {@code out(" %c-%c", mask & 1 ? '-' : '<', mask & 2 ? '-' : '>')} when the attribute is present. */
    private void shutdown() {
        if (!ss.has("shutdown")) {
            check("shutdown (absent in ss)", false, r.has(SHUTDOWN_STATE_FIELD_NUMBER));
            return;
        }
        used.add("shutdown");
        long mask = r.number(SHUTDOWN_STATE_FIELD_NUMBER);
        String expected = (mask & 1) != 0 ? "-" : "<";
        expected += "-" + ((mask & 2) != 0 ? "-" : ">");
        check("shutdown", text("shutdown"), r.has(SHUTDOWN_STATE_FIELD_NUMBER) ? expected : "(no attribute)");
    }

    private void skmem() {
        if (!ss.has("skmem")) {
            check("skmem (absent in ss)", false, r.has(SK_MEM_INFO_RMEM_ALLOC_FIELD_NUMBER));
            return;
        }
        used.add("skmem");
        for (int i = 0; i < SKMEM_LETTERS.length; i++) {
            String key = "skmem." + SKMEM_LETTERS[i];
            check(key, number(key), r.has(SKMEM_FIELDS[i]) ? r.number(SKMEM_FIELDS[i]) : null);
        }
    }

    private void tcpInfo() {
        if (!r.has(TCP_INFO_STATE_FIELD_NUMBER)) {
            for (String k : new String[] {"rto", "rtt", "mss", "cwnd", "lastsnd", "wscale"}) {
                if (ss.has(k)) {
                    mismatches.add(ss + ": ss printed " + k + " but no tcp_info was decoded");
                }
            }
            check("congestion (no tcp_info)", ss.congestion(), r.string(CONGESTION_ALGORITHM_STRING_FIELD_NUMBER));
            return;
        }
        int before = compared;
        long opts = r.number(TCP_INFO_OPTIONS_FIELD_NUMBER);
        flag("ts", (opts & 1) != 0);
        flag("sack", (opts & 2) != 0);
        flag("ecn", (opts & 8) != 0);
        flag("ecnseen", (opts & 16) != 0);
        flag("fastopen", (opts & 32) != 0);
        check("congestion", ss.congestion(), r.string(CONGESTION_ALGORITHM_STRING_FIELD_NUMBER));
        if ((opts & 4) != 0) {
            used.add("wscale");
            check("wscale.snd", number("wscale.snd"), r.number(TCP_INFO_SEND_SCALE_FIELD_NUMBER));
            check("wscale.rcv", number("wscale.rcv"), r.number(TCP_INFO_RCV_SCALE_FIELD_NUMBER));
        } else {
            absent("wscale");
        }

        long rto = r.number(TCP_INFO_RTO_FIELD_NUMBER);
        if (rto != 0 && rto != 3000000) {
            millis("rto", rto);
        } else {
            absent("rto");
        }
        long rtt = r.number(TCP_INFO_RTT_FIELD_NUMBER);
        if (rtt != 0) {
            millis("rtt", rtt);
            millis("rttvar", r.number(TCP_INFO_RTT_VAR_FIELD_NUMBER));
        } else {
            absent("rtt");
        }
        for (int i = 0; i < MILLIS_IF_NONZERO.length; i += 2) {
            String key = (String) MILLIS_IF_NONZERO[i];
            long v = r.number((Integer) MILLIS_IF_NONZERO[i + 1]);
            if (v != 0) {
                millis(key, v);
            } else {
                absent(key);
            }
        }
        for (int i = 0; i < PLAIN_IF_NONZERO.length; i += 2) {
            int field = (Integer) PLAIN_IF_NONZERO[i + 1];
            ifNonZero((String) PLAIN_IF_NONZERO[i], r.number(field), r.number(field));
        }
        long ssthresh = r.number(TCP_INFO_SND_SSTHRESH_FIELD_NUMBER);
        ifNonZero("ssthresh", ssthresh < 0xFFFF ? ssthresh : 0, ssthresh);
        long sacked = r.number(TCP_INFO_SACKED_FIELD_NUMBER);
        ifNonZero("sacked", ss.state().equals("LISTEN") ? 0 : sacked, sacked);
        long reordering = r.number(TCP_INFO_REORDERING_FIELD_NUMBER);
        if (reordering != 3) {
            check("reordering", number("reordering"), reordering);
        } else {
            absent("reordering");
        }
        long retrans = r.number(TCP_INFO_RETRANS_FIELD_NUMBER);
        long totalRetrans = r.number(TCP_INFO_TOTAL_RETRANS_FIELD_NUMBER);
        if (retrans != 0 || totalRetrans != 0) {
            check("retrans", number("retrans"), retrans);
            check("retrans.total", number("retrans.total"), totalRetrans);
        } else {
            absent("retrans");
        }

        long pacing = r.number(TCP_INFO_PACING_RATE_FIELD_NUMBER);
        if (pacing != 0 && pacing != -1L) {
            check("pacing_rate", text("pacing_rate"), bitsPerSecond(pacing));
            long max = r.number(TCP_INFO_MAX_PACING_RATE_FIELD_NUMBER);
            if (max != -1L) {
                check("pacing_rate.max", text("pacing_rate.max"), bitsPerSecond(max));
            } else {
                check("pacing_rate.max (absent in ss)", false, ss.has("pacing_rate.max"));
            }
        } else {
            absent("pacing_rate");
        }
        long delivery = r.number(TCP_INFO_DELIVERY_RATE_FIELD_NUMBER);
        if (delivery != 0) {
            check("delivery_rate", text("delivery_rate"), bitsPerSecond(delivery));
        } else {
            absent("delivery_rate");
        }
        flag("app_limited", r.number(TCP_INFO_DELIVERY_RATE_APP_LIMITED_FIELD_NUMBER) != 0);

        long busy = r.number(TCP_INFO_BUSY_TIME_FIELD_NUMBER);
        if (busy != 0) {
            check("busy", number("busy"), busy / 1000);
            ifNonZero("rwnd_limited", r.number(TCP_INFO_RWND_LIMITED_FIELD_NUMBER),
                    r.number(TCP_INFO_RWND_LIMITED_FIELD_NUMBER) / 1000);
            ifNonZero("sndbuf_limited", r.number(TCP_INFO_SNDBUF_LIMITED_FIELD_NUMBER),
                    r.number(TCP_INFO_SNDBUF_LIMITED_FIELD_NUMBER) / 1000);
        } else {
            absent("busy");
            absent("rwnd_limited");
            absent("sndbuf_limited");
        }
        sendRate(rtt);
        tcpInfoCompared += compared - before;
    }

    /**
     * ss's derived {@code send} rate: cwnd * mss * 8000000 / rtt (rtt in us; Vegas's own rtt when it
     * is enabled and valid), printed with {@code %.0f}.
     */
    private void sendRate(long infoRtt) {
        double rtt = infoRtt;
        if (r.number(VEGAS_INFO_ENABLED_FIELD_NUMBER) != 0) {
            long vrtt = r.number(VEGAS_INFO_RTT_FIELD_NUMBER);
            if (vrtt != 0 && vrtt != 0x7fffffff) {
                rtt = vrtt;
            }
        }
        long mss = r.number(TCP_INFO_SND_MSS_FIELD_NUMBER);
        long cwnd = r.number(TCP_INFO_SND_CWND_FIELD_NUMBER);
        if (rtt > 0 && mss != 0 && cwnd != 0) {
            double bps = (double) cwnd * (double) mss * 8000000. / rtt;
            check("send", text("send"), fixed0(bps));
        } else {
            absent("send");
        }
    }

    private void congestionBlocks() {
        if (r.has(DCTCP_INFO_ENABLED_FIELD_NUMBER) && r.number(DCTCP_INFO_ENABLED_FIELD_NUMBER) != 0) {
            used.add("dctcp");
            check("dctcp.ce_state", number("dctcp.ce_state"), r.number(DCTCP_INFO_CE_STATE_FIELD_NUMBER));
            check("dctcp.alpha", number("dctcp.alpha"), r.number(DCTCP_INFO_ALPHA_FIELD_NUMBER));
            check("dctcp.ab_ecn", number("dctcp.ab_ecn"), r.number(DCTCP_INFO_AB_ECN_FIELD_NUMBER));
            check("dctcp.ab_tot", number("dctcp.ab_tot"), r.number(DCTCP_INFO_AB_TOT_FIELD_NUMBER));
        } else {
            absent("dctcp");
            check("dctcp fallback", r.has(DCTCP_INFO_ENABLED_FIELD_NUMBER), ss.flag("dctcp_fallback_mode"));
        }
        if (r.has(BBR_INFO_BW_LO_FIELD_NUMBER)) {
            used.add("bbr");
            long bw = r.number(BBR_INFO_BW_HI_FIELD_NUMBER) << 32 | r.number(BBR_INFO_BW_LO_FIELD_NUMBER);
            check("bbr.bw", text("bbr.bw"), fixed0(bw * 8.0));
            checkG("bbr.mrtt", r.number(BBR_INFO_MIN_RTT_FIELD_NUMBER) / 1000.0);
            long pg = r.number(BBR_INFO_PACING_GAIN_FIELD_NUMBER);
            long cg = r.number(BBR_INFO_CWND_GAIN_FIELD_NUMBER);
            if (pg != 0) {
                checkG("bbr.pacing_gain", pg / 256.0);
            }
            if (cg != 0) {
                checkG("bbr.cwnd_gain", cg / 256.0);
            }
        } else {
            absent("bbr");
        }
        if (ss.has("vegas")) {
            used.add("vegas");
            check("vegas.enabled", number("vegas.enabled"), r.number(VEGAS_INFO_ENABLED_FIELD_NUMBER));
            check("vegas.rttcnt", number("vegas.rttcnt"), r.number(VEGAS_INFO_RTT_CNT_FIELD_NUMBER));
            check("vegas.rtt", number("vegas.rtt"), r.number(VEGAS_INFO_RTT_FIELD_NUMBER));
            check("vegas.minrtt", number("vegas.minrtt"), r.number(VEGAS_INFO_MIN_RTT_FIELD_NUMBER));
        }
    }

    // ---- helpers

    /** A value ss prints only when {@code condition} is non-zero. */
    private void ifNonZero(String key, long condition, long value) {
        if (condition != 0) {
            check(key, number(key), value);
        } else {
            absent(key);
        }
    }

    /** An attribute ss prints as {@code %#x} whenever the kernel sent it. */
    private void attribute(String key, int field) {
        if (ss.has(key)) {
            check(key, number(key), r.has(field) ? r.number(field) : null);
        } else {
            check(key + " (absent in ss)", false, r.has(field));
        }
    }

    private void presence(String key, int field) {
        used.add(key);
        check(key + " present", ss.has(key), r.has(field));
    }

    private void endpoint(String what, SsEndpoint e, int addressField, int portField) {
        byte[] addr = r.bytesOf(addressField);
        boolean zero = true;
        for (byte b : addr) {
            zero &= b == 0;
        }
        if (e.wildcardAddress()) {
            check(what + " address", "*", zero ? "*" : r.address(addressField));
        } else {
            check(what + " address", e.address(), r.address(addressField));
        }
        check(what + " port", (long) e.portNumber(), r.number(portField));
    }

    private void millis(String key, long micros) {
        checkG(key, micros / 1000.0);
    }

    /** Compares a {@code %g} value: the decoded double rounded to 6 significant digits, as printf does. */
    private void checkG(String key, double value) {
        BigDecimal printed = decimal(key);
        BigDecimal expected = new BigDecimal(value).round(new MathContext(6, RoundingMode.HALF_EVEN));
        if (printed == null || printed.compareTo(expected) != 0) {
            mismatches.add(ss + ": " + key + " ss=" + (printed == null ? "(absent)" : printed.toPlainString())
                    + " decoded=" + expected.stripTrailingZeros().toPlainString());
        }
        compared++;
    }

    private static String bitsPerSecond(long bytesPerSecond) {
        return fixed0(bytesPerSecond * 8.0);
    }

    /** printf {@code %.0f}. */
    private static String fixed0(double v) {
        return new BigDecimal(v).setScale(0, RoundingMode.HALF_EVEN).toPlainString();
    }

    private static String msTimer(long timeout) {
        long secs = timeout / 1000;
        long minutes = secs / 60;
        secs = secs % 60;
        long msecs = timeout % 1000;
        StringBuilder b = new StringBuilder();
        if (minutes != 0) {
            msecs = 0;
            b.append(minutes).append("min");
            if (minutes > 9) {
                secs = 0;
            }
        }
        if (secs != 0) {
            if (secs > 9) {
                msecs = 0;
            }
            b.append(secs).append(msecs != 0 ? "." : "sec");
        }
        if (msecs != 0) {
            b.append(String.format("%03dms", msecs));
        }
        return b.toString();
    }

    private void flag(String name, boolean decoded) {
        check("flag " + name, ss.flag(name), decoded);
    }

    private void absent(String key) {
        if (ss.has(key)) {
            mismatches.add(ss + ": ss printed " + key + ":" + ss.text(key) + " but the decoded value is one ss omits");
        }
        compared++;
    }

    private Long number(String key) {
        used.add(key);
        return ss.has(key) ? ss.number(key) : null;
    }

    private String text(String key) {
        used.add(key);
        return ss.has(key) ? ss.text(key) : null;
    }

    private BigDecimal decimal(String key) {
        used.add(key);
        return ss.has(key) ? ss.decimal(key) : null;
    }

    private void check(String what, Object ssValue, Object decoded) {
        compared++;
        if (ssValue == null || !ssValue.equals(decoded)) {
            mismatches.add(ss + ": " + what + " ss=" + (ssValue == null ? "(absent)" : ssValue) + " decoded=" + decoded);
        }
    }

    private void check(String what, long ssValue, long decoded) {
        check(what, (Object) ssValue, (Object) decoded);
    }

    private void check(String what, Long ssValue, long decoded) {
        check(what, (Object) ssValue, (Object) decoded);
    }
}
