package io.xtcp.tests;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads xtcp's jsonl output as a JSON text parser would, independently of the code that wrote it:
 * one flat object per line (string, number, true/false/null values, no nesting), values kept as
 * text, strings unescaped. Anything else is an IllegalArgumentException.
 */
final class JsonLines {
    private static final java.util.regex.Pattern LITERAL =
            java.util.regex.Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][-+]?[0-9]+)?|true|false|null");

    private JsonLines() {}

    static List<Map<String, String>> parse(String text) {
        List<Map<String, String>> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                out.add(object(line.trim()));
            }
        }
        return out;
    }

    static Map<String, String> object(String s) {
        Map<String, String> m = new LinkedHashMap<>();
        int[] pos = {0};
        expect(s, pos, '{');
        skipSpace(s, pos);
        if (s.charAt(pos[0]) == '}') {
            return m;
        }
        while (true) {
            skipSpace(s, pos);
            String key = string(s, pos);
            skipSpace(s, pos);
            expect(s, pos, ':');
            skipSpace(s, pos);
            String value = s.charAt(pos[0]) == '"' ? string(s, pos) : scalar(s, pos);
            if (m.put(key, value) != null) {
                throw new IllegalArgumentException("duplicate key " + key + " in " + s);
            }
            skipSpace(s, pos);
            char c = s.charAt(pos[0]++);
            if (c == '}') {
                if (pos[0] != s.length()) {
                    throw new IllegalArgumentException("text after the object: " + s);
                }
                return m;
            }
            if (c != ',') {
                throw new IllegalArgumentException("expected , or } at " + (pos[0] - 1) + ": " + s);
            }
        }
    }

    private static String string(String s, int[] pos) {
        expect(s, pos, '"');
        StringBuilder sb = new StringBuilder();
        while (true) {
            char c = s.charAt(pos[0]++);
            if (c == '"') {
                return sb.toString();
            }
            if (c < 0x20) {
                throw new IllegalArgumentException("control character in a string at " + (pos[0] - 1) + ": " + s);
            }
            if (c == '\\') {
                char e = s.charAt(pos[0]++);
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'u' -> {
                        sb.append((char) Integer.parseInt(s.substring(pos[0], pos[0] + 4), 16));
                        pos[0] += 4;
                    }
                    default -> sb.append(e);
                }
            } else {
                sb.append(c);
            }
        }
    }

    private static String scalar(String s, int[] pos) {
        int start = pos[0];
        while (pos[0] < s.length() && ",} \t".indexOf(s.charAt(pos[0])) < 0) {
            pos[0]++;
        }
        String v = s.substring(start, pos[0]);
        if (!LITERAL.matcher(v).matches()) {
            throw new IllegalArgumentException("not a JSON number or literal at " + start + ": " + v);
        }
        return v;
    }

    private static void expect(String s, int[] pos, char c) {
        if (s.charAt(pos[0]) != c) {
            throw new IllegalArgumentException("expected " + c + " at " + pos[0] + ": " + s);
        }
        pos[0]++;
    }

    private static void skipSpace(String s, int[] pos) {
        while (pos[0] < s.length() && Character.isWhitespace(s.charAt(pos[0]))) {
            pos[0]++;
        }
    }
}
