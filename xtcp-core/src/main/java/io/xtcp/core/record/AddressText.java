package io.xtcp.core.record;

/** IPv4 dotted quads and RFC 5952 IPv6 text (with the IPv4-mapped form), from raw bytes. */
public final class AddressText {
    private AddressText() {}

    public static String format(byte[] b, int off, int len) {
        if (len == 4) {
            return v4(b, off);
        }
        if (len != 16) {
            StringBuilder hex = new StringBuilder("0x");
            for (int i = 0; i < len; i++) {
                hex.append(String.format("%02x", b[off + i]));
            }
            return hex.toString();
        }
        int[] w = new int[8];
        for (int i = 0; i < 8; i++) {
            w[i] = (b[off + 2 * i] & 0xFF) << 8 | (b[off + 2 * i + 1] & 0xFF);
        }
        if (w[0] == 0 && w[1] == 0 && w[2] == 0 && w[3] == 0 && w[4] == 0 && w[5] == 0xFFFF) {
            return "::ffff:" + v4(b, off + 12);
        }
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (w[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && w[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        if (bestLen < 2) {
            bestStart = -1;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(w[i]));
        }
        return sb.toString();
    }

    private static String v4(byte[] b, int off) {
        return (b[off] & 0xFF) + "." + (b[off + 1] & 0xFF) + "." + (b[off + 2] & 0xFF) + "." + (b[off + 3] & 0xFF);
    }
}
