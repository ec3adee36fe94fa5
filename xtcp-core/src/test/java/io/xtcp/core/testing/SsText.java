package io.xtcp.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parser for the text of {@code ss --tcp --info -a} (with {@code -n -e -m -o} style details): a
 * header line, then per socket one line starting with the state and continuation lines starting
 * with a tab. The independent oracle of the golden tests.
 */
public final class SsText {
    private static final Set<String> OPTION_FLAGS =
            Set.of("ts", "sack", "ecn", "ecnseen", "fastopen", "app_limited", "bidir");
    /** Words ss prints before a value separated by a space. */
    private static final Set<String> SPACED_KEYS = Set.of("send", "pacing_rate", "delivery_rate");

    private SsText() {}

    public static List<SsSocket> read(Path file) {
        try {
            return parse(Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The sockets keyed by cookie; fails on a duplicate cookie. */
    public static Map<Long, SsSocket> byCookie(List<SsSocket> sockets) {
        Map<Long, SsSocket> m = new LinkedHashMap<>();
        for (SsSocket s : sockets) {
            if (m.put(s.cookie(), s) != null) {
                throw new IllegalStateException("duplicate sk:" + Long.toHexString(s.cookie()));
            }
        }
        return m;
    }

    public static List<SsSocket> parse(List<String> lines) {
        List<SsSocket> out = new ArrayList<>();
        SsSocket current = null;
        for (String line : lines) {
            if (line.startsWith("\t")) {
                if (current == null) {
                    throw new IllegalArgumentException("continuation line before any socket: " + line);
                }
                details(current, tokens(line), 0);
            } else if (line.startsWith("State") || line.isBlank()) {
                continue;
            } else {
                current = socketLine(line);
                out.add(current);
            }
        }
        return out;
    }

    private static SsSocket socketLine(String line) {
        List<String> t = tokens(line);
        if (t.size() < 5) {
            throw new IllegalArgumentException("short ss line: " + line);
        }
        SsSocket s = new SsSocket(t.get(0), Long.parseLong(t.get(1)), Long.parseLong(t.get(2)),
                SsEndpoint.parse(t.get(3)), SsEndpoint.parse(t.get(4)));
        details(s, t, 5);
        return s;
    }

    private static void details(SsSocket s, List<String> t, int from) {
        for (int i = from; i < t.size(); i++) {
            String tok = t.get(i);
            if (SPACED_KEYS.contains(tok) && i + 1 < t.size()) {
                rate(s, tok, t.get(++i));
            } else if (tok.equals("<->") || tok.equals("-->") || tok.equals("<--") || tok.equals("---")) {
                s.values.put("shutdown", tok);
            } else if (tok.indexOf(':') < 0) {
                if (OPTION_FLAGS.contains(tok)) {
                    s.flags.add(tok);
                } else {
                    s.congestion = tok;
                }
            } else {
                keyValue(s, tok);
            }
        }
    }

    private static void rate(SsSocket s, String key, String value) {
        String[] parts = value.split("/");
        s.values.put(key, stripSuffix(parts[0], "bps"));
        if (parts.length > 1) {
            s.values.put(key + ".max", stripSuffix(parts[1], "bps"));
        }
    }

    private static void keyValue(SsSocket s, String tok) {
        int colon = tok.indexOf(':');
        String key = tok.substring(0, colon);
        String value = tok.substring(colon + 1);
        switch (key) {
            case "timer": {
                String[] p = inner(value).split(",");
                s.values.put("timer", value);
                s.values.put("timer.name", p[0]);
                s.values.put("timer.expires", p.length > 1 ? p[1] : "");
                s.values.put("timer.retrans", p.length > 2 ? p[2] : "");
                return;
            }
            case "skmem": {
                s.values.put("skmem", value);
                for (String item : inner(value).split(",")) {
                    int d = 0;
                    while (d < item.length() && !Character.isDigit(item.charAt(d))) {
                        d++;
                    }
                    s.values.put("skmem." + item.substring(0, d), item.substring(d));
                }
                return;
            }
            case "rtt":
            case "retrans": {
                String[] p = value.split("/");
                s.values.put(key, p[0]);
                if (p.length > 1) {
                    s.values.put(key.equals("rtt") ? "rttvar" : "retrans.total", p[1]);
                }
                return;
            }
            case "wscale": {
                String[] p = value.split(",");
                s.values.put("wscale", value);
                s.values.put("wscale.snd", p[0]);
                s.values.put("wscale.rcv", p[1]);
                return;
            }
            case "busy":
            case "rwnd_limited":
            case "sndbuf_limited": {
                int ms = value.indexOf("ms");
                s.values.put(key, ms >= 0 ? value.substring(0, ms) : value);
                return;
            }
            case "users":
            case "cgroup":
                s.values.put(key, value);
                return;
            default:
                break;
        }
        if (value.startsWith("(") && value.endsWith(")")) {
            s.values.put(key, value);
            for (String item : inner(value).split(",")) {
                int c = item.indexOf(':');
                if (c > 0) {
                    s.values.put(key + "." + item.substring(0, c), stripSuffix(item.substring(c + 1), "bps"));
                }
            }
            return;
        }
        if (key.equals("dctcp") && value.equals("fallback_mode")) {
            s.flags.add("dctcp_fallback_mode");
            return;
        }
        s.values.put(key, value);
    }

    private static String inner(String parenthesized) {
        if (parenthesized.startsWith("(") && parenthesized.endsWith(")")) {
            return parenthesized.substring(1, parenthesized.length() - 1);
        }
        return parenthesized;
    }

    private static String stripSuffix(String s, String suffix) {
        return s.endsWith(suffix) ? s.substring(0, s.length() - suffix.length()) : s;
    }

    /** Splits on blanks outside parentheses and double quotes ({@code users:(("a b",pid=1,fd=3))}). */
    static List<String> tokens(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == '(') {
                depth++;
            } else if (!quoted && c == ')' && depth > 0) {
                depth--;
            }
            if (!quoted && depth == 0 && Character.isWhitespace(c)) {
                if (cur.length() > 0) {
                    out.add(cur.toString());
                    cur.setLength(0);
                }
            } else {
                cur.append(c);
            }
        }
        if (cur.length() > 0) {
            out.add(cur.toString());
        }
        return out;
    }
}
