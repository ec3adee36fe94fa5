package io.xtcp.dest;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads option values written for people: durations ({@code 10s}, {@code 500ms}) and sizes ({@code 64MiB}). */
public final class OptionValues {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?");

    private OptionValues() {}

    /** {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h}, {@code 1d}; a bare number is milliseconds. */
    public static Duration duration(String name, String value) {
        Matcher m = DURATION.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(name + "=" + value + ": expected a duration such as 500ms, 10s, 5m, 1h");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "ms" : m.group(2);
        switch (unit) {
            case "s":
                return Duration.ofSeconds(n);
            case "m":
                return Duration.ofMinutes(n);
            case "h":
                return Duration.ofHours(n);
            case "d":
                return Duration.ofDays(n);
            default:
                return Duration.ofMillis(n);
        }
    }

    /** {@code 1048576}, {@code 512k}, {@code 64MiB}, {@code 1g}: binary multiples. */
    public static long bytes(String name, String value) {
        Matcher m = SIZE.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(name + "=" + value + ": expected a size such as 1048576, 512k, 64MiB, 1g");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2).substring(0, 1);
        switch (unit) {
            case "k":
                return n << 10;
            case "m":
                return n << 20;
            case "g":
                return n << 30;
            default:
                return n;
        }
    }
}
