package io.xtcp.daemon.config;

import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine;

/** Reads {@code 10s}, {@code 500ms}, {@code 2m}, {@code 1h}, {@code 250us} or ISO-8601 ({@code PT10S}). */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    public static Duration parse(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        try {
            if (v.startsWith("pt") || v.startsWith("p")) {
                return Duration.parse(value.strip().toUpperCase(Locale.ROOT));
            }
            int i = 0;
            while (i < v.length() && (Character.isDigit(v.charAt(i)) || v.charAt(i) == '.')) {
                i++;
            }
            if (i == 0) {
                throw new IllegalArgumentException();
            }
            double n = Double.parseDouble(v.substring(0, i));
            String unit = v.substring(i).strip();
            double nanos;
            switch (unit) {
                case "ns":
                    nanos = n;
                    break;
                case "us":
                case "µs":
                    nanos = n * 1e3;
                    break;
                case "ms":
                    nanos = n * 1e6;
                    break;
                case "s":
                    nanos = n * 1e9;
                    break;
                case "m":
                    nanos = n * 60e9;
                    break;
                case "h":
                    nanos = n * 3600e9;
                    break;
                default:
                    throw new IllegalArgumentException();
            }
            if (!(nanos < Long.MAX_VALUE)) {
                throw new CommandLine.TypeConversionException("'" + SettingText.shown(value) + "' is too long a duration (at most 24h)");
            }
            return Duration.ofNanos((long) nanos);
        } catch (CommandLine.TypeConversionException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CommandLine.TypeConversionException(
                    "'" + SettingText.shown(value) + "' is not a duration; write e.g. 10s, 500ms, 2m, 1h");
        }
    }

    /** {@code 10s}, {@code 500ms}: the shortest exact form, for logs. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (d.toNanos() % 1_000_000 != 0) {
            return d.toNanos() / 1000 + "us";
        }
        if (ms % 3_600_000 == 0 && ms > 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0 && ms > 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
