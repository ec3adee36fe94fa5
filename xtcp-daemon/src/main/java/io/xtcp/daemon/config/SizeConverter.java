package io.xtcp.daemon.config;

import java.util.Locale;
import picocli.CommandLine;

/** Reads byte sizes: {@code 768KiB}, {@code 64MiB}, {@code 1GiB}, {@code 1000}, also {@code k/m/g} and {@code KB/MB/GB} (powers of 1024). */
public final class SizeConverter implements CommandLine.ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
        return parse(value);
    }

    public static long parse(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT).replace(" ", "");
        int i = 0;
        while (i < v.length() && (Character.isDigit(v.charAt(i)) || v.charAt(i) == '-')) {
            i++;
        }
        try {
            long n = Long.parseLong(v.substring(0, i));
            String unit = v.substring(i);
            long mult;
            switch (unit) {
                case "":
                case "b":
                    mult = 1;
                    break;
                case "k":
                case "kb":
                case "kib":
                    mult = 1L << 10;
                    break;
                case "m":
                case "mb":
                case "mib":
                    mult = 1L << 20;
                    break;
                case "g":
                case "gb":
                case "gib":
                    mult = 1L << 30;
                    break;
                default:
                    throw new NumberFormatException();
            }
            if (n < 0) {
                throw new CommandLine.TypeConversionException("'" + SettingText.shown(value) + "' is negative; sizes are 0 or more");
            }
            return Math.multiplyExact(n, mult);
        } catch (NumberFormatException | ArithmeticException | StringIndexOutOfBoundsException e) {
            throw new CommandLine.TypeConversionException("'" + SettingText.shown(value) + "' is not a size; write e.g. 768KiB, 64MiB, 1GiB");
        }
    }

    /** {@code 400MiB}, {@code 768KiB}, {@code 1GiB} when whole, else bytes ({@code 1000}); what {@link #parse} reads back. */
    public static String format(long bytes) {
        if (bytes != 0 && bytes % (1L << 30) == 0) {
            return (bytes >> 30) + "GiB";
        }
        if (bytes != 0 && bytes % (1L << 20) == 0) {
            return (bytes >> 20) + "MiB";
        }
        if (bytes != 0 && bytes % (1L << 10) == 0) {
            return (bytes >> 10) + "KiB";
        }
        return Long.toString(bytes);
    }
}
