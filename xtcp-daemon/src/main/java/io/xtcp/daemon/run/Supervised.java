package io.xtcp.daemon.run;

/**
 * A part of the daemon that runs on threads of its own and that the {@link Supervisor} watches:
 * the poll scheduler, the poll workers. A part that died is restarted once; if it dies again the
 * process exits (70) so its service manager starts a fresh one.
 */
public interface Supervised {
    /** The {@code component} label of {@code xtcp_component_restarts_total}: "scheduler", "poll_worker". */
    String component();

    /**
     * Restarts what died, once per thread slot. Returns why the process must exit (a thread died
     * again after its restart), or null.
     */
    String reviveOnce();

    /** Why it is not live at {@code nowNanos} ({@link System#nanoTime()}): a thread dead or stuck; null when live. */
    String trouble(long nowNanos);

    /** Restarts done since start. */
    long restarts();
}
