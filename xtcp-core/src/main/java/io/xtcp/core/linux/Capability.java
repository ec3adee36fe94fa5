package io.xtcp.core.linux;

/**
 * The Linux capabilities xtcp cares about, with their bit numbers from
 * {@code <linux/capability.h>} (the bit in the capget(2) sets is {@code 1 << number}).
 */
public enum Capability {
    /** 12: sock_diag of every socket, SO_MARK, netlink admin operations. */
    NET_ADMIN(12),
    /** 13: raw and packet sockets. */
    NET_RAW(13),
    /** 19: ptrace, and opening {@code /proc/PID/ns/*} of processes whose credentials differ. */
    SYS_PTRACE(19),
    /** 21: setns(2) into another namespace, mount, and much more. */
    SYS_ADMIN(21),
    /** 24: raising hard resource limits (RLIMIT_NOFILE, RLIMIT_MEMLOCK). */
    SYS_RESOURCE(24);

    private final int number;

    Capability(int number) {
        this.number = number;
    }

    /** The bit number, e.g. 12 for CAP_NET_ADMIN. */
    public int number() {
        return number;
    }

    /** The kernel's name, e.g. {@code CAP_NET_ADMIN}, as systemd and getpcaps spell it. */
    public String capName() {
        return "CAP_" + name();
    }

    /** The lower-case name setcap and capsh take, e.g. {@code cap_net_admin}. */
    public String shellName() {
        return capName().toLowerCase(java.util.Locale.ROOT);
    }
}
