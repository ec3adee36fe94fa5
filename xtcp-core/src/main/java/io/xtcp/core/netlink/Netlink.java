package io.xtcp.core.netlink;

/** Netlink and sock_diag constants from {@code linux/netlink.h}, {@code linux/sock_diag.h} and {@code linux/inet_diag.h}. */
public final class Netlink {
    public static final int NETLINK_ROUTE = 0;
    public static final int NETLINK_SOCK_DIAG = 4;

    public static final int NLMSG_HDRLEN = 16;
    public static final int NLMSG_NOOP = 1;
    public static final int NLMSG_ERROR = 2;
    public static final int NLMSG_DONE = 3;
    public static final int NLMSG_OVERRUN = 4;

    public static final int NLM_F_REQUEST = 0x01;
    public static final int NLM_F_MULTI = 0x02;
    public static final int NLM_F_ACK = 0x04;
    public static final int NLM_F_DUMP_INTR = 0x10;
    public static final int NLM_F_ROOT = 0x100;
    public static final int NLM_F_MATCH = 0x200;
    public static final int NLM_F_DUMP = NLM_F_ROOT | NLM_F_MATCH;

    /** The legacy single-walk request: {@code struct inet_diag_req}, both families at once. */
    public static final int TCPDIAG_GETSOCK = 18;
    /** {@code struct inet_diag_req_v2}, one family per request. */
    public static final int SOCK_DIAG_BY_FAMILY = 20;

    public static final int IPPROTO_TCP = 6;

    /** All TCP states 1..11 (ESTABLISHED..CLOSING); bit 13 (BOUND_INACTIVE) is deliberately not set. */
    public static final int ALL_STATES = 0xFFE;

    private Netlink() {}

    /** Rounds up to the 4-byte netlink alignment. */
    public static int align(int len) {
        return (len + 3) & ~3;
    }
}
