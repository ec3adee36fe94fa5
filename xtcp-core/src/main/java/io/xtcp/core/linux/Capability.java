package io.xtcp.core.linux;

/**
 * The Linux capabilities xtcp may use, with their bit numbers from {@code <linux/capability.h>}
 * (the bit in the capget(2) sets is {@code 1 << number}). Which configuration needs which, and
 * what it costs to grant: the daemon's {@code caps} table.
 */
public enum Capability {
    /** 2: read and search any file or directory, whatever its mode. */
    DAC_READ_SEARCH(2),
    /** 12: network administration; sock_diag reports the socket mark (INET_DIAG_MARK) only to it. */
    NET_ADMIN(12),
    /** 19: ptrace, and opening {@code /proc/PID/ns/*} of processes whose credentials differ. */
    SYS_PTRACE(19),
    /** 21: setns(2) into another namespace, mount, and much more. */
    SYS_ADMIN(21);

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

    /** The lower-case name setcap, capsh and setpriv take, e.g. {@code cap_net_admin}. */
    public String shellName() {
        return capName().toLowerCase(java.util.Locale.ROOT);
    }
}
