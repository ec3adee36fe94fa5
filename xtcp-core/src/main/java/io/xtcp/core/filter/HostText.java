package io.xtcp.core.filter;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Reads and prints the operands of {@code src}/{@code dst} and port conditions the way {@code ss}
 * writes them: {@code 10.0.0.1}, {@code 10.0.0.0/8:80}, {@code [::1]:443}, {@code [fd00::/8]},
 * {@code fd00::/8}, {@code *:22}, {@code :22}. Only numeric addresses and ports: no DNS, no service
 * names. Numbers read like C's {@code strtol} with base 0 (decimal, {@code 0x} hex, leading-0 octal).
 */
final class HostText {
    static final int AF_UNSPEC = 0;
    static final int AF_INET = 2;
    static final int AF_INET6 = 10;

    private HostText() {}

    /** What a host operand holds; {@code problem} is non-null when it does not parse. */
    record Parsed(int family, byte[] address, int prefixLength, int port, String problem) {
        static Parsed bad(String problem) {
            return new Parsed(0, new byte[0], 0, -1, problem);
        }
    }

    /** Parses an address operand with optional prefix and port. */
    static Parsed host(String text) {
        String addr;
        String port;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                return Parsed.bad("expected ']' to close the address");
            }
            addr = text.substring(1, close);
            String rest = text.substring(close + 1);
            if (!rest.isEmpty() && !rest.startsWith(":")) {
                return Parsed.bad("expected ':PORT' after ']' (a prefix goes inside the brackets: [fd00::/8])");
            }
            port = rest.isEmpty() ? "" : rest.substring(1);
        } else if (text.startsWith("*")) {
            addr = "*";
            String rest = text.substring(1);
            if (!rest.isEmpty() && !rest.startsWith(":")) {
                return Parsed.bad("expected ':PORT' after '*'");
            }
            port = rest.isEmpty() ? "" : rest.substring(1);
        } else {
            int slash = text.indexOf('/');
            int colon = text.lastIndexOf(':');
            boolean bareV6 = slash < 0 && text.indexOf(':') != colon; // two or more colons: an address, no port
            if (colon >= 0 && colon > slash && !bareV6) {
                addr = text.substring(0, colon);
                port = text.substring(colon + 1);
            } else {
                addr = text;
                port = "";
            }
        }
        int portValue = -1;
        if (!port.isEmpty() && !port.equals("*")) {
            long p = number(port);
            if (p < 0 || p > 65535) {
                return Parsed.bad("expected a port number 0..65535, got '" + port + "'");
            }
            portValue = (int) p;
        }
        if (addr.isEmpty() || addr.equals("*")) {
            return new Parsed(AF_UNSPEC, new byte[0], 0, portValue, null);
        }
        return prefix(addr, portValue);
    }

    /** Parses a port operand: {@code 80}, {@code :80}, {@code 0x50}. Returns -1 when it is not one. */
    static int port(String text) {
        String t = text.startsWith(":") ? text.substring(1) : text;
        long p = number(t);
        return p < 0 || p > 65535 ? -1 : (int) p;
    }

    private static Parsed prefix(String text, int port) {
        String addr = text;
        int bits = -1;
        int slash = text.indexOf('/');
        if (slash >= 0) {
            addr = text.substring(0, slash);
            long b = number(text.substring(slash + 1));
            if (b < 0) {
                return Parsed.bad("expected a prefix length after '/', got '" + text.substring(slash + 1) + "'");
            }
            bits = (int) Math.min(b, 1000);
        }
        byte[] v4 = ipv4(addr);
        if (v4 != null) {
            if (bits > 32) {
                return Parsed.bad("an IPv4 prefix length is at most 32, got " + bits);
            }
            return new Parsed(AF_INET, v4, bits < 0 ? 32 : bits, port, null);
        }
        byte[] v6 = ipv6(addr);
        if (v6 != null) {
            if (bits > 128) {
                return Parsed.bad("an IPv6 prefix length is at most 128, got " + bits);
            }
            return new Parsed(AF_INET6, v6, bits < 0 ? 128 : bits, port, null);
        }
        return Parsed.bad("expected an IPv4 or IPv6 address (IPv6 in brackets with a port: [::1]:80), got '" + addr + "'");
    }

    /** A dotted quad, or null. */
    static byte[] ipv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return null;
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                return null;
            }
            out[i] = (byte) v;
        }
        return out;
    }

    /** An IPv6 literal (no scope), or null; never a name lookup. */
    static byte[] ipv6(String s) {
        if (s.indexOf(':') < 0 || !s.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
            return null;
        }
        try {
            InetAddress a = InetAddress.getByName("[" + s + "]"); // a literal: parsed, not resolved
            if (a instanceof Inet6Address) {
                return a.getAddress();
            }
            byte[] v4 = a.getAddress(); // ::ffff:a.b.c.d comes back as IPv4: keep the 16-byte form
            byte[] out = new byte[16];
            out[10] = (byte) 0xFF;
            out[11] = (byte) 0xFF;
            System.arraycopy(v4, 0, out, 12, 4);
            return out;
        } catch (UnknownHostException | IllegalArgumentException e) {
            return null;
        }
    }

    /** A non-negative number as strtol(s, &amp;end, 0) reads it with nothing left over, or -1. */
    static long number(String s) {
        if (s.isEmpty()) {
            return -1;
        }
        int radix = 10;
        String digits = s;
        if (s.length() > 2 && (s.startsWith("0x") || s.startsWith("0X"))) {
            radix = 16;
            digits = s.substring(2);
        } else if (s.length() > 1 && s.startsWith("0")) {
            radix = 8;
            digits = s.substring(1);
        }
        if (digits.length() > 12) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = Character.digit(digits.charAt(i), radix);
            if (d < 0) {
                return -1;
            }
            v = v * radix + d;
        }
        return v;
    }

    static String format(int family, byte[] address, int prefixLength, int port) {
        String addr;
        if (family == AF_INET) {
            addr = (address[0] & 0xFF) + "." + (address[1] & 0xFF) + "." + (address[2] & 0xFF) + "." + (address[3] & 0xFF);
            addr += prefixLength == 32 ? "" : "/" + prefixLength;
        } else if (family == AF_INET6) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < 16; i += 2) {
                if (i > 0) {
                    sb.append(':');
                }
                sb.append(Integer.toHexString((address[i] & 0xFF) << 8 | (address[i + 1] & 0xFF)));
            }
            addr = sb.append(prefixLength == 128 ? "" : "/" + prefixLength).append(']').toString();
        } else {
            addr = "*";
        }
        return port < 0 ? addr : addr + ":" + port;
    }
}
