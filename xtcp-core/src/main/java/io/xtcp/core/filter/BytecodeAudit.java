package io.xtcp.core.filter;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The checks the kernel makes before it runs a program ({@code inet_diag_bc_audit} in
 * net/ipv4/inet_diag.c), so a program this side builds or receives is known good before it is sent
 * or interpreted. Walking by 'yes' from the start: each op is a known code with its whole operand
 * in the program; 'yes' and 'no' are multiples of 4, at least the op's size, and at most 4 past the
 * end; a 'no' that stays inside lands on an op boundary (one the 'yes' walk reaches); the walk ends
 * exactly at the end. NOP's 'no' is not checked. MARK_COND needs CAP_NET_ADMIN in the kernel
 * (EPERM), which this class does not judge.
 */
public final class BytecodeAudit {
    private BytecodeAudit() {}

    /** Null when the program passes, otherwise why not (the kernel answers EINVAL). */
    public static String problem(byte[] code) {
        if (code.length < Bytecode.OP_SIZE) {
            return "shorter than one op";
        }
        ByteBuffer b = ByteBuffer.wrap(code).order(ByteOrder.nativeOrder());
        int pos = 0;
        int len = code.length;
        while (len > 0) {
            int opCode = b.get(pos) & 0xFF;
            int yes = b.get(pos + 1) & 0xFF;
            int no = b.getShort(pos + 2) & 0xFFFF;
            int minLen = Bytecode.OP_SIZE;
            switch (opCode) {
                case Bytecode.S_COND:
                case Bytecode.D_COND: {
                    minLen += Bytecode.HOSTCOND_SIZE;
                    if (len < minLen) {
                        return "hostcond past the end at " + pos;
                    }
                    int family = b.get(pos + 4) & 0xFF;
                    int addrLen = family == 0 ? 0 : family == 2 ? 4 : family == 10 ? 16 : -1;
                    if (addrLen < 0) {
                        return "hostcond family " + family + " at " + pos;
                    }
                    minLen += addrLen;
                    if (len < minLen) {
                        return "hostcond address past the end at " + pos;
                    }
                    if ((b.get(pos + 5) & 0xFF) > addrLen * 8) {
                        return "hostcond prefix longer than its address at " + pos;
                    }
                    break;
                }
                case Bytecode.DEV_COND:
                case Bytecode.S_EQ: case Bytecode.S_GE: case Bytecode.S_LE:
                case Bytecode.D_EQ: case Bytecode.D_GE: case Bytecode.D_LE:
                    minLen += 4;
                    if (len < minLen) {
                        return Bytecode.name(opCode) + " operand past the end at " + pos;
                    }
                    break;
                case Bytecode.MARK_COND:
                case Bytecode.CGROUP_COND:
                    minLen += 8;
                    if (len < minLen) {
                        return Bytecode.name(opCode) + " operand past the end at " + pos;
                    }
                    break;
                case Bytecode.AUTO:
                case Bytecode.JMP:
                case Bytecode.NOP:
                    break;
                default:
                    return "unknown op " + opCode + " at " + pos;
            }
            if (opCode != Bytecode.NOP) {
                if (no < minLen || no > len + 4 || (no & 3) != 0) {
                    return "bad 'no' " + no + " at " + pos;
                }
                if (no < len && !onBoundary(b, code.length, len - no)) {
                    return "'no' " + no + " at " + pos + " lands inside an op";
                }
            }
            if (yes < minLen || yes > len + 4 || (yes & 3) != 0) {
                return "bad 'yes' " + yes + " at " + pos;
            }
            pos += yes;
            len -= yes;
        }
        return len == 0 ? null : "the 'yes' walk runs past the end";
    }

    /** Whether walking by 'yes' from the start reaches the point with {@code remaining} bytes left. */
    private static boolean onBoundary(ByteBuffer b, int total, int remaining) {
        int pos = 0;
        int len = total;
        while (len >= 0) {
            if (remaining > len) {
                return false;
            }
            if (remaining == len) {
                return true;
            }
            int yes = b.get(pos + 1) & 0xFF;
            if (yes < 4 || (yes & 3) != 0) {
                return false;
            }
            len -= yes;
            pos += yes;
        }
        return false;
    }
}
