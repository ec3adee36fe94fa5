package io.xtcp.core.filter;

/**
 * The inet_diag filter bytecode of {@code linux/inet_diag.h}: op codes and layouts. A program is a
 * run of ops, each a 4-byte header in host order followed by its operand:
 *
 * <pre>
 * struct inet_diag_bc_op { __u8 code; __u8 yes; __u16 no; };     // yes/no: byte offsets forward
 * port ops (S_GE, S_LE, D_GE, D_LE, S_EQ, D_EQ): a second op whose 'no' holds the port
 * S_COND, D_COND: struct inet_diag_hostcond { __u8 family; __u8 prefix_len; int port; __be32 addr[]; }
 *                 (addr: 0, 4 or 16 bytes for AF_UNSPEC, AF_INET, AF_INET6; port -1 = any)
 * DEV_COND:   __u32 ifindex
 * MARK_COND:  struct inet_diag_markcond { __u32 mark; __u32 mask; }
 * CGROUP_COND: __u64 cgroup v2 id (4-byte aligned)
 * </pre>
 *
 * The kernel runs the program from the start: a true condition moves {@code yes} bytes, a false one
 * {@code no} bytes (JMP is always false); the socket matches when it lands exactly on the end.
 * Every fragment this package builds follows one convention: of length L, it ends at L when it
 * matches and at L + 4 when it does not.
 */
public final class Bytecode {
    public static final int NOP = 0;
    public static final int JMP = 1;
    public static final int S_GE = 2;
    public static final int S_LE = 3;
    public static final int D_GE = 4;
    public static final int D_LE = 5;
    public static final int AUTO = 6;
    public static final int S_COND = 7;
    public static final int D_COND = 8;
    public static final int DEV_COND = 9;
    public static final int MARK_COND = 10;
    public static final int S_EQ = 11;
    public static final int D_EQ = 12;
    public static final int CGROUP_COND = 13;

    /** sizeof(struct inet_diag_bc_op). */
    public static final int OP_SIZE = 4;
    /** sizeof(struct inet_diag_hostcond) without its address. */
    public static final int HOSTCOND_SIZE = 8;
    /** The request attribute that carries a program: INET_DIAG_REQ_BYTECODE. */
    public static final int INET_DIAG_REQ_BYTECODE = 1;

    private static final String[] NAMES = {
        "nop", "jmp", "s_ge", "s_le", "d_ge", "d_le", "auto", "s_cond", "d_cond", "dev_cond", "mark_cond", "s_eq", "d_eq",
        "cgroup_cond"
    };

    private Bytecode() {}

    public static String name(int code) {
        return code >= 0 && code < NAMES.length ? NAMES[code] : "op" + code;
    }
}
