package io.xtcp.core.filter;

import io.xtcp.core.netlink.DiagAttributes;
import io.xtcp.core.netlink.InetDiagAttr;
import io.xtcp.core.netlink.InetDiagMsg;
import io.xtcp.core.netlink.NativeBytes;

/**
 * Runs an audited inet_diag program over one decoded socket the way the kernel runs it over its
 * own ({@code inet_diag_bc_run}), for what the kernel cannot filter: close events. The socket's
 * family, ports, addresses and bound device come from {@code inet_diag_msg}; its mark and cgroup id
 * from the INET_DIAG_MARK and INET_DIAG_CGROUP_ID attributes, read as 0 when absent (the kernel
 * sends the mark only to CAP_NET_ADMIN, and neither for TIME_WAIT sockets, whose mark and cgroup it
 * also compares as 0; a SYN_RECV socket's mark is the one case that may differ).
 *
 * <p>An IPv4 condition also matches an IPv6 socket whose address is IPv4-mapped
 * ({@code ::ffff:a.b.c.d}), as in the kernel. AUTO (bind lock) is not in a dump and never matches
 * here. No allocation per socket.
 */
public final class BytecodeInterpreter {
    private final byte[] code;

    /** Takes a program that passed {@link BytecodeAudit}; throws IllegalArgumentException otherwise. */
    public BytecodeInterpreter(byte[] code) {
        String problem = BytecodeAudit.problem(code);
        if (problem != null) {
            throw new IllegalArgumentException("bad inet_diag bytecode: " + problem);
        }
        this.code = code.clone();
    }

    /** Whether the socket in {@code msg} (with {@code attrs} indexed from the same message) passes. */
    public boolean matches(InetDiagMsg msg, DiagAttributes attrs) {
        long mark = 0;
        long cgroup = 0;
        if (attrs != null) {
            if (attrs.length(InetDiagAttr.MARK) >= 4) {
                mark = NativeBytes.u32(attrs.array(), attrs.offset(InetDiagAttr.MARK));
            }
            if (attrs.length(InetDiagAttr.CGROUP_ID) >= 8) {
                cgroup = NativeBytes.i64(attrs.array(), attrs.offset(InetDiagAttr.CGROUP_ID));
            }
        }
        return matches(msg, mark, cgroup);
    }

    /** Whether the socket in {@code msg}, with this mark and cgroup id, passes. */
    public boolean matches(InetDiagMsg msg, long mark, long cgroupId) {
        byte[] m = msg.array();
        int family = msg.family();
        int sport = msg.sourcePort();
        int dport = msg.destinationPort();
        int pos = 0;
        int len = code.length;
        while (len > 0) {
            int op = code[pos] & 0xFF;
            boolean yes = true;
            switch (op) {
                case Bytecode.NOP:
                    break;
                case Bytecode.JMP:
                    yes = false;
                    break;
                case Bytecode.S_EQ:
                    yes = sport == operandPort(pos);
                    break;
                case Bytecode.S_GE:
                    yes = sport >= operandPort(pos);
                    break;
                case Bytecode.S_LE:
                    yes = sport <= operandPort(pos);
                    break;
                case Bytecode.D_EQ:
                    yes = dport == operandPort(pos);
                    break;
                case Bytecode.D_GE:
                    yes = dport >= operandPort(pos);
                    break;
                case Bytecode.D_LE:
                    yes = dport <= operandPort(pos);
                    break;
                case Bytecode.AUTO:
                    yes = false;
                    break;
                case Bytecode.S_COND:
                case Bytecode.D_COND: {
                    boolean src = op == Bytecode.S_COND;
                    yes = hostcond(pos, family, src ? sport : dport, m,
                            src ? msg.sourceAddressOffset() : msg.destinationAddressOffset());
                    break;
                }
                case Bytecode.DEV_COND:
                    yes = NativeBytes.u32(code, pos + 4) == msg.interfaceIndex();
                    break;
                case Bytecode.MARK_COND: {
                    long want = NativeBytes.u32(code, pos + 4);
                    long mask = NativeBytes.u32(code, pos + 8);
                    yes = (mark & mask) == want;
                    break;
                }
                case Bytecode.CGROUP_COND:
                    yes = NativeBytes.i64(code, pos + 4) == cgroupId;
                    break;
                default:
                    break; // audited: not reached
            }
            int step = yes ? code[pos + 1] & 0xFF : NativeBytes.u16(code, pos + 2);
            pos += step;
            len -= step;
        }
        return len == 0;
    }

    private int operandPort(int pos) {
        return NativeBytes.u16(code, pos + 6);
    }

    private boolean hostcond(int pos, int family, int port, byte[] m, int addr) {
        int condFamily = code[pos + 4] & 0xFF;
        int prefix = code[pos + 5] & 0xFF;
        int condPort = NativeBytes.i32(code, pos + 8);
        int condAddr = pos + 12;
        if (condPort != -1 && condPort != port) {
            return false;
        }
        if (condFamily != 0 && condFamily != family) {
            if (family == HostText.AF_INET6 && condFamily == HostText.AF_INET && isV4Mapped(m, addr)) {
                return prefixMatch(m, addr + 12, condAddr, prefix);
            }
            return false;
        }
        return prefix == 0 || prefixMatch(m, addr, condAddr, prefix);
    }

    private static boolean isV4Mapped(byte[] m, int addr) {
        for (int i = 0; i < 10; i++) {
            if (m[addr + i] != 0) {
                return false;
            }
        }
        return m[addr + 10] == (byte) 0xFF && m[addr + 11] == (byte) 0xFF;
    }

    private boolean prefixMatch(byte[] m, int addr, int condAddr, int bits) {
        int whole = bits >> 3;
        for (int i = 0; i < whole; i++) {
            if (m[addr + i] != code[condAddr + i]) {
                return false;
            }
        }
        int rest = bits & 7;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return ((m[addr + whole] ^ code[condAddr + whole]) & mask) == 0;
    }
}
