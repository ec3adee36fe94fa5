package io.xtcp.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xtcp.core.filter.BytecodeInterpreter;
import io.xtcp.core.filter.SocketFilter;
import io.xtcp.core.filter.SystemFilterResolver;
import io.xtcp.core.linux.Netns;
import io.xtcp.core.linux.NetlinkSocket;
import io.xtcp.core.netlink.DumpRequest;
import io.xtcp.core.netlink.DumpResult;
import io.xtcp.core.netlink.DumpStats;
import io.xtcp.core.netlink.InetDiagDumper;
import io.xtcp.core.netlink.InetDiagMsg;
import io.xtcp.core.netlink.Netlink;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --filter} against {@code ss} on the same live sockets. A fresh namespace holds listeners
 * and connections on varied ports and IPv4/IPv6 addresses (127.0.0.x on lo, ::1, 10.21.0.1 and a
 * ULA prefix on a dummy link), mapped addresses, a marked and a device-bound socket, TIME-WAITs
 * and sockets of a cgroup (filter_sockets.py). For each expression: the kernel's filtered dump
 * (the compiled program in the request) lists exactly what {@code ss -tanH EXPR} lists (state and
 * 4-tuple), and the interpreter, run over an unfiltered dump, picks exactly the same sockets.
 */
class FilterVsSsIT {
    static TestNamespaces namespaces;
    static String ns;
    static Path cgroup;

    static final String[] STATES = {"?", "ESTAB", "SYN-SENT", "SYN-RECV", "FIN-WAIT-1", "FIN-WAIT-2", "TIME-WAIT", "UNCONN",
        "CLOSE-WAIT", "LAST-ACK", "LISTEN", "CLOSING", "NEW-SYN-RECV"};

    @BeforeAll
    static void sockets() throws Exception {
        Xtcp.requireRootAnd("ip", "ss", "nsenter", "python3");
        namespaces = new TestNamespaces();
        ns = namespaces.create("filter");
        // a dummy link where the kernel has the module, else one end of a veth pair (both ends inside)
        if (Cmd.run("ip", "-n", ns, "link", "add", "dum0", "type", "dummy").exit() != 0) {
            Cmd.ok("ip", "-n", ns, "link", "add", "dum0", "type", "veth", "peer", "name", "dum1");
            Cmd.ok("ip", "-n", ns, "link", "set", "dum1", "up");
        }
        Cmd.ok("ip", "-n", ns, "link", "set", "dum0", "up");
        Cmd.ok("ip", "-n", ns, "addr", "add", "10.21.0.1/24", "dev", "dum0");
        Cmd.ok("ip", "-n", ns, "addr", "add", "fd00:21::1/64", "dev", "dum0", "nodad");
        Cmd.ok("ip", "-n", ns, "addr", "add", "fd00:21::2/64", "dev", "dum0", "nodad");
        cgroup = cgroup2Mount().resolve(namespaces.prefix() + "cg");
        Files.createDirectory(cgroup);
        Path script = Files.createTempFile("filter_sockets", ".py");
        Path ready = Files.createTempFile("xtcp-ready", "");
        Files.delete(ready);
        try (var in = FilterVsSsIT.class.getResourceAsStream("/filter_sockets.py")) {
            Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Path pid = Path.of(ready + ".pid");
        Path moved = Path.of(ready + ".moved");
        Process p = new ProcessBuilder("ip", "netns", "exec", ns, "python3", script.toString(), ready.toString(),
                pid.toString(), moved.toString()).redirectErrorStream(true).start();
        holder = p;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(ready)) {
            if (Files.exists(pid) && !Files.exists(moved)) { // the script's second phase runs in the test's cgroup
                Files.writeString(cgroup.resolve("cgroup.procs"), Files.readString(pid).strip());
                Files.createFile(moved);
            }
            if (!p.isAlive()) {
                throw new IOException("filter_sockets.py exited " + p.exitValue() + ": " + new String(p.getInputStream().readAllBytes()));
            }
            assertTrue(System.nanoTime() < deadline, "filter_sockets.py not ready after 30s");
            Thread.sleep(50);
        }
        Files.deleteIfExists(ready);
        Files.deleteIfExists(pid);
        Files.deleteIfExists(moved);
        Files.deleteIfExists(script);
    }

    static Process holder;

    @AfterAll
    static void cleanup() throws Exception {
        if (holder != null) {
            holder.destroyForcibly();
            holder.waitFor(10, TimeUnit.SECONDS);
        }
        if (namespaces != null) {
            namespaces.close();
        }
        if (cgroup != null) {
            for (int i = 0; i < 50 && Files.exists(cgroup); i++) {
                try {
                    Files.delete(cgroup);
                } catch (IOException busy) {
                    Thread.sleep(100); // the holder's exit empties it a moment later
                }
            }
        }
    }

    static Path cgroup2Mount() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/mounts"))) {
            String[] f = line.split(" ");
            if (f[2].equals("cgroup2")) {
                return Path.of(f[1]);
            }
        }
        throw new IOException("no cgroup2 mount");
    }

    /** The expressions, in ss syntax (parentheses spaced, as ss needs); CGROUP stands for the test's cgroup. */
    static final List<String> EXPRESSIONS = List.of(
            "sport = :5001",
            "dport = :5001",
            "sport == 5002",
            "dport eq :5006",
            "sport >= :5000 and sport <= :5010",
            "sport > 5003",
            "sport < 5003",
            "dport != 5001",
            "dport neq :5002 and dport gt 5000",
            "sport lt 1024 or dport le 1024",
            "sport eq 80 or dport eq 80",
            "dport >= 32768",
            "src 127.0.0.1",
            "src 127.0.0.0/8",
            "dst 127.0.0.2",
            "src [::1]",
            "dst [::1]:5004",
            "src [fd00:21::/64]",
            "dst [fd00:21::2]",
            "src 10.21.0.0/24",
            "src 127.0.0.1:5001",
            "dst *:5002",
            "src = 0.0.0.0/0",
            "src [::ffff:127.0.0.1]",
            "dst [::ffff:127.0.0.0/104]",
            "sport = :5006 and dst 127.0.0.0/8",
            "not src 127.0.0.0/8",
            "! dport = :5006",
            "( sport = :5001 or sport = :5002 ) and dst 127.0.0.0/8",
            "sport = :5001 or sport = :5002 and dst 127.0.0.5",
            "sport = :5002 | sport = :5001 & src 127.0.0.1",
            "src 127.0.0.5 dport = :5001",
            "dst 127.0.0.2 or dst [::1] or dst [fd00:21::1]",
            "not ( src 127.0.0.1 or src [::1] )",
            "dst 10.21.0.1/32:5007 || src 10.21.0.1 && dport = :5003",
            "dev lo",
            "dev != lo",
            "dev 1 and sport = :7000",
            "fwmark = 0x15/0xff",
            "fwmark 0x115",
            "fwmark != 0x15",
            "cgroup CGROUP",
            "not cgroup CGROUP and sport = :5008",
            "sport > 1024 and dport > 1024 and not ( src 127.0.0.0/8 )");

    @Test
    void tableIsLargeEnough() {
        assertTrue(EXPRESSIONS.size() >= 30);
    }

    @Test
    void everyExpressionMatchesSsAndTheInterpreterMatchesTheKernel() throws Exception {
        Set<String> all = kernelDump(null, null);
        assertTrue(all.size() >= 20, "at least 20 sockets: " + all);
        assertTrue(all.stream().anyMatch(k -> k.startsWith("TIME-WAIT")), "TIME-WAIT sockets present: " + all);
        assertEquals(ss("").size(), all.size(), "unfiltered: " + all);
        List<String> failures = new ArrayList<>();
        for (String e : EXPRESSIONS) {
            String expr = e.replace("CGROUP", cgroup.toString());
            SocketFilter f = SocketFilter.compile(expr, new SystemFilterResolver());
            Set<String> bySs = ss(expr);
            Set<String> byKernel = kernelDump(f.bytecode(), null);
            Set<String> byInterpreter = kernelDump(null, f.interpreter());
            if (!bySs.equals(byKernel)) { // a TIME-WAIT may end between two listings: look once more
                bySs = ss(expr);
                byKernel = kernelDump(f.bytecode(), null);
            }
            if (!bySs.equals(byKernel)) {
                failures.add("'" + expr + "': only ss " + minus(bySs, byKernel) + ", only kernel " + minus(byKernel, bySs));
            }
            if (!byInterpreter.equals(byKernel)) {
                failures.add("'" + expr + "': only interpreter " + minus(byInterpreter, byKernel) + ", only kernel "
                        + minus(byKernel, byInterpreter));
            }
            if (byKernel.isEmpty() || byKernel.equals(all)) {
                failures.add("'" + expr + "' selects " + byKernel.size() + " of " + all.size() + " sockets: not a discriminating case");
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    static Set<String> minus(Set<String> a, Set<String> b) {
        Set<String> d = new TreeSet<>(a);
        d.removeAll(b);
        return d;
    }

    @ParameterizedTest
    @ValueSource(strings = {"legacy", "by-family"})
    void dumpCommandTakesTheFilter(String request) {
        Cmd.Result r = Cmd.run(Duration.ofSeconds(120), Xtcp.launcher("dump", "--netns", ns, "--request", request, "--format", "jsonl",
                "--filter", "sport = :5001 or dst [::1]:5004"));
        assertEquals(0, r.exit(), r::toString);
        long lines = r.out().lines().filter(l -> !l.isBlank()).count();
        assertEquals(ss("sport = :5001 or dst [::1]:5004").size(), lines, r::toString);
    }

    /** --states and --filter both hold: listeners on ports 5001..5005 only. */
    @Test
    void composesWithStates() {
        String expr = "sport >= :5001 and sport <= :5005";
        Cmd.Result r = Cmd.run(Duration.ofSeconds(120), Xtcp.launcher("dump", "--netns", ns, "--states", "listen", "--format", "jsonl",
                "--filter", expr));
        assertEquals(0, r.exit(), r::toString);
        long listeners = ss(expr).stream().filter(k -> k.startsWith("LISTEN ")).count();
        assertEquals(5, listeners, ss(expr)::toString);
        assertEquals(listeners, r.out().lines().filter(l -> !l.isBlank()).count(), r::toString);
    }

    @Test
    void badExpressionIsAUsageErrorWithItsPosition() {
        Cmd.Result r = Cmd.run(Duration.ofSeconds(120), Xtcp.launcher("dump", "--netns", ns, "--filter", "sport = 22 and sport >"));
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.err().contains("--filter: at 23: expected a port after 'sport >'"), r::toString);
        assertFalse(r.err().contains("Exception"), r::toString);
    }

    /** run's polls carry the program: one poll of the namespace (found by name) ships exactly the sockets ss lists. */
    @Test
    void runPollsOnlyWhatTheFilterMatches() {
        String expr = "dst [fd00:21::/64] or sport = :80";
        Cmd.Result r = Cmd.run(Duration.ofSeconds(120), Xtcp.launcher("run", "--netns", ns, "--filter", expr, "--dest", "stdout:",
                "--marshal", "jsonl", "--max-polls", "1", "--poll-interval", "1s", "--poll-timeout", "500ms", "--http-listen", "off"));
        assertEquals(0, r.exit(), r::toString);
        long lines = r.out().lines().filter(l -> !l.isBlank()).count();
        assertTrue(lines > 0 && lines < ss("").size(), "some, not all: " + lines);
        assertEquals(ss(expr).size(), lines, r::toString);
        assertTrue(r.err().contains("filter='" + expr + "'"), "the start-up line shows the filter: " + r.err());
    }

    /** A program the kernel refuses (a mark condition without CAP_NET_ADMIN: EPERM) stops run at start: exit 2, naming the flag. */
    @Test
    void runRefusesAProgramTheKernelRefusesBeforeTheFirstPoll() {
        Cmd.Result r = Xtcp.runWithout("cap_net_admin", "run", "--netns", "self", "--filter", "mark = 1", "--dest", "null:",
                "--max-polls", "1", "--poll-interval", "1s", "--poll-timeout", "500ms", "--http-listen", "off");
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.err().contains("--filter mark = 1 (flag): --filter: the kernel refused the filter program: EPERM"), r::toString);
    }

    /**
     * ss's listing of {@code expr} in the namespace, as "STATE local peer" keys. Run through nsenter,
     * which enters only the network namespace: ip netns exec mounts a fresh /sys, hiding the cgroup2 tree.
     */
    static Set<String> ss(String expr) {
        List<String> argv = new ArrayList<>(List.of("nsenter", "--net=" + TestNamespaces.path(ns), "ss", "-tanH"));
        if (!expr.isEmpty()) {
            argv.addAll(Arrays.asList(expr.split(" ")));
        }
        Set<String> out = new TreeSet<>();
        Cmd.Result r = Cmd.run(Duration.ofSeconds(60), argv);
        assertEquals(0, r.exit(), r::toString);
        for (String line : r.out().split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.trim().split("\\s+");
            out.add(f[0] + " " + endpoint(f[3]) + " " + endpoint(f[4]));
        }
        return out;
    }

    /** ss's "127.0.0.1:80", "[::1]:80", "127.0.0.3%lo:7000", "*:80" as "address:port" with the address canonical. */
    static String endpoint(String s) {
        int colon = s.lastIndexOf(':');
        String addr = s.substring(0, colon);
        String port = s.substring(colon + 1);
        if (addr.startsWith("[")) {
            addr = addr.substring(1, addr.length() - 1);
        }
        int pct = addr.indexOf('%');
        if (pct >= 0) {
            addr = addr.substring(0, pct);
        }
        return canonical(addr) + ":" + (port.equals("*") ? "0" : port);
    }

    static String canonical(String literal) {
        if (literal.equals("*")) {
            return "*";
        }
        try {
            InetAddress a = InetAddress.getByName(literal.contains(":") ? "[" + literal + "]" : literal);
            return a.isAnyLocalAddress() ? "*" : a.getHostAddress();
        } catch (IOException e) {
            throw new AssertionError(literal, e);
        }
    }

    /**
     * The namespace's sockets as keys: filtered by the kernel with {@code bytecode}, or all of
     * them, kept where {@code interpreter} (if given) says so.
     */
    static Set<String> kernelDump(byte[] bytecode, BytecodeInterpreter interpreter) throws Exception {
        DumpRequest req = DumpRequest.of(DumpRequest.Mode.LEGACY, Netlink.ALL_STATES, 0);
        if (bytecode != null) {
            req = req.withBytecode(bytecode);
        }
        Set<String> out = new TreeSet<>();
        DumpStats stats = new DumpStats();
        try (NetlinkSocket socket = openIn(ns)) {
            DumpResult r = new InetDiagDumper(stats).dump(socket, req, (msg, attrs) -> {
                if (interpreter == null || interpreter.matches(msg, attrs)) {
                    out.add(STATES[msg.state()] + " " + address(msg, true) + " " + address(msg, false));
                }
            });
            assertEquals(DumpResult.DONE, r, "errno " + stats.lastErrno);
        }
        return out;
    }

    static String address(InetDiagMsg m, boolean local) {
        byte[] b = Arrays.copyOfRange(m.array(), local ? m.sourceAddressOffset() : m.destinationAddressOffset(),
                (local ? m.sourceAddressOffset() : m.destinationAddressOffset()) + m.addressLength());
        try {
            InetAddress a = InetAddress.getByAddress(b);
            return (a.isAnyLocalAddress() ? "*" : a.getHostAddress()) + ":" + (local ? m.sourcePort() : m.destinationPort());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static NetlinkSocket openIn(String name) throws Exception {
        AtomicReference<Object> result = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                result.set(Netns.openSocket(Netns.resolve(name), 5000));
            } catch (Exception | Error e) {
                result.set(e);
            }
        }, "filter-it-netns");
        t.start();
        t.join();
        if (result.get() instanceof NetlinkSocket s) {
            return s;
        }
        throw new AssertionError("open in " + name, (Throwable) result.get());
    }
}
