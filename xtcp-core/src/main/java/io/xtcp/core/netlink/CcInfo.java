package io.xtcp.core.netlink;

/**
 * Offsets of the smaller structs that ride in inet_diag attributes.
 *
 * <pre>
 * struct inet_diag_meminfo { __u32 idiag_rmem, idiag_wmem, idiag_fmem, idiag_tmem; };          // MEMINFO, 16 B
 * __u32 sk_meminfo[SK_MEMINFO_VARS]: rmem_alloc, rcvbuf, wmem_alloc, sndbuf, fwd_alloc,
 *                                    wmem_queued, optmem, backlog, drops                      // SKMEMINFO, 36 B
 * struct tcpvegas_info { __u32 tcpv_enabled, tcpv_rttcnt, tcpv_rtt, tcpv_minrtt; };           // VEGASINFO, 16 B
 * struct tcp_dctcp_info { __u16 dctcp_enabled, dctcp_ce_state;
 *                         __u32 dctcp_alpha, dctcp_ab_ecn, dctcp_ab_tot; };                   // DCTCPINFO, 16 B
 * struct tcp_bbr_info { __u32 bbr_bw_lo, bbr_bw_hi, bbr_min_rtt, bbr_pacing_gain,
 *                       bbr_cwnd_gain; };                                                     // BBRINFO, 20 B
 * </pre>
 * (linux/inet_diag.h, linux/sock_diag.h)
 */
public final class CcInfo {
    public static final int DCTCP_ENABLED_OFFSET = 0;
    public static final int DCTCP_CE_STATE_OFFSET = 2;
    public static final int DCTCP_ALPHA_OFFSET = 4;
    public static final int DCTCP_AB_ECN_OFFSET = 8;
    public static final int DCTCP_AB_TOT_OFFSET = 12;

    public static final int SK_MEMINFO_VARS = 9;

    private CcInfo() {}
}
