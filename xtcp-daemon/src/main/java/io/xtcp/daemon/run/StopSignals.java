package io.xtcp.daemon.run;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGTERM and SIGINT as a request to stop. The JVM's own handlers start its shutdown at once and
 * exit with 128 + the signal (143, 130) whatever the program returns; these call {@code stop}
 * instead, so the daemon closes in order and exits 0. A second signal while stopping exits with
 * 128 + the signal through the JVM's shutdown (whose hook still waits, bounded, for the close).
 */
final class StopSignals {
    private static final Logger LOG = LoggerFactory.getLogger(StopSignals.class);
    private static final String[] NAMES = {"TERM", "INT"};

    private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();

    private StopSignals() {}

    static StopSignals install(Runnable stop) {
        StopSignals s = new StopSignals();
        AtomicBoolean signalled = new AtomicBoolean();
        SignalHandler handler = sig -> {
            if (signalled.compareAndSet(false, true)) {
                LOG.info("SIG{} received: stopping", sig.getName());
                stop.run();
            } else {
                System.exit(128 + sig.getNumber());
            }
        };
        for (String name : NAMES) {
            Signal sig = new Signal(name);
            try {
                s.previous.put(sig, Signal.handle(sig, handler));
            } catch (IllegalArgumentException e) {
                // the JVM reserves it (-Xrs) or the OS does not know it: the default handling stays
                LOG.debug("cannot handle SIG{}: {}", name, e.getMessage());
            }
        }
        return s;
    }

    /** Puts back the handlers found at install. */
    void restore() {
        previous.forEach((sig, h) -> {
            try {
                Signal.handle(sig, h);
            } catch (IllegalArgumentException e) {
                LOG.debug("cannot restore SIG{}: {}", sig.getName(), e.getMessage());
            }
        });
        previous.clear();
    }
}
