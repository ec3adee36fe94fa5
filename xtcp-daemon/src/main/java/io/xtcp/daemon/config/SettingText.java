package io.xtcp.daemon.config;

import io.xtcp.dest.Redaction;
import io.xtcp.dest.format.TerminalText;

/**
 * Text settings checked and shown: a length limit and no control characters (a newline in a
 * hostname forges log lines; a 5 MB label fails every poll), and the form a value takes in a
 * message: secrets hidden ({@link Redaction}), control characters escaped ({@link TerminalText}),
 * and long values cut, so a refusal stays one readable line.
 */
public final class SettingText {
    /** Paths: PATH_MAX. */
    public static final int MAX_PATH = 4096;
    /** Host names and locations: a DNS name's limit. */
    public static final int MAX_NAME = 253;
    /** Labels and tags: what the records' consumers index. */
    public static final int MAX_LABEL = 40;
    /** Any other text value (a URI, a list). */
    public static final int MAX_TEXT = 4096;
    /** Characters of a value a message shows before cutting it. */
    static final int SHOWN = 80;

    private SettingText() {}

    /** Why {@code value} is not acceptable text of at most {@code max} characters; empty when it is. */
    public static String problem(String value, int max) {
        if (value == null) {
            return "";
        }
        if (value.length() > max) {
            return "is " + value.length() + " characters long, above the " + max + " allowed";
        }
        if (TerminalText.hasControl(value)) {
            return "holds a control character (" + firstControl(value) + "); none is allowed";
        }
        return "";
    }

    private static String firstControl(String value) {
        for (int i = 0; i < value.length(); i++) {
            String c = String.valueOf(value.charAt(i));
            if (!c.equals("\\") && TerminalText.hasControl(c)) {
                return TerminalText.escape(c) + " at character " + (i + 1);
            }
        }
        return "";
    }

    /** {@code value} escaped and cut to {@value #SHOWN} characters for a message. */
    public static String shown(String value) {
        return shown(value, SHOWN);
    }

    /** {@code value} escaped and cut to {@code max} characters for a message. */
    public static String shown(String value, int max) {
        if (value == null) {
            return "(none)";
        }
        if (value.isEmpty()) {
            return "''";
        }
        String cut = value.length() > max ? value.substring(0, max) : value;
        String s = TerminalText.escape(cut);
        return value.length() > max ? s + "...(" + value.length() + " characters)" : s;
    }

    /** The value of {@code longOption} as a message shows it: secrets hidden, then {@link #shown(String)}. */
    public static String shown(String longOption, String value) {
        if (value == null) {
            return shown((String) null);
        }
        switch (longOption) {
            case "--dest-opt": {
                StringBuilder sb = new StringBuilder();
                for (String kv : value.split(",", -1)) {
                    sb.append(sb.length() > 0 ? "," : "").append(Redaction.assignment(kv));
                }
                return shown(sb.toString());
            }
            case "--pyroscope-url":
            case "--dest":
                return shown(Redaction.url(value));
            default:
                return shown(value);
        }
    }
}
