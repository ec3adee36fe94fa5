package io.xtcp.daemon.http;

import io.xtcp.core.netlink.TcpState;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which sockets a client wants: namespaces by name, TCP states, and ports (either end). An empty
 * part matches everything. Built from query values ({@code netns=a,b&state=established&port=22})
 * or a WebSocket subscription; bad values are IllegalArgumentException naming the part.
 */
public final class SocketFilter {
    /** At most this many values per part. */
    static final int MAX_VALUES = 256;

    public static final SocketFilter ALL = new SocketFilter(Set.of(), 0, Set.of());

    private final Set<String> netns;
    private final int stateMask;
    private final Set<Integer> ports;

    SocketFilter(Set<String> netns, int stateMask, Set<Integer> ports) {
        this.netns = java.util.Collections.unmodifiableSet(new TreeSet<>(netns));
        this.stateMask = stateMask;
        this.ports = java.util.Collections.unmodifiableSet(new TreeSet<>(ports));
    }

    public boolean matches(String ns, int state, int srcPort, int dstPort) {
        if (!netns.isEmpty() && !netns.contains(ns)) {
            return false;
        }
        if (stateMask != 0 && (state > 31 || (stateMask & (1 << state)) == 0)) {
            return false;
        }
        return ports.isEmpty() || ports.contains(srcPort) || ports.contains(dstPort);
    }

    /** From lists of text values (query parameters, possibly comma-separated, or JSON strings/numbers). */
    static SocketFilter of(Collection<?> netnsValues, Collection<?> stateValues, Collection<?> portValues) {
        Set<String> ns = new TreeSet<>();
        for (String v : split(netnsValues, "netns")) {
            if (v.length() > 255) {
                throw new IllegalArgumentException("netns: name longer than 255 characters");
            }
            ns.add(v);
        }
        int mask = 0;
        for (String v : split(stateValues, "state")) {
            if (v.chars().allMatch(Character::isDigit) || v.toLowerCase().startsWith("0x")) {
                throw new IllegalArgumentException("state: give state names (established, listen, ...), got '" + v + "'");
            }
            try {
                mask |= TcpState.parseMask(v);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("state: " + e.getMessage());
            }
        }
        Set<Integer> ps = new TreeSet<>();
        for (String v : split(portValues, "port")) {
            int p;
            try {
                p = Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("port: not a number: '" + v + "'");
            }
            if (p < 0 || p > 65535) {
                throw new IllegalArgumentException("port: out of range: " + p);
            }
            ps.add(p);
        }
        return new SocketFilter(ns, mask, ps);
    }

    private static List<String> split(Collection<?> values, String what) {
        List<String> out = new ArrayList<>();
        if (values == null) {
            return out;
        }
        for (Object o : values) {
            if (!(o instanceof String) && !(o instanceof Long)) {
                throw new IllegalArgumentException(what + ": values must be strings or integers");
            }
            for (String part : o.toString().split(",", -1)) {
                String v = part.strip();
                if (v.isEmpty()) {
                    throw new IllegalArgumentException(what + ": empty value");
                }
                out.add(v);
                if (out.size() > MAX_VALUES) {
                    throw new IllegalArgumentException(what + ": more than " + MAX_VALUES + " values");
                }
            }
        }
        return out;
    }

    void describe(JsonWriter w) {
        w.beginObject();
        w.name("netns").beginArray();
        for (String n : netns) {
            w.value(n);
        }
        w.endArray();
        w.name("states").beginArray();
        for (int s = 0; s < 32; s++) {
            if ((stateMask & (1 << s)) != 0) {
                w.value(TcpState.name(s).toLowerCase(java.util.Locale.ROOT));
            }
        }
        w.endArray();
        w.name("ports").beginArray();
        for (int p : ports) {
            w.value(p);
        }
        w.endArray();
        w.endObject();
    }
}
