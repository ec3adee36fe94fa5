package io.xtcp.core.netlink;

/** The {@code INET_DIAG_*} attribute types of {@code linux/inet_diag.h}. */
public final class InetDiagAttr {
    public static final int NONE = 0;
    public static final int MEMINFO = 1;
    public static final int INFO = 2;
    public static final int VEGASINFO = 3;
    public static final int CONG = 4;
    public static final int TOS = 5;
    public static final int TCLASS = 6;
    public static final int SKMEMINFO = 7;
    public static final int SHUTDOWN = 8;
    public static final int DCTCPINFO = 9;
    public static final int PROTOCOL = 10;
    public static final int SKV6ONLY = 11;
    public static final int LOCALS = 12;
    public static final int PEERS = 13;
    public static final int PAD = 14;
    public static final int MARK = 15;
    public static final int BBRINFO = 16;
    public static final int CLASS_ID = 17;
    public static final int MD5SIG = 18;
    public static final int ULP_INFO = 19;
    public static final int SK_BPF_STORAGES = 20;
    public static final int CGROUP_ID = 21;
    public static final int SOCKOPT = 22;
    /** One past the highest type this build knows; larger types are counted as unknown. */
    public static final int MAX = 23;

    private static final String[] NAMES = {
        "none", "meminfo", "info", "vegasinfo", "cong", "tos", "tclass", "skmeminfo", "shutdown",
        "dctcpinfo", "protocol", "skv6only", "locals", "peers", "pad", "mark", "bbrinfo", "class_id",
        "md5sig", "ulp_info", "sk_bpf_storages", "cgroup_id", "sockopt"
    };

    private InetDiagAttr() {}

    public static String name(int type) {
        return type >= 0 && type < NAMES.length ? NAMES[type] : "type" + type;
    }
}
