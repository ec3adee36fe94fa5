package io.xtcp.tests;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One TCP socket as both oracles can describe it: state in ss's words, local and peer address and
 * port. {@link #fromSs} parses {@code ss -tanH}; {@link #fromRecord} reads a jsonl record of xtcp,
 * {@link #fromProto} a decoded protobuf record. Addresses are kept in the JDK's spelling
 * (InetAddress), so ::1 and 0:0:0:0:0:0:0:1 compare equal.
 */
record TcpEntry(String state, String local, int localPort, String peer, int peerPort) {
    TcpEntry {
        local = canonical(local);
        peer = canonical(peer);
    }
    /** Kernel TCP states (include/net/tcp_states.h) in ss's spelling. */
    private static final String[] SS_STATES = {
        "UNKNOWN", "ESTAB", "SYN-SENT", "SYN-RECV", "FIN-WAIT-1", "FIN-WAIT-2", "TIME-WAIT", "UNCONN",
        "CLOSE-WAIT", "LAST-ACK", "LISTEN", "CLOSING", "NEW-SYN-RECV"
    };

    /** Rows of {@code ss -tanH}: State Recv-Q Send-Q Local:Port Peer:Port. */
    static List<TcpEntry> fromSs(String text) {
        List<TcpEntry> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] w = line.trim().split("\\s+");
            if (w.length < 5) {
                continue;
            }
            String[] local = endpoint(w[3]);
            String[] peer = endpoint(w[4]);
            out.add(new TcpEntry(w[0], local[0], port(local[1]), peer[0], port(peer[1])));
        }
        return out;
    }

    static TcpEntry fromRecord(Map<String, String> r) {
        int state = Integer.parseInt(r.get("inetDiagMsgState"));
        return new TcpEntry(SS_STATES[state], r.get("inetDiagMsgSocketSource"),
                Integer.parseInt(r.get("inetDiagMsgSocketSourcePort")), r.get("inetDiagMsgSocketDestination"),
                Integer.parseInt(r.get("inetDiagMsgSocketDestinationPort")));
    }

    /** A decoded record: addresses are the raw 4 or 16 bytes. */
    static TcpEntry fromProto(io.xtcp.schema.v1.XtcpFlatRecord r) {
        return new TcpEntry(SS_STATES[r.getInetDiagMsgState()], address(r.getInetDiagMsgSocketSource().toByteArray()),
                r.getInetDiagMsgSocketSourcePort(), address(r.getInetDiagMsgSocketDestination().toByteArray()),
                r.getInetDiagMsgSocketDestinationPort());
    }

    private static String address(byte[] raw) {
        try {
            return java.net.InetAddress.getByAddress(raw).getHostAddress();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("address of " + raw.length + " bytes", e);
        }
    }

    /** An IP literal in the JDK's spelling; anything else unchanged (never a name lookup). */
    private static String canonical(String a) {
        if (a == null || !a.matches("[0-9A-Fa-f:.]+") || !(a.contains(":") || a.matches("[0-9]+(\\.[0-9]+){3}"))) {
            return a;
        }
        try {
            return java.net.InetAddress.getByName(a).getHostAddress();
        } catch (java.net.UnknownHostException e) {
            return a;
        }
    }

    /** {@code 127.0.0.1:80}, {@code [::1]:80}, {@code 0.0.0.0:*}, {@code *:*}, {@code 10.0.0.1%eth0:80}. */
    private static String[] endpoint(String s) {
        int colon = s.lastIndexOf(':');
        String addr = s.substring(0, colon);
        if (addr.startsWith("[") && addr.endsWith("]")) {
            addr = addr.substring(1, addr.length() - 1);
        }
        int pct = addr.indexOf('%');
        if (pct >= 0) {
            addr = addr.substring(0, pct);
        }
        if (addr.equals("*")) {
            addr = "::"; // ss prints the IPv6 wildcard as *
        }
        return new String[] {addr, s.substring(colon + 1)};
    }

    private static int port(String p) {
        return p.equals("*") ? 0 : Integer.parseInt(p);
    }
}
