package io.xtcp.core.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xtcp.core.netlink.InetDiagMsg;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The interpreter against the meaning of the filter: explicit cases for each op, then random
 * filters over random sockets, each judged by evaluating the tree directly and by running its
 * compiled bytecode. (Agreement with the kernel itself is the live test's job.)
 */
class BytecodeInterpreterTest {
    record Sock(int family, byte[] src, int sport, byte[] dst, int dport, int ifindex, long mark, long cgroup) {
        InetDiagMsg msg() {
            ByteBuffer b = ByteBuffer.allocate(InetDiagMsg.SIZE).order(ByteOrder.nativeOrder());
            b.put(0, (byte) family);
            b.put(1, (byte) 1);
            b.order(ByteOrder.BIG_ENDIAN).putShort(4, (short) sport).putShort(6, (short) dport).order(ByteOrder.nativeOrder());
            b.put(8, src);
            b.put(24, dst);
            b.putInt(40, ifindex);
            return new InetDiagMsg().wrap(b.array(), 0);
        }
    }

    static byte[] v4(int a, int b, int c, int d) {
        return new byte[] {(byte) a, (byte) b, (byte) c, (byte) d};
    }

    static byte[] v6(String text) {
        return HostText.ipv6(text);
    }

    static boolean run(String filter, Sock s) {
        SocketFilter f = SocketFilter.compile(filter, FilterCompilerTest.RESOLVER);
        return f.interpreter().matches(s.msg(), s.mark(), s.cgroup());
    }

    static final Sock V4 = new Sock(2, v4(127, 0, 0, 2), 8080, v4(10, 1, 2, 3), 40000, 0, 0x1234, 77);
    static final Sock V6 = new Sock(10, v6("fd00::5"), 443, v6("::1"), 50000, 3, 0, 0);
    static final Sock MAPPED = new Sock(10, v6("::ffff:127.0.0.2"), 9000, v6("::ffff:10.1.2.3"), 123, 0, 0, 0);

    @Test
    void eachOp() {
        assertTrue(run("sport = 8080", V4));
        assertFalse(run("sport = 8081", V4));
        assertTrue(run("sport >= 8080 and sport <= 8080", V4));
        assertTrue(run("sport > 8079 and sport < 8081", V4));
        assertFalse(run("sport > 8080", V4));
        assertTrue(run("dport != 1", V4));
        assertTrue(run("src 127.0.0.0/8", V4));
        assertTrue(run("src 127.0.0.2:8080", V4));
        assertFalse(run("src 127.0.0.2:8081", V4));
        assertFalse(run("src [::1]", V4));
        assertTrue(run("dst 10.1.0.0/15", V4));
        assertFalse(run("dst 10.2.0.0/15", V4));
        assertTrue(run("dst 10.1.2.0/23", V4));
        assertTrue(run("src *:8080", V4));
        assertTrue(run("mark = 0x34/0xff", V4));
        assertFalse(run("mark = 0x35/0xff", V4));
        assertTrue(run("cgroup x", new Sock(2, v4(1, 1, 1, 1), 1, v4(2, 2, 2, 2), 2, 0, 0, 0x0102030405060708L)));
        assertFalse(run("cgroup x", V4));
        assertTrue(run("dev eth0", V6));
        assertFalse(run("dev eth0", V4));
        assertTrue(run("src [fd00::/8]:443", V6));
        assertFalse(run("src 0.0.0.0/0", V6));
        assertTrue(run("dst [::1]", V6));
    }

    @Test
    void ipv4ConditionsMatchMappedAddresses() {
        assertTrue(run("src 127.0.0.2", MAPPED));
        assertTrue(run("dst 10.0.0.0/8:123", MAPPED));
        assertFalse(run("dst 10.0.0.0/8:124", MAPPED));
        assertTrue(run("src 0.0.0.0/0", MAPPED));
        assertTrue(run("src [::ffff:0:0/96]", MAPPED));
    }

    @Test
    void randomFiltersAgreeWithTheirMeaning() {
        Random r = new Random(21);
        List<Sock> socks = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            socks.add(randomSock(r));
        }
        for (int i = 0; i < 2000; i++) {
            FilterNode n = randomNode(r, 3);
            byte[] code = new FilterCompiler(FilterCompilerTest.RESOLVER).compile(n);
            assertNull(BytecodeAudit.problem(code), n::toString);
            BytecodeInterpreter in = new BytecodeInterpreter(code);
            for (Sock s : socks) {
                assertEquals(meaning(n, s), in.matches(s.msg(), s.mark(), s.cgroup()), () -> n + " on " + s);
            }
            // the printed form parses back to the same tree
            assertEquals(n.toString(), FilterParser.parse(n.toString()).toString());
        }
    }

    private static final int[] PORTS = {0, 1, 22, 80, 443, 1024, 8080, 65535};

    private static Sock randomSock(Random r) {
        int kind = r.nextInt(3);
        int family = kind == 0 ? 2 : 10;
        byte[] src = kind == 0 ? v4(r.nextBoolean() ? 127 : 10, 0, r.nextInt(2), r.nextInt(4))
                : kind == 1 ? v6(r.nextBoolean() ? "::1" : "fd00::" + r.nextInt(4))
                : v6("::ffff:127.0.0." + r.nextInt(4));
        byte[] dst = kind == 0 ? v4(10, 0, 0, r.nextInt(4)) : kind == 1 ? v6("fd00::" + r.nextInt(4)) : v6("::ffff:10.0.0." + r.nextInt(4));
        return new Sock(family, src, PORTS[r.nextInt(PORTS.length)], dst, PORTS[r.nextInt(PORTS.length)],
                r.nextInt(3) == 0 ? 3 : 0, r.nextInt(4), r.nextInt(2) == 0 ? 0x0102030405060708L : 5);
    }

    private static FilterNode randomNode(Random r, int depth) {
        int k = r.nextInt(depth > 0 ? 10 : 6);
        FilterNode.Side side = r.nextBoolean() ? FilterNode.Side.SOURCE : FilterNode.Side.DESTINATION;
        switch (k) {
            case 0:
            case 1: {
                FilterNode.Comparison c = FilterNode.Comparison.values()[r.nextInt(6)];
                if (c == FilterNode.Comparison.NE) {
                    c = FilterNode.Comparison.EQ;
                }
                return new FilterNode.Port(side, c, PORTS[r.nextInt(PORTS.length)]);
            }
            case 2: {
                String[] hosts = {"127.0.0.0/8", "10.0.0.1", "10.0.0.0/30:80", "[::1]", "[fd00::/16]", "[fd00::2]:443", "*:22",
                    "[::ffff:127.0.0.0/104]", "0.0.0.0/0", "127.0.1.0/24"};
                HostText.Parsed p = HostText.host(hosts[r.nextInt(hosts.length)]);
                return new FilterNode.Host(side, p.family(), p.address(), p.prefixLength(), p.port());
            }
            case 3:
                return r.nextBoolean() ? FilterNode.Device.named("eth0") : new FilterNode.Device(null, 1 + r.nextInt(3));
            case 4:
                return new FilterNode.Mark(r.nextInt(4), r.nextBoolean() ? 0xFFFF_FFFFL : 1);
            case 5:
                return new FilterNode.Cgroup("/x");
            case 6:
                return new FilterNode.Not(randomNode(r, depth - 1));
            case 7:
            case 8:
                return new FilterNode.And(randomNode(r, depth - 1), randomNode(r, depth - 1));
            default:
                return new FilterNode.Or(randomNode(r, depth - 1), randomNode(r, depth - 1));
        }
    }

    /** What the filter means, written from the kernel's rules without bytecode. */
    static boolean meaning(FilterNode n, Sock s) {
        if (n instanceof FilterNode.And a) {
            return meaning(a.left(), s) && meaning(a.right(), s);
        }
        if (n instanceof FilterNode.Or o) {
            return meaning(o.left(), s) || meaning(o.right(), s);
        }
        if (n instanceof FilterNode.Not x) {
            return !meaning(x.inner(), s);
        }
        if (n instanceof FilterNode.Port p) {
            int port = p.side() == FilterNode.Side.SOURCE ? s.sport() : s.dport();
            switch (p.comparison()) {
                case EQ: return port == p.port();
                case NE: return port != p.port();
                case LT: return port < p.port();
                case LE: return port <= p.port();
                case GT: return port > p.port();
                default: return port >= p.port();
            }
        }
        if (n instanceof FilterNode.Host h) {
            boolean src = h.side() == FilterNode.Side.SOURCE;
            int port = src ? s.sport() : s.dport();
            byte[] addr = src ? s.src() : s.dst();
            if (h.port() >= 0 && h.port() != port) {
                return false;
            }
            if (h.family() == 0) {
                return true;
            }
            byte[] a = addr;
            if (h.family() == 2 && s.family() == 10) {
                boolean mapped = true;
                for (int i = 0; i < 10; i++) {
                    mapped &= addr[i] == 0;
                }
                mapped &= addr[10] == (byte) 0xFF && addr[11] == (byte) 0xFF;
                if (!mapped) {
                    return false;
                }
                a = java.util.Arrays.copyOfRange(addr, 12, 16);
            } else if (h.family() != s.family()) {
                return false;
            }
            java.math.BigInteger x = new java.math.BigInteger(1, java.util.Arrays.copyOf(a, h.address().length));
            java.math.BigInteger y = new java.math.BigInteger(1, h.address());
            int shift = h.address().length * 8 - h.prefixLength();
            return x.shiftRight(shift).equals(y.shiftRight(shift));
        }
        if (n instanceof FilterNode.Device d) {
            return s.ifindex() == (d.name() == null ? d.index() : 3);
        }
        if (n instanceof FilterNode.Mark m) {
            return (s.mark() & m.mask()) == m.value();
        }
        if (n instanceof FilterNode.Cgroup) {
            return s.cgroup() == 0x0102030405060708L;
        }
        throw new AssertionError(n);
    }
}
