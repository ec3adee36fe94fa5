package io.xtcp.core.netlink;

import java.util.Locale;

/** TCP states as inet_diag numbers them ({@code include/net/tcp_states.h}), and state-mask parsing. */
public final class TcpState {
    public static final int ESTABLISHED = 1;
    public static final int LISTEN = 10;
    public static final int TIME_WAIT = 6;

    private static final String[] NAMES = {
        "UNKNOWN", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2", "TIME_WAIT", "CLOSE",
        "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING", "NEW_SYN_RECV", "BOUND_INACTIVE"
    };
    /** The names `ss` prints in its State column. */
    private static final String[] SS_NAMES = {
        "UNKNOWN", "ESTAB", "SYN-SENT", "SYN-RECV", "FIN-WAIT-1", "FIN-WAIT-2", "TIME-WAIT", "UNCONN",
        "CLOSE-WAIT", "LAST-ACK", "LISTEN", "CLOSING", "SYN-RECV", "BOUND-INACTIVE"
    };

    private TcpState() {}

    public static String name(int state) {
        return state >= 0 && state < NAMES.length ? NAMES[state] : "STATE_" + state;
    }

    public static String ssName(int state) {
        return state >= 0 && state < SS_NAMES.length ? SS_NAMES[state] : "STATE_" + state;
    }

    /**
     * Parses a state list into the host-order idiag_states bitmask: state names
     * ({@code established,listen}, {@code time-wait}), {@code all} (0xFFE: every state but
     * BOUND_INACTIVE), {@code connected} (as ss: all but LISTEN, CLOSE, TIME_WAIT and SYN_RECV), or a number ({@code 0xFFF}).
     */
    /** Every bit a state can have: 0 (unused) to BOUND_INACTIVE. */
    public static final int KNOWN_STATES_MASK = (1 << NAMES.length) - 1;

    private static int numericMask(String raw, String s) {
        long v;
        try {
            v = s.startsWith("0X") ? Long.parseLong(s.substring(2), 16) : Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("state mask '" + (raw.length() > 40 ? raw.substring(0, 40) + "..." : raw)
                    + "' is not a number a mask of the known states can be (at most 0x" + Integer.toHexString(KNOWN_STATES_MASK) + ")");
        }
        if ((v & ~KNOWN_STATES_MASK) != 0) {
            throw new IllegalArgumentException("state mask '" + raw + "' has bits beyond the known states (at most 0x"
                    + Integer.toHexString(KNOWN_STATES_MASK) + ")");
        }
        return (int) v;
    }

    public static int parseMask(String list) {
        int mask = 0;
        for (String raw : list.split(",")) {
            String s = raw.trim().toUpperCase(Locale.ROOT).replace('-', '_');
            if (s.isEmpty()) {
                continue;
            }
            if (s.equals("ALL")) {
                mask |= Netlink.ALL_STATES;
                continue;
            }
            if (s.equals("CONNECTED")) {
                mask |= Netlink.ALL_STATES & ~(1 << LISTEN) & ~(1 << 7) & ~(1 << TIME_WAIT) & ~(1 << 3);
                continue;
            }
            if (s.startsWith("0X") || s.chars().allMatch(Character::isDigit)) {
                mask |= numericMask(raw.trim(), s);
                continue;
            }
            if (s.equals("ESTAB")) {
                s = "ESTABLISHED";
            }
            int found = -1;
            for (int i = 1; i < NAMES.length; i++) {
                if (NAMES[i].equals(s) || NAMES[i].replace("_", "").equals(s.replace("_", ""))) {
                    found = i;
                }
            }
            if (found < 0) {
                throw new IllegalArgumentException("unknown TCP state '" + raw.trim()
                        + "'; known: all, connected, established, syn-sent, syn-recv, fin-wait1, fin-wait2, time-wait, "
                        + "close, close-wait, last-ack, listen, closing, new-syn-recv, bound-inactive, or a hex mask");
            }
            mask |= 1 << found;
        }
        if (mask == 0) {
            throw new IllegalArgumentException("empty TCP state list");
        }
        return mask;
    }
}
