package io.xtcp.core.filter;

import io.xtcp.core.filter.FilterNode.Comparison;
import io.xtcp.core.filter.FilterNode.Side;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Compiles a {@link FilterNode} to inet_diag bytecode (see {@link Bytecode} for the layout and the
 * fragment convention: of length L, a fragment ends at L on a match and at L + 4 otherwise).
 *
 * <ul>
 *   <li>{@code sport >= P}: S_GE {yes 8, no 12} + {0, 0, P}; {@code <=}: S_LE; {@code =}: S_EQ;
 *       {@code >} is not S_LE, {@code <} is not S_GE, {@code !=} is not S_EQ.</li>
 *   <li>{@code src ADDR/LEN:PORT}: S_COND + hostcond (dst: D_COND).</li>
 *   <li>{@code dev}: DEV_COND + ifindex; {@code mark}: MARK_COND + mark, mask; {@code cgroup}: CGROUP_COND + id.</li>
 *   <li>{@code a and b}: a then b, a's failures moved to the end of b's.</li>
 *   <li>{@code a or b}: a, JMP {4, len(b) + 4}, b: a's match jumps over b, a's failure starts b.</li>
 *   <li>{@code not a}: a, JMP {4, 8}: a's match lands on the JMP and fails, a's failure lands past it.</li>
 * </ul>
 */
public final class FilterCompiler {
    /** The largest program: op offsets are u16 and the attribute length is too. */
    public static final int MAX_LENGTH = 0xFFFF - 8;

    private final FilterResolver resolver;

    public FilterCompiler(FilterResolver resolver) {
        this.resolver = resolver;
    }

    /** The program for {@code node}, in host byte order, ready to go into INET_DIAG_REQ_BYTECODE. */
    public byte[] compile(FilterNode node) {
        byte[] b = fragment(node);
        if (b.length > MAX_LENGTH) {
            throw new IllegalArgumentException("the filter compiles to " + b.length + " bytes; the kernel takes at most " + MAX_LENGTH);
        }
        return b;
    }

    private byte[] fragment(FilterNode n) {
        if (n instanceof FilterNode.Port p) {
            return port(p);
        }
        if (n instanceof FilterNode.Host h) {
            return host(h);
        }
        if (n instanceof FilterNode.Device d) {
            int index = d.name() == null ? d.index() : resolver.interfaceIndex(d.name());
            return op(Bytecode.DEV_COND, 8).putInt(4, index).array();
        }
        if (n instanceof FilterNode.Mark m) {
            return op(Bytecode.MARK_COND, 12).putInt(4, (int) m.value()).putInt(8, (int) m.mask()).array();
        }
        if (n instanceof FilterNode.Cgroup c) {
            return op(Bytecode.CGROUP_COND, 12).putLong(4, resolver.cgroupId(c.path())).array();
        }
        if (n instanceof FilterNode.And a) {
            byte[] l = fragment(a.left());
            byte[] r = fragment(a.right());
            byte[] out = concat(l, new byte[0], r);
            relocateFailures(out, l.length, r.length);
            return out;
        }
        if (n instanceof FilterNode.Or o) {
            byte[] l = fragment(o.left());
            byte[] r = fragment(o.right());
            return concat(l, jmp(r.length + 4), r);
        }
        if (n instanceof FilterNode.Not x) {
            return concat(fragment(x.inner()), jmp(8), new byte[0]);
        }
        throw new IllegalArgumentException("unknown filter node " + n);
    }

    private static byte[] port(FilterNode.Port p) {
        boolean src = p.side() == Side.SOURCE;
        Comparison c = p.comparison();
        switch (c) {
            case EQ:
                return portOp(src ? Bytecode.S_EQ : Bytecode.D_EQ, p.port());
            case GE:
                return portOp(src ? Bytecode.S_GE : Bytecode.D_GE, p.port());
            case LE:
                return portOp(src ? Bytecode.S_LE : Bytecode.D_LE, p.port());
            case GT:
                return concat(portOp(src ? Bytecode.S_LE : Bytecode.D_LE, p.port()), jmp(8), new byte[0]);
            case LT:
                return concat(portOp(src ? Bytecode.S_GE : Bytecode.D_GE, p.port()), jmp(8), new byte[0]);
            case NE:
                return concat(portOp(src ? Bytecode.S_EQ : Bytecode.D_EQ, p.port()), jmp(8), new byte[0]);
            default:
                throw new IllegalArgumentException(c.toString());
        }
    }

    private static byte[] portOp(int code, int port) {
        ByteBuffer b = op(code, 8);
        b.putShort(6, (short) port);
        return b.array();
    }

    private static byte[] host(FilterNode.Host h) {
        byte[] addr = h.address();
        int size = Bytecode.OP_SIZE + Bytecode.HOSTCOND_SIZE + addr.length;
        ByteBuffer b = op(h.side() == Side.SOURCE ? Bytecode.S_COND : Bytecode.D_COND, size);
        b.put(4, (byte) h.family());
        b.put(5, (byte) h.prefixLength());
        b.putInt(8, h.port());
        b.put(12, addr);
        return b.array();
    }

    /** One op of {@code size} bytes: yes falls through to the next op, no fails the fragment. */
    private static ByteBuffer op(int code, int size) {
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.nativeOrder());
        b.put(0, (byte) code);
        b.put(1, (byte) size);
        b.putShort(2, (short) (size + 4));
        return b;
    }

    private static byte[] jmp(int no) {
        ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder());
        b.put(0, (byte) Bytecode.JMP);
        b.put(1, (byte) 4);
        b.putShort(2, (short) no);
        return b.array();
    }

    private static byte[] concat(byte[] a, byte[] b, byte[] c) {
        byte[] out = new byte[a.length + b.length + c.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        System.arraycopy(c, 0, out, a.length + b.length, c.length);
        return out;
    }

    /**
     * In the first {@code len} bytes of {@code code} (a whole fragment), every op whose 'no' is that
     * fragment's failure (its end + 4) gets {@code by} more, so it fails the longer fragment instead.
     * Ops are walked by their 'yes' offsets, which in this compiler always step to the next op.
     */
    private static void relocateFailures(byte[] code, int len, int by) {
        ByteBuffer b = ByteBuffer.wrap(code).order(ByteOrder.nativeOrder());
        int pos = 0;
        while (pos < len) {
            int yes = b.get(pos + 1) & 0xFF;
            int no = b.getShort(pos + 2) & 0xFFFF;
            if (no == len - pos + 4) {
                b.putShort(pos + 2, (short) (no + by));
            }
            pos += yes;
        }
    }
}
