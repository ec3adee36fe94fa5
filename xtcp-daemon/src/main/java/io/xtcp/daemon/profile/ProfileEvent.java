package io.xtcp.daemon.profile;

import java.util.Locale;

/** What a profile samples, with async-profiler's event name and the converter's matching filter. */
public enum ProfileEvent {
    /** On-CPU time (perf_events cpu-clock, falling back to timers). */
    CPU("cpu", "--cpu"),
    /** Heap allocations (TLAB and outside-TLAB samples). */
    ALLOC("alloc", "--alloc"),
    /** Contended monitors and locks. */
    LOCK("lock", "--lock"),
    /** Wall-clock time of every thread, running or not. */
    WALL("wall", "--wall");

    private final String id;
    private final String converterFlag;

    ProfileEvent(String id, String converterFlag) {
        this.id = id;
        this.converterFlag = converterFlag;
    }

    /** The name in flags, queries and async-profiler's {@code event=}. */
    public String id() {
        return id;
    }

    /** The jfr-converter option that picks this event's samples from a recording. */
    String converterFlag() {
        return converterFlag;
    }

    /** cpu, alloc, lock or wall; IllegalArgumentException otherwise. */
    public static ProfileEvent parse(String s) {
        for (ProfileEvent e : values()) {
            if (e.id.equals(s.toLowerCase(Locale.ROOT))) {
                return e;
            }
        }
        throw new IllegalArgumentException("event must be cpu, alloc, lock or wall, got '" + clip(s) + "'");
    }

    static String clip(String s) {
        return s.length() > 32 ? s.substring(0, 32) + "…" : s;
    }
}
