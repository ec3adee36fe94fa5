package io.xtcp.tests;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses {@code ss -tanHi} text, the oracle the dumps are compared with. */
public final class SsListing {
    /** One socket as ss shows it; state in the kernel's spelling (ESTABLISHED, TIME_WAIT, ...). */
    public record Socket(String state, String local, int localPort, String peer, int peerPort, Integer mss) {
        /** State and both endpoints, the identity compared across listings. */
        public String key() {
            return state + " " + local + ":" + localPort + " " + peer + ":" + peerPort;
        }
    }

    private static final Map<String, String> STATES = Map.ofEntries(
            Map.entry("ESTAB", "ESTABLISHED"), Map.entry("SYN-SENT", "SYN_SENT"), Map.entry("SYN-RECV", "SYN_RECV"),
            Map.entry("FIN-WAIT-1", "FIN_WAIT1"), Map.entry("FIN-WAIT-2", "FIN_WAIT2"), Map.entry("TIME-WAIT", "TIME_WAIT"),
            Map.entry("UNCONN", "CLOSE"), Map.entry("CLOSE-WAIT", "CLOSE_WAIT"), Map.entry("LAST-ACK", "LAST_ACK"),
            Map.entry("LISTEN", "LISTEN"), Map.entry("CLOSING", "CLOSING"));
    private static final Pattern MSS = Pattern.compile("(?<![a-z_])mss:(\\d+)");

    private SsListing() {}

    public static List<Socket> parse(String text) {
        List<Socket> out = new ArrayList<>();
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank() || Character.isWhitespace(line.charAt(0))) {
                continue;
            }
            String[] f = line.trim().split("\\s+");
            String state = STATES.getOrDefault(f[0], f[0]);
            Integer mss = null;
            if (i + 1 < lines.length && !lines[i + 1].isEmpty() && Character.isWhitespace(lines[i + 1].charAt(0))) {
                Matcher m = MSS.matcher(lines[i + 1]);
                if (m.find()) {
                    mss = Integer.parseInt(m.group(1));
                }
            }
            String[] local = endpoint(f[3]);
            String[] peer = endpoint(f[4]);
            out.add(new Socket(state, local[0], port(local[1]), peer[0], port(peer[1]), mss));
        }
        return out;
    }

    /** {@code [::1]:7100} → {@code ::1}, {@code 7100}; an interface suffix ({@code %lo}) is dropped. */
    private static String[] endpoint(String s) {
        int colon = s.lastIndexOf(':');
        String addr = s.substring(0, colon).replace("[", "").replace("]", "");
        int pct = addr.indexOf('%');
        if (pct >= 0) {
            addr = addr.substring(0, pct);
        }
        return new String[] {addr, s.substring(colon + 1)};
    }

    private static int port(String s) {
        return s.equals("*") ? 0 : Integer.parseInt(s);
    }
}
