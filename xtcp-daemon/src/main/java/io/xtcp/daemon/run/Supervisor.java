package io.xtcp.daemon.run;

import io.xtcp.dest.pipeline.SinkHealth;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread that checks the daemon's parts about once a second: a {@link Supervised} part that
 * died is restarted once (the part counts and logs it); a part that dies again, or a sink gone
 * {@link SinkHealth.State#DEAD}, is fatal: {@code fatal} is called once with the reason, and the
 * daemon closes what it owns and exits 70 (EX_SOFTWARE). Each tick also calls {@code onTick}
 * (the service notifier's status).
 */
public final class Supervisor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);
    /** The exit status of a fatal runtime error (sysexits.h EX_SOFTWARE). */
    public static final int EXIT_FATAL = 70;

    private final Health health;
    private final List<Supervised> parts;
    private final List<Health.Sink> sinks;
    private final LongSupplier clockMillis;
    private final Consumer<String> fatal;
    private final Runnable onTick;
    private final Duration period;
    private final Thread thread;
    private volatile boolean running = true;
    private boolean fatalSent;

    /**
     * @param health the health over the same parts and sinks (what {@link #health()} hands out)
     * @param fatal  called once, on this supervisor's thread, with the reason the process must exit
     * @param onTick called after each check; may be null
     */
    public Supervisor(Health health, List<Supervised> parts, LongSupplier clockMillis, Consumer<String> fatal, Runnable onTick,
            Duration period) {
        this.health = health;
        this.parts = List.copyOf(parts);
        this.sinks = health.sinks();
        this.clockMillis = clockMillis;
        this.fatal = fatal;
        this.onTick = onTick;
        this.period = period;
        this.thread = new Thread(this::loop, "xtcp-supervisor");
        thread.setDaemon(true);
    }

    public Health health() {
        return health;
    }

    public Supervisor start() {
        thread.start();
        return this;
    }

    /** One check: restarts what died once, reports what is fatal. Returns the fatal reason, or null. */
    public synchronized String check() {
        String why = null;
        for (Supervised p : parts) {
            String f = p.reviveOnce();
            if (f != null && why == null) {
                why = f;
            }
        }
        long now = clockMillis.getAsLong();
        for (Health.Sink s : sinks) {
            SinkHealth h = s.health().apply(now);
            if (h.state() == SinkHealth.State.DEAD && why == null) {
                why = Health.describe(s.name(), h);
            }
        }
        if (why != null && !fatalSent) {
            fatalSent = true;
            LOG.error("fatal: {}; stopping with exit status {}", why, EXIT_FATAL);
            fatal.accept(why);
        }
        return why;
    }

    private void loop() {
        while (running) {
            try {
                check();
                if (onTick != null) {
                    onTick.run();
                }
            } catch (RuntimeException e) {
                LOG.warn("health check failed: {}", e.toString());
            }
            try {
                Thread.sleep(period.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Stops the checks. Idempotent. */
    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
