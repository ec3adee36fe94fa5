package io.xtcp.dest.pipeline;

import java.util.Locale;

/** What {@link SinkPipeline#offer} does when the in-memory queue is full. */
public enum OverflowPolicy {
    /** Evict the oldest queued batches to make room; their records are counted as dropped. */
    DROP_OLDEST("drop-oldest"),
    /** Refuse the new batch; its records are counted as dropped. */
    DROP_NEWEST("drop-newest"),
    /** Append the batch, and every later one until the spool is replayed, to the on-disk spool. */
    SPOOL("spool");

    private final String flagName;

    OverflowPolicy(String flagName) {
        this.flagName = flagName;
    }

    public String flagName() {
        return flagName;
    }

    public static OverflowPolicy parse(String s) {
        for (OverflowPolicy p : values()) {
            if (p.flagName.equals(s.trim().toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown overflow policy '" + s + "'; known: drop-oldest, drop-newest, spool");
    }
}
