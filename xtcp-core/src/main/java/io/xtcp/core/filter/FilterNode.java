package io.xtcp.core.filter;

import java.util.Arrays;

/**
 * The parsed form of an {@code ss}-style socket filter: conditions on one socket's ports,
 * addresses, bound device, mark and cgroup, combined with and, or and not. The compiler turns it
 * into inet_diag bytecode; {@link #toString()} prints it back fully parenthesised.
 */
public sealed interface FilterNode {
    /** Which end of the connection a condition looks at. */
    enum Side {
        SOURCE("s"), DESTINATION("d");

        private final String prefix;

        Side(String prefix) {
            this.prefix = prefix;
        }

        String prefix() {
            return prefix;
        }
    }

    /** How a port is compared. */
    enum Comparison {
        EQ("="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">=");

        private final String symbol;

        Comparison(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    /** {@code sport >= 1024}: a port compared with a number in 0..65535. */
    record Port(Side side, Comparison comparison, int port) implements FilterNode {
        @Override
        public String toString() {
            return side.prefix() + "port " + comparison.symbol() + " " + port;
        }
    }

    /**
     * {@code src 10.0.0.0/8:80}: an address prefix and optionally a port. {@code family} is
     * AF_INET (2), AF_INET6 (10) or 0 for any address ({@code *}); {@code port} is -1 for any.
     */
    record Host(Side side, int family, byte[] address, int prefixLength, int port) implements FilterNode {
        public Host {
            address = address.clone();
        }

        @Override
        public byte[] address() {
            return address.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Host h && h.side == side && h.family == family && Arrays.equals(h.address, address)
                    && h.prefixLength == prefixLength && h.port == port;
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(address) * 31 + family * 7 + prefixLength + port;
        }

        @Override
        public String toString() {
            return (side == Side.SOURCE ? "src " : "dst ") + HostText.format(family, address, prefixLength, port);
        }
    }

    /** {@code dev eth0}: the socket is bound to this device ({@code SO_BINDTODEVICE}); a name is resolved when compiled. */
    record Device(String name, int index) implements FilterNode {
        /** A device given by name, resolved to an ifindex when the filter is compiled. */
        public static Device named(String name) {
            return new Device(name, 0);
        }

        @Override
        public String toString() {
            return "dev " + (name != null ? name : Integer.toUnsignedString(index));
        }
    }

    /** {@code mark = 0x10/0xff}: {@code (sk_mark & mask) == value}; both are u32, held in a long. */
    record Mark(long value, long mask) implements FilterNode {
        @Override
        public String toString() {
            return "mark = 0x" + Long.toHexString(value) + "/0x" + Long.toHexString(mask);
        }
    }

    /** {@code cgroup /sys/fs/cgroup/a.slice}: the socket's cgroup v2, named by path and resolved to its id when compiled. */
    record Cgroup(String path) implements FilterNode {
        @Override
        public String toString() {
            return "cgroup " + path;
        }
    }

    /** Both hold. */
    record And(FilterNode left, FilterNode right) implements FilterNode {
        @Override
        public String toString() {
            return "(" + left + " and " + right + ")";
        }
    }

    /** Either holds. */
    record Or(FilterNode left, FilterNode right) implements FilterNode {
        @Override
        public String toString() {
            return "(" + left + " or " + right + ")";
        }
    }

    /** The inner condition does not hold. */
    record Not(FilterNode inner) implements FilterNode {
        @Override
        public String toString() {
            return "not " + inner;
        }
    }
}
