package io.xtcp.daemon.netns;

import java.util.regex.Pattern;

/**
 * A shell-style pattern for namespace names: {@code *} any run of characters, {@code ?} one
 * character, {@code [abc]} / {@code [a-z]} / {@code [!a-z]} a class; everything else literal.
 */
final class NameGlob {
    private final String text;
    private final Pattern pattern;

    private NameGlob(String text, Pattern pattern) {
        this.text = text;
        this.pattern = pattern;
    }

    static NameGlob of(String glob) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*') {
                re.append(".*");
            } else if (c == '?') {
                re.append('.');
            } else if (c == '[' && glob.indexOf(']', i + 2) > 0) {
                int end = glob.indexOf(']', i + 2);
                String body = glob.substring(i + 1, end);
                re.append('[');
                if (body.startsWith("!")) {
                    re.append('^');
                    body = body.substring(1);
                }
                re.append(body.replace("\\", "\\\\").replace("[", "\\[").replace("&", "\\&")).append(']');
                i = end;
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return new NameGlob(glob, Pattern.compile(re.toString()));
    }

    /** Whether the text has glob characters; without any, it names exactly one namespace. */
    static boolean isLiteral(String text) {
        return text.indexOf('*') < 0 && text.indexOf('?') < 0 && text.indexOf('[') < 0;
    }

    boolean matches(String name) {
        return pattern.matcher(name).matches();
    }

    @Override
    public String toString() {
        return text;
    }
}
