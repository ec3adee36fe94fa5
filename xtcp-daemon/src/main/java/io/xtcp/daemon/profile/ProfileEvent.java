package io.xtcp.daemon.profile;

import java.util.Locale;

/** What a profile samples, with async-profiler's event name and the converter's matching filter. */
public enum ProfileEvent {
    /** On-CPU time (perf_events cpu-clock, falling back to timers). */
    CPU("cpu", "--cpu"),
    /** Heap allocations (TLAB and outside-TLAB samples). */
    ALLOC("alloc", "--alloc"),
    /**
     * The heap in use: allocation samples of the objects still alive when the profile stops
     * (async-profiler's {@code alloc,live}), like Go's {@code inuse_space}.
     */
    LIVE("live", "alloc,live", "--alloc", "--live"),
    /** Contended monitors and locks. */
    LOCK("lock", "--lock"),
    /** Wall-clock time of every thread, running or not. */
    WALL("wall", "--wall");

    private final String id;
    private final String profilerEvent;
    private final String[] converterFlags;

    ProfileEvent(String id, String converterFlag) {
        this(id, id, converterFlag);
    }

    ProfileEvent(String id, String profilerEvent, String... converterFlags) {
        this.id = id;
        this.profilerEvent = profilerEvent;
        this.converterFlags = converterFlags;
    }

    /** What async-profiler's {@code start} takes after {@code event=}: the id, or {@code alloc,live}. */
    String profilerEvent() {
        return profilerEvent;
    }

    /** The name in flags, queries and async-profiler's {@code event=}. */
    public String id() {
        return id;
    }

    /** The jfr-converter options that pick this event's samples from a recording, followed by {@code more}. */
    String[] converterArgs(String... more) {
        String[] out = java.util.Arrays.copyOf(converterFlags, converterFlags.length + more.length);
        System.arraycopy(more, 0, out, converterFlags.length, more.length);
        return out;
    }

    /** cpu, alloc, live, lock or wall; IllegalArgumentException otherwise. */
    public static ProfileEvent parse(String s) {
        for (ProfileEvent e : values()) {
            if (e.id.equals(s.toLowerCase(Locale.ROOT))) {
                return e;
            }
        }
        throw new IllegalArgumentException("event must be cpu, alloc, live, lock or wall, got '" + clip(s) + "'");
    }

    static String clip(String s) {
        return s.length() > 32 ? s.substring(0, 32) + "…" : s;
    }
}
