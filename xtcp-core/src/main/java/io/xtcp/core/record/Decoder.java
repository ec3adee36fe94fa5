package io.xtcp.core.record;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The attribute decoders an operator can select ({@code --decoders info,cong,skmem}). Each one
 * names the {@code idiag_ext} bit that makes the kernel send its attribute, so the dump request
 * asks only for what will be decoded. Decoders with no bit decode attributes the kernel always
 * sends.
 */
public enum Decoder {
    /** INET_DIAG_INFO: struct tcp_info. */
    INFO("info", 1 << 1),
    /** INET_DIAG_CONG: the congestion control name. */
    CONG("cong", 1 << 3),
    /** INET_DIAG_MEMINFO: struct inet_diag_meminfo. */
    MEMINFO("meminfo", 1 << 0),
    /** INET_DIAG_SKMEMINFO: sk_meminfo[]. */
    SKMEM("skmem", 1 << 6),
    /** BBR, DCTCP and Vegas state (asked for with the VEGASINFO bit). */
    CCINFO("ccinfo", 1 << 2),
    /** INET_DIAG_TOS. */
    TOS("tos", 1 << 4),
    /** INET_DIAG_TCLASS (IPv6) and INET_DIAG_CLASS_ID. */
    TCLASS("tclass", 1 << 5),
    /** INET_DIAG_SHUTDOWN. */
    SHUTDOWN("shutdown", 1 << 7),
    /** INET_DIAG_CGROUP_ID (always sent by recent kernels). */
    CGROUP("cgroup", 0),
    /** INET_DIAG_SOCKOPT (always sent by 5.10+). */
    SOCKOPT("sockopt", 0),
    /** INET_DIAG_MARK (sent when the requester has CAP_NET_ADMIN). */
    MARK("mark", 0);

    private final String flagName;
    private final int extensionBit;

    Decoder(String flagName, int extensionBit) {
        this.flagName = flagName;
        this.extensionBit = extensionBit;
    }

    public String flagName() {
        return flagName;
    }

    public int extensionBit() {
        return extensionBit;
    }

    /** The idiag_ext mask for a set of decoders. */
    public static int extensions(Set<Decoder> decoders) {
        int ext = 0;
        for (Decoder d : decoders) {
            ext |= d.extensionBit;
        }
        return ext;
    }

    public static Set<Decoder> all() {
        return EnumSet.allOf(Decoder.class);
    }

    /** Parses {@code info,cong,skmem} or {@code all}; unknown names are an error listing the known ones. */
    public static Set<Decoder> parse(String list) {
        EnumSet<Decoder> set = EnumSet.noneOf(Decoder.class);
        for (String raw : list.split(",")) {
            String name = raw.trim().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                continue;
            }
            if (name.equals("all")) {
                set.addAll(all());
                continue;
            }
            Decoder found = null;
            for (Decoder d : values()) {
                if (d.flagName.equals(name)) {
                    found = d;
                }
            }
            if (found == null) {
                throw new IllegalArgumentException("unknown decoder '" + raw.trim() + "'; known: all, " + names());
            }
            set.add(found);
        }
        return set;
    }

    public static String names() {
        List<String> n = new ArrayList<>();
        for (Decoder d : values()) {
            n.add(d.flagName);
        }
        return String.join(", ", n);
    }
}
