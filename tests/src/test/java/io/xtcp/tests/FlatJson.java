package io.xtcp.tests;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads one flat JSON object (string and number values, no nesting) as a JSON text parser would,
 * independently of the code that wrote it: strings unescaped, numbers kept as their text.
 */
public final class FlatJson {
    private final String s;
    private int i;

    private FlatJson(String s) {
        this.s = s;
    }

    public static Map<String, String> parse(String line) {
        return new FlatJson(line.strip()).object();
    }

    private Map<String, String> object() {
        Map<String, String> m = new LinkedHashMap<>();
        expect('{');
        ws();
        if (peek() == '}') {
            i++;
            return m;
        }
        while (true) {
            ws();
            String key = string();
            ws();
            expect(':');
            ws();
            String value = peek() == '"' ? string() : number();
            if (m.put(key, value) != null) {
                throw new IllegalArgumentException("duplicate key " + key);
            }
            ws();
            char c = s.charAt(i++);
            if (c == '}') {
                if (i != s.length()) {
                    throw new IllegalArgumentException("trailing text at " + i);
                }
                return m;
            }
            if (c != ',') {
                throw new IllegalArgumentException("expected , or } at " + (i - 1));
            }
        }
    }

    private String number() {
        int start = i;
        while (i < s.length() && "-+.eE0123456789".indexOf(s.charAt(i)) >= 0) {
            i++;
        }
        if (start == i) {
            throw new IllegalArgumentException("expected a value at " + i + ": " + s);
        }
        return s.substring(start, i);
    }

    private String string() {
        expect('"');
        StringBuilder sb = new StringBuilder();
        while (true) {
            char c = s.charAt(i++);
            if (c == '"') {
                return sb.toString();
            }
            if (c == '\\') {
                char e = s.charAt(i++);
                switch (e) {
                    case 'n': sb.append('\n'); break;
                    case 't': sb.append('\t'); break;
                    case 'r': sb.append('\r'); break;
                    case 'u': sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16)); i += 4; break;
                    default: sb.append(e);
                }
            } else {
                sb.append(c);
            }
        }
    }

    private void ws() {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
    }

    private char peek() {
        return s.charAt(i);
    }

    private void expect(char c) {
        if (s.charAt(i) != c) {
            throw new IllegalArgumentException("expected " + c + " at " + i + ": " + s);
        }
        i++;
    }
}
