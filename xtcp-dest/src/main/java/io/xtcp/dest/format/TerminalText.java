package io.xtcp.dest.format;

/**
 * The one escaping of text bound for a terminal or a log line: control characters (C0, DEL, C1)
 * and the Unicode line and paragraph separators become visible escapes ({@code \n}, {@code \e},
 * {@code \x07}, {@code \u2028}) and a backslash is doubled, so a congestion-control name or a
 * hostname holding ESC or a newline can neither move the cursor nor forge a line.
 */
public final class TerminalText {
    private TerminalText() {}

    /** {@code s} with every control character escaped; {@code s} itself when it has none. */
    public static String escape(String s) {
        if (s == null) {
            return null;
        }
        int i = 0;
        while (i < s.length() && !needsEscape(s.charAt(i))) {
            i++;
        }
        if (i == s.length()) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length() + 8).append(s, 0, i);
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!needsEscape(c)) {
                sb.append(c);
                continue;
            }
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case 0x1b -> sb.append("\\e");
                default -> sb.append(c < 0x100 ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c));
            }
        }
        return sb.toString();
    }

    /**
     * {@code s} itself when it holds no control character (a backslash alone stays as it is),
     * else {@link #escape}d: for text that is shown as written unless it could move a cursor or
     * forge a line. Null stays null.
     */
    public static String escapeControls(String s) {
        return s != null && hasControl(s) ? escape(s) : s;
    }

    /** Whether {@code s} holds a character {@link #escape} would change, a backslash aside. */
    public static boolean hasControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' && needsEscape(c)) {
                return true;
            }
        }
        return false;
    }

    private static boolean needsEscape(char c) {
        return c < 0x20 || c == '\\' || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029';
    }
}
