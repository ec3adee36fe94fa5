package io.xtcp.daemon.profile;

/** The JVM's one sampling profiler is held by someone else; the message says by whom. */
public final class ProfilerBusyException extends Exception {
    private final String holder;

    ProfilerBusyException(String holder) {
        super("the profiler is held by " + holder, null, false, false);
        this.holder = holder;
    }

    /** Who holds it, e.g. "Pyroscope continuous profiling (--pyroscope-url)". */
    public String holder() {
        return holder;
    }
}
