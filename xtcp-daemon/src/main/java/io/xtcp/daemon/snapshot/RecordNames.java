package io.xtcp.daemon.snapshot;

import io.xtcp.schema.v1.CongestionAlgorithm;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * Interns the two names a snapshot counts by, the namespace and the congestion algorithm, straight
 * from a record's wire bytes: runs of records share both (a namespace's sockets come together, and
 * most use one algorithm), so the bytes are compared with the last record's and a string is made
 * only when they change.
 */
final class RecordNames {
    final NameCounts netns = new NameCounts();
    final NameCounts congestion = new NameCounts();
    private byte[] lastNetnsBytes = new byte[0];
    private int lastNetns = -1;
    private byte[] lastCongestionBytes = new byte[0];
    private long lastCongestionEnum = -1;
    private int lastCongestion = -1;

    /** Zeroes the counts, keeping the names met so far. */
    void clearCounts() {
        netns.clearCounts();
        congestion.clearCounts();
    }

    /** Forgets the names and the last record's. */
    void clear() {
        netns.clear();
        congestion.clear();
        lastNetns = -1;
        lastCongestion = -1;
        lastCongestionEnum = -1;
    }

    /** Sets the namespace of the records that follow; returns its index. */
    int namespace(String name) {
        lastNetns = netns.indexOf(name);
        lastNetnsBytes = name.getBytes(StandardCharsets.UTF_8);
        return lastNetns;
    }

    /** The namespace last set or met, or -1 when none is. */
    int lastNamespace() {
        return lastNetns;
    }

    /** Forgets the last namespace, so the next record's is looked up. */
    void forgetNamespace() {
        lastNetns = -1;
    }

    /** The index of the record's namespace name; a name string is made only when it changes. */
    int netnsIndex(byte[] wire, int off, int len) {
        if (lastNetns >= 0 && Arrays.equals(wire, off, off + len, lastNetnsBytes, 0, lastNetnsBytes.length)) {
            return lastNetns;
        }
        lastNetnsBytes = Arrays.copyOfRange(wire, off, off + len);
        lastNetns = netns.indexOf(new String(lastNetnsBytes, StandardCharsets.UTF_8));
        return lastNetns;
    }

    /** The index of the record's congestion control name (string field, else the enum), or -1 for none. */
    int congestionIndex(byte[] wire, int off, int len, long enumValue) {
        if (lastCongestion >= 0 && enumValue == lastCongestionEnum
                && Arrays.equals(wire, off, off + len, lastCongestionBytes, 0, lastCongestionBytes.length)) {
            return lastCongestion;
        }
        String name = len > 0 ? new String(wire, off, len, StandardCharsets.US_ASCII) : congestionName(enumValue);
        if (name.isEmpty()) {
            return -1;
        }
        int i = congestion.indexOf(name);
        lastCongestionBytes = Arrays.copyOfRange(wire, off, off + len);
        lastCongestionEnum = enumValue;
        lastCongestion = i;
        return i;
    }

    private static String congestionName(long value) {
        if (value == 0) {
            return "";
        }
        CongestionAlgorithm a = CongestionAlgorithm.forNumber((int) value);
        if (a == null) {
            return "unknown";
        }
        return a.name().replace("CONGESTION_ALGORITHM_", "").toLowerCase(Locale.ROOT);
    }
}
