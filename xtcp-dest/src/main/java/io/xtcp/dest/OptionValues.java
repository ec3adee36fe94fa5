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
            throw new DestinationOptionException(name + "=" + value + ": expected a duration such as 500ms, 10s, 5m, 1h");
        }
        long n = number(name, value, m.group(1));
        String unit = m.group(2) == null ? "ms" : m.group(2);
        if (n > 366L * 24 * 3600 * 1000) {
            throw new DestinationOptionException(name + "=" + value + ": longer than a year");
        }
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

    /** A duration option within {@code [min, max]}; a DestinationOptionException naming it otherwise. */
    public static Duration duration(String name, String value, Duration min, Duration max) {
        Duration d = duration(name, value);
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new DestinationOptionException(name + "=" + value + ": must be between " + min.toMillis() + "ms and " + max.toMillis() + "ms");
        }
        return d;
    }

    /** A size option within {@code [min, max]}; a DestinationOptionException naming it otherwise. */
    public static long bytes(String name, String value, long min, long max) {
        long n = bytes(name, value);
        if (n < min || n > max) {
            throw new DestinationOptionException(name + "=" + value + ": must be between " + min + " and " + max + " bytes");
        }
        return n;
    }

    private static long number(String name, String value, String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new DestinationOptionException(name + "=" + value + ": too large");
        }
    }

    /** {@code 1048576}, {@code 512k}, {@code 64MiB}, {@code 1g}: binary multiples. */
    public static long bytes(String name, String value) {
        Matcher m = SIZE.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new DestinationOptionException(name + "=" + value + ": expected a size such as 1048576, 512k, 64MiB, 1g");
        }
        long n = number(name, value, m.group(1));
        if (n > (1L << 40)) {
            throw new DestinationOptionException(name + "=" + value + ": above 1TiB");
        }
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
