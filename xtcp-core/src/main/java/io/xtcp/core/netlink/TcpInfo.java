package io.xtcp.core.netlink;

/**
 * Offsets into {@code struct tcp_info}, and a flyweight over one for {@link #toString()} ({@code linux/tcp.h}, uapi). The kernel sends as many
 * bytes as it knows: 192 on old kernels, 232 on 5.4-5.15, 248 on 6.x, 280 on 6.18+. A field
 * is present only when {@code offset + size <= length}; nothing past the length is read.
 *
 * <pre>
 * struct tcp_info {
 *   __u8 tcpi_state, tcpi_ca_state, tcpi_retransmits, tcpi_probes, tcpi_backoff, tcpi_options; // 0..5
 *   __u8 tcpi_snd_wscale : 4, tcpi_rcv_wscale : 4;                                             // 6
 *   __u8 tcpi_delivery_rate_app_limited:1, tcpi_fastopen_client_fail:2;                        // 7
 *   __u32 tcpi_rto, tcpi_ato, tcpi_snd_mss, tcpi_rcv_mss;                                      // 8..20
 *   __u32 tcpi_unacked, tcpi_sacked, tcpi_lost, tcpi_retrans, tcpi_fackets;                    // 24..40
 *   __u32 tcpi_last_data_sent, tcpi_last_ack_sent, tcpi_last_data_recv, tcpi_last_ack_recv;    // 44..56
 *   __u32 tcpi_pmtu, tcpi_rcv_ssthresh, tcpi_rtt, tcpi_rttvar, tcpi_snd_ssthresh;              // 60..76
 *   __u32 tcpi_snd_cwnd, tcpi_advmss, tcpi_reordering, tcpi_rcv_rtt, tcpi_rcv_space;           // 80..96
 *   __u32 tcpi_total_retrans;                                                                  // 100
 *   __u64 tcpi_pacing_rate, tcpi_max_pacing_rate, tcpi_bytes_acked, tcpi_bytes_received;       // 104..128
 *   __u32 tcpi_segs_out, tcpi_segs_in, tcpi_notsent_bytes, tcpi_min_rtt;                       // 136..148
 *   __u32 tcpi_data_segs_in, tcpi_data_segs_out;                                               // 152, 156
 *   __u64 tcpi_delivery_rate, tcpi_busy_time, tcpi_rwnd_limited, tcpi_sndbuf_limited;          // 160..184
 *   __u32 tcpi_delivered, tcpi_delivered_ce;                                                   // 192, 196
 *   __u64 tcpi_bytes_sent, tcpi_bytes_retrans;                                                 // 200, 208
 *   __u32 tcpi_dsack_dups, tcpi_reord_seen, tcpi_rcv_ooopack, tcpi_snd_wnd;                    // 216..228
 *   __u32 tcpi_rcv_wnd, tcpi_rehash;                                                           // 232, 236
 *   __u16 tcpi_total_rto, tcpi_total_rto_recoveries; __u32 tcpi_total_rto_time;                // 240, 242, 244
 *   __u32 tcpi_received_ce, tcpi_delivered_e1_bytes, tcpi_delivered_e0_bytes;                  // 248..256
 *   __u32 tcpi_delivered_ce_bytes, tcpi_received_e1_bytes, tcpi_received_e0_bytes;             // 260..268
 *   __u32 tcpi_received_ce_bytes; __u16 tcpi_accecn_fail_mode, tcpi_accecn_opt_seen;           // 272, 276, 278
 * };                                                                                           // 280
 * </pre>
 */
public final class TcpInfo {
    public static final int STATE_OFFSET = 0;
    public static final int CA_STATE_OFFSET = 1;
    public static final int RETRANSMITS_OFFSET = 2;
    public static final int PROBES_OFFSET = 3;
    public static final int BACKOFF_OFFSET = 4;
    public static final int OPTIONS_OFFSET = 5;
    public static final int WSCALE_OFFSET = 6;
    public static final int APP_LIMITED_OFFSET = 7;
    public static final int RTO_OFFSET = 8;
    public static final int ATO_OFFSET = 12;
    public static final int SND_MSS_OFFSET = 16;
    public static final int RCV_MSS_OFFSET = 20;
    public static final int UNACKED_OFFSET = 24;
    public static final int SACKED_OFFSET = 28;
    public static final int LOST_OFFSET = 32;
    public static final int RETRANS_OFFSET = 36;
    public static final int FACKETS_OFFSET = 40;
    public static final int LAST_DATA_SENT_OFFSET = 44;
    public static final int LAST_ACK_SENT_OFFSET = 48;
    public static final int LAST_DATA_RECV_OFFSET = 52;
    public static final int LAST_ACK_RECV_OFFSET = 56;
    public static final int PMTU_OFFSET = 60;
    public static final int RCV_SSTHRESH_OFFSET = 64;
    public static final int RTT_OFFSET = 68;
    public static final int RTTVAR_OFFSET = 72;
    public static final int SND_SSTHRESH_OFFSET = 76;
    public static final int SND_CWND_OFFSET = 80;
    public static final int ADVMSS_OFFSET = 84;
    public static final int REORDERING_OFFSET = 88;
    public static final int RCV_RTT_OFFSET = 92;
    public static final int RCV_SPACE_OFFSET = 96;
    public static final int TOTAL_RETRANS_OFFSET = 100;
    public static final int PACING_RATE_OFFSET = 104;
    public static final int MAX_PACING_RATE_OFFSET = 112;
    public static final int BYTES_ACKED_OFFSET = 120;
    public static final int BYTES_RECEIVED_OFFSET = 128;
    public static final int SEGS_OUT_OFFSET = 136;
    public static final int SEGS_IN_OFFSET = 140;
    public static final int NOTSENT_BYTES_OFFSET = 144;
    public static final int MIN_RTT_OFFSET = 148;
    public static final int DATA_SEGS_IN_OFFSET = 152;
    public static final int DATA_SEGS_OUT_OFFSET = 156;
    public static final int DELIVERY_RATE_OFFSET = 160;
    public static final int BUSY_TIME_OFFSET = 168;
    public static final int RWND_LIMITED_OFFSET = 176;
    public static final int SNDBUF_LIMITED_OFFSET = 184;
    public static final int DELIVERED_OFFSET = 192;
    public static final int DELIVERED_CE_OFFSET = 196;
    public static final int BYTES_SENT_OFFSET = 200;
    public static final int BYTES_RETRANS_OFFSET = 208;
    public static final int DSACK_DUPS_OFFSET = 216;
    public static final int REORD_SEEN_OFFSET = 220;
    public static final int RCV_OOOPACK_OFFSET = 224;
    public static final int SND_WND_OFFSET = 228;
    public static final int RCV_WND_OFFSET = 232;
    public static final int REHASH_OFFSET = 236;
    public static final int TOTAL_RTO_OFFSET = 240;
    public static final int TOTAL_RTO_RECOVERIES_OFFSET = 242;
    public static final int TOTAL_RTO_TIME_OFFSET = 244;
    public static final int RECEIVED_CE_OFFSET = 248;
    public static final int DELIVERED_E1_BYTES_OFFSET = 252;
    public static final int DELIVERED_E0_BYTES_OFFSET = 256;
    public static final int DELIVERED_CE_BYTES_OFFSET = 260;
    public static final int RECEIVED_E1_BYTES_OFFSET = 264;
    public static final int RECEIVED_E0_BYTES_OFFSET = 268;
    public static final int RECEIVED_CE_BYTES_OFFSET = 272;
    public static final int ACCECN_FAIL_MODE_OFFSET = 276;
    public static final int ACCECN_OPT_SEEN_OFFSET = 278;
    /** The largest struct this build knows (Linux 6.18). */
    public static final int MAX_SIZE = 280;

    /** tcpi_options bits. */
    public static final int OPT_TIMESTAMPS = 1;
    public static final int OPT_SACK = 2;
    public static final int OPT_WSCALE = 4;
    public static final int OPT_ECN = 8;
    public static final int OPT_ECN_SEEN = 16;
    public static final int OPT_SYN_DATA = 32;

    /**
     * Every field after the bitfield bytes, in struct order: its name, offset and size. Read only
     * by {@link #toString()}; the decoder reads the struct in runs of its own.
     */
    private static final String[] NAMES = {
        "tcpi_rto", "tcpi_ato", "tcpi_snd_mss", "tcpi_rcv_mss",
        "tcpi_unacked", "tcpi_sacked", "tcpi_lost", "tcpi_retrans", "tcpi_fackets",
        "tcpi_last_data_sent", "tcpi_last_ack_sent", "tcpi_last_data_recv", "tcpi_last_ack_recv",
        "tcpi_pmtu", "tcpi_rcv_ssthresh", "tcpi_rtt", "tcpi_rttvar", "tcpi_snd_ssthresh",
        "tcpi_snd_cwnd", "tcpi_advmss", "tcpi_reordering", "tcpi_rcv_rtt", "tcpi_rcv_space",
        "tcpi_total_retrans",
        "tcpi_pacing_rate", "tcpi_max_pacing_rate", "tcpi_bytes_acked", "tcpi_bytes_received",
        "tcpi_segs_out", "tcpi_segs_in", "tcpi_notsent_bytes", "tcpi_min_rtt",
        "tcpi_data_segs_in", "tcpi_data_segs_out",
        "tcpi_delivery_rate", "tcpi_busy_time", "tcpi_rwnd_limited", "tcpi_sndbuf_limited",
        "tcpi_delivered", "tcpi_delivered_ce",
        "tcpi_bytes_sent", "tcpi_bytes_retrans",
        "tcpi_dsack_dups", "tcpi_reord_seen", "tcpi_rcv_ooopack", "tcpi_snd_wnd",
        "tcpi_rcv_wnd", "tcpi_rehash",
        "tcpi_total_rto", "tcpi_total_rto_recoveries", "tcpi_total_rto_time",
        "tcpi_received_ce", "tcpi_delivered_e1_bytes", "tcpi_delivered_e0_bytes",
        "tcpi_delivered_ce_bytes", "tcpi_received_e1_bytes", "tcpi_received_e0_bytes",
        "tcpi_received_ce_bytes", "tcpi_accecn_fail_mode", "tcpi_accecn_opt_seen",
    };
    private static final int[] OFFSETS = {
        RTO_OFFSET, ATO_OFFSET, SND_MSS_OFFSET, RCV_MSS_OFFSET,
        UNACKED_OFFSET, SACKED_OFFSET, LOST_OFFSET, RETRANS_OFFSET, FACKETS_OFFSET,
        LAST_DATA_SENT_OFFSET, LAST_ACK_SENT_OFFSET, LAST_DATA_RECV_OFFSET, LAST_ACK_RECV_OFFSET,
        PMTU_OFFSET, RCV_SSTHRESH_OFFSET, RTT_OFFSET, RTTVAR_OFFSET, SND_SSTHRESH_OFFSET,
        SND_CWND_OFFSET, ADVMSS_OFFSET, REORDERING_OFFSET, RCV_RTT_OFFSET, RCV_SPACE_OFFSET,
        TOTAL_RETRANS_OFFSET,
        PACING_RATE_OFFSET, MAX_PACING_RATE_OFFSET, BYTES_ACKED_OFFSET, BYTES_RECEIVED_OFFSET,
        SEGS_OUT_OFFSET, SEGS_IN_OFFSET, NOTSENT_BYTES_OFFSET, MIN_RTT_OFFSET,
        DATA_SEGS_IN_OFFSET, DATA_SEGS_OUT_OFFSET,
        DELIVERY_RATE_OFFSET, BUSY_TIME_OFFSET, RWND_LIMITED_OFFSET, SNDBUF_LIMITED_OFFSET,
        DELIVERED_OFFSET, DELIVERED_CE_OFFSET,
        BYTES_SENT_OFFSET, BYTES_RETRANS_OFFSET,
        DSACK_DUPS_OFFSET, REORD_SEEN_OFFSET, RCV_OOOPACK_OFFSET, SND_WND_OFFSET,
        RCV_WND_OFFSET, REHASH_OFFSET,
        TOTAL_RTO_OFFSET, TOTAL_RTO_RECOVERIES_OFFSET, TOTAL_RTO_TIME_OFFSET,
        RECEIVED_CE_OFFSET, DELIVERED_E1_BYTES_OFFSET, DELIVERED_E0_BYTES_OFFSET,
        DELIVERED_CE_BYTES_OFFSET, RECEIVED_E1_BYTES_OFFSET, RECEIVED_E0_BYTES_OFFSET,
        RECEIVED_CE_BYTES_OFFSET, ACCECN_FAIL_MODE_OFFSET, ACCECN_OPT_SEEN_OFFSET,
    };

    private byte[] buf;
    private int base;
    private int length;

    /**
     * A flyweight over the tcp_info attribute payload at {@code buf[offset, offset + length)}, for
     * debugging and test messages ({@link #toString()}); the poll path reads through the offsets.
     */
    public TcpInfo() {}

    public TcpInfo wrap(byte[] buf, int offset, int length) {
        this.buf = buf;
        this.base = offset;
        this.length = length;
        return this;
    }

    /** The attribute's length: which fields this kernel sent. */
    public int length() {
        return length;
    }

    /** Whether the field of {@code size} bytes at {@code offset} is within the attribute. */
    public boolean has(int offset, int size) {
        return offset + size <= length;
    }

    /** The size of field {@code i} of {@link #OFFSETS}: up to the next field's offset, or to the end of the struct. */
    private static int size(int i) {
        return (i + 1 < OFFSETS.length ? OFFSETS[i + 1] : MAX_SIZE) - OFFSETS[i];
    }

    /**
     * The fields this attribute holds, decoded, in struct order: {@code TcpInfo{ length{232},
     * tcpi_state{1(ESTABLISHED)}, ..., tcpi_rtt{1234}, ... }}. Fields past the length are left
     * out (absent, not zero). For debuggers and test messages; never on the poll path.
     */
    @Override
    public String toString() {
        if (buf == null) {
            return "TcpInfo{ unwrapped }";
        }
        StringBuilder s = new StringBuilder("TcpInfo{ length{").append(length).append('}');
        int available = Math.min(length, buf.length - base);
        String[] bytes = {"tcpi_state", "tcpi_ca_state", "tcpi_retransmits", "tcpi_probes", "tcpi_backoff", "tcpi_options"};
        for (int i = 0; i < bytes.length && i < available; i++) {
            s.append(", ").append(bytes[i]).append('{').append(NativeBytes.u8(buf, base + i));
            if (i == STATE_OFFSET) {
                s.append('(').append(TcpState.name(NativeBytes.u8(buf, base + i))).append(')');
            }
            s.append('}');
        }
        if (available > WSCALE_OFFSET) {
            int w = NativeBytes.u8(buf, base + WSCALE_OFFSET);
            s.append(", tcpi_snd_wscale{").append(w & 0x0F).append("}, tcpi_rcv_wscale{").append(w >>> 4).append('}');
        }
        if (available > APP_LIMITED_OFFSET) {
            int f = NativeBytes.u8(buf, base + APP_LIMITED_OFFSET);
            s.append(", tcpi_delivery_rate_app_limited{").append(f & 1)
                    .append("}, tcpi_fastopen_client_fail{").append((f >>> 1) & 3).append('}');
        }
        for (int i = 0; i < OFFSETS.length; i++) {
            int size = size(i);
            if (OFFSETS[i] + size > available) {
                break;
            }
            int at = base + OFFSETS[i];
            long v = size == 8 ? NativeBytes.i64(buf, at) : size == 4 ? NativeBytes.u32(buf, at) : NativeBytes.u16(buf, at);
            s.append(", ").append(NAMES[i]).append('{').append(size == 8 ? Long.toUnsignedString(v) : Long.toString(v)).append('}');
        }
        return s.append(" }").toString();
    }
}
