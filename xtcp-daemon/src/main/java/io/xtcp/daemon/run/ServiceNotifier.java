package io.xtcp.daemon.run;

import io.xtcp.core.linux.SdNotify;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the daemon tells its service manager (systemd {@code Type=notify}):
 *
 * <ul>
 *   <li>{@code READY=1} once, after the first successful poll: the unit is "active" only when
 *       records can actually flow;
 *   <li>{@code STATUS=} after every poll (shown by {@code systemctl status}), with the readiness
 *       reason while not ready, and again whenever that reason changes ({@link #healthTick()});
 *   <li>{@code WATCHDOG=1} every half of {@code $WATCHDOG_USEC} (when set, and when
 *       {@code $WATCHDOG_PID} is unset or this process), but only while the daemon is live (the
 *       one definition, io.xtcp.daemon.run.Health) and polls keep finishing: once it is not live,
 *       or no poll has finished for {@code stallLimit}, the pings stop, so systemd restarts a
 *       wedged daemon instead of trusting a running JVM;
 *   <li>{@code STOPPING=1} at shutdown.
 * </ul>
 *
 * Without {@code $NOTIFY_SOCKET} every call is a no-op. A failed send is logged once and never
 * fails the daemon.
 */
final class ServiceNotifier implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceNotifier.class);

    /** Where notifications go: {@link SdNotify#send}, or a recorder in tests. */
    @FunctionalInterface
    interface Sender {
        void send(String state) throws IOException;
    }

    private final Sender sender;
    private final AutoCloseable channel;
    private final long watchdogPeriodNanos;
    private final long stallLimitNanos;
    private final LongSupplier nanoTime;
    private final Thread watchdog;
    private volatile long lastPollFinished;
    private volatile java.util.function.Supplier<Verdict> live = () -> Verdict.yes("ok");
    private volatile java.util.function.Supplier<Verdict> readiness = () -> Verdict.yes("ready");
    private String lastNotReady = "";
    private boolean notLiveLogged;
    private long polls;
    private long failed;
    private boolean ready;
    private boolean stopping;
    private boolean stalledLogged;
    private boolean sendFailureLogged;

    ServiceNotifier(Sender sender, AutoCloseable channel, long watchdogUsec, Duration stallLimit, LongSupplier nanoTime) {
        this.sender = sender;
        this.channel = channel;
        this.watchdogPeriodNanos = watchdogUsec > 0 ? TimeUnit.MICROSECONDS.toNanos(watchdogUsec) / 2 : 0;
        this.stallLimitNanos = stallLimit.toNanos();
        this.nanoTime = nanoTime;
        this.lastPollFinished = nanoTime.getAsLong();
        this.watchdog = watchdogPeriodNanos > 0 ? new Thread(this::pingLoop, "xtcp-watchdog") : null;
    }

    /**
     * The notifier for this process's environment: a no-op without {@code $NOTIFY_SOCKET}, no
     * watchdog without {@code $WATCHDOG_USEC} or when {@code $WATCHDOG_PID} names another process.
     */
    static ServiceNotifier fromEnvironment(Map<String, String> env, Duration stallLimit) {
        SdNotify socket;
        try {
            socket = SdNotify.fromEnvironment(env);
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("service manager notifications off: {}", e.getMessage());
            socket = null;
        }
        if (socket == null) {
            return new ServiceNotifier(state -> { }, () -> { }, 0, stallLimit, System::nanoTime);
        }
        long usec = watchdogUsec(env, ProcessHandle.current().pid());
        LOG.info("notifying the service manager on {}{}", socket.name(),
                usec > 0 ? ", watchdog every " + Duration.ofNanos(TimeUnit.MICROSECONDS.toNanos(usec) / 2) : "");
        ServiceNotifier n = new ServiceNotifier(socket::send, socket, usec, stallLimit, System::nanoTime);
        n.start();
        return n;
    }

    /** {@code $WATCHDOG_USEC} when it applies to process {@code pid}, else 0 (as sd_watchdog_enabled). */
    static long watchdogUsec(Map<String, String> env, long pid) {
        String usec = env.get("WATCHDOG_USEC");
        String forPid = env.get("WATCHDOG_PID");
        try {
            if (usec == null || (forPid != null && !forPid.isEmpty() && Long.parseLong(forPid.strip()) != pid)) {
                return 0;
            }
            long v = Long.parseLong(usec.strip());
            return Math.max(v, 0);
        } catch (NumberFormatException e) {
            LOG.warn("ignoring the watchdog: WATCHDOG_USEC={} WATCHDOG_PID={}", usec, forPid);
            return 0;
        }
    }

    /** Where liveness and readiness come from (Health::live, Health::ready); both yes until set. */
    void watch(java.util.function.Supplier<Verdict> live, java.util.function.Supplier<Verdict> ready) {
        this.live = live;
        this.readiness = ready;
    }

    void start() {
        if (watchdog != null) {
            watchdog.setDaemon(true);
            watchdog.start();
        }
    }

    /** A poll finished and succeeded: READY=1 the first time, a status line every time. */
    synchronized void pollSucceeded() {
        lastPollFinished = nanoTime.getAsLong();
        polls++;
        String status = "STATUS=" + polls + " polls, " + failed + " failed; last poll succeeded" + notReadySuffix();
        send(ready ? status : "READY=1\n" + status);
        ready = true;
    }

    /** A poll finished and failed: a status line; the poller is alive, so the watchdog keeps pinging. */
    synchronized void pollFailed(String why) {
        lastPollFinished = nanoTime.getAsLong();
        polls++;
        failed++;
        send("STATUS=" + polls + " polls, " + failed + " failed; last poll failed: " + oneLine(why) + notReadySuffix());
    }

    private String notReadySuffix() {
        Verdict r = readiness.get();
        lastNotReady = r.ok() ? "" : r.reason();
        return r.ok() ? "" : "; not ready: " + oneLine(r.reason());
    }

    /** Called about once a second: a status line when the readiness reason changed since the last one. */
    synchronized void healthTick() {
        if (stopping) {
            return;
        }
        Verdict r = readiness.get();
        String now = r.ok() ? "" : r.reason();
        if (!now.equals(lastNotReady)) {
            lastNotReady = now;
            send("STATUS=" + polls + " polls, " + failed + " failed; " + (r.ok() ? "ready" : "not ready: " + oneLine(now)));
        }
    }

    /** The fatal reason before the daemon closes and exits 70. */
    synchronized void fatal(String why) {
        send("STATUS=fatal: " + oneLine(why));
    }

    /** STOPPING=1, once; no watchdog pings after it. */
    synchronized void stopping() {
        if (stopping) {
            return;
        }
        stopping = true;
        send("STOPPING=1\nSTATUS=stopping after " + polls + " polls");
    }

    /** One watchdog period: pings unless stopping or stalled. Returns whether it pinged. */
    synchronized boolean watchdogTick() {
        if (stopping) {
            return false;
        }
        Verdict l = live.get();
        if (!l.ok()) {
            if (!notLiveLogged) {
                notLiveLogged = true;
                LOG.error("not live: {}; withholding watchdog pings so the service manager restarts xtcp", l.reason());
                send("STATUS=not live: " + oneLine(l.reason()));
            }
            return false;
        }
        notLiveLogged = false;
        long quiet = nanoTime.getAsLong() - lastPollFinished;
        if (quiet > stallLimitNanos) {
            if (!stalledLogged) {
                stalledLogged = true;
                LOG.error("no poll has finished for {}; withholding watchdog pings so the service manager restarts xtcp",
                        Duration.ofNanos(quiet));
                send("STATUS=stalled: no poll finished for " + Duration.ofNanos(quiet).toSeconds() + "s");
            }
            return false;
        }
        send("WATCHDOG=1");
        return true;
    }

    private void pingLoop() {
        while (true) {
            synchronized (this) {
                if (stopping) {
                    return;
                }
            }
            watchdogTick();
            try {
                TimeUnit.NANOSECONDS.sleep(watchdogPeriodNanos);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void send(String state) {
        try {
            sender.send(state);
        } catch (IOException | RuntimeException e) {
            if (!sendFailureLogged) {
                sendFailureLogged = true;
                LOG.warn("notifying the service manager failed (logged once): {}", e.getMessage());
            }
        }
    }

    private static String oneLine(String s) {
        return String.valueOf(s).replace('\n', ' ');
    }

    /** Sends STOPPING=1 if not yet sent, stops the watchdog and closes the socket. Idempotent. */
    @Override
    public void close() {
        stopping();
        if (watchdog != null) {
            watchdog.interrupt();
        }
        try {
            channel.close();
        } catch (Exception e) {
            LOG.debug("closing the notify socket: {}", e.toString());
        }
    }
}
