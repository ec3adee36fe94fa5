package io.xtcp.dest.pipeline;

import io.xtcp.dest.SinkRefusedException;
import java.io.IOException;
import java.net.PortUnreachableException;

/**
 * The facts {@link SinkHealth} is made of, as a {@link SinkPipeline} learns them: when the transport
 * last confirmed a batch, the failure since the last confirmation and when it began, a refusal of
 * the sink, the sender's death, and since when data has been waiting. Thread-safe; updated on the
 * sender thread and on the transport's callback threads.
 *
 * <p>STALE: a failure has lasted {@code staleAfter} with nothing confirmed since it began (a full
 * disk, a refused port: even when every failed batch has been dropped and nothing is held), or data
 * has waited {@code staleAfter} with nothing confirmed (a broker gone while the producer buffers).
 * Any confirmed delivery heals STALE and BROKEN; DEAD is final.
 */
final class DeliveryHealth {
    private long lastSuccessMillis;
    private long failingSinceMillis;
    private String failure;
    private long brokenSinceMillis;
    private String broken;
    private long deadSinceMillis;
    private String dead;
    /** When data arrived at a pipeline that held nothing; 0 when idle. */
    private long waitingSinceMillis;

    synchronized void confirmed(long now) {
        lastSuccessMillis = now;
        failingSinceMillis = 0;
        failure = null;
        brokenSinceMillis = 0;
        broken = null;
    }

    /** A failed attempt or a batch lost after it was taken. */
    synchronized void failed(Throwable cause, long now) {
        if (cause instanceof SinkRefusedException) {
            if (broken == null) {
                brokenSinceMillis = now;
            }
            broken = describe(cause);
            return;
        }
        if (failure == null) {
            failingSinceMillis = now;
        }
        failure = describe(cause);
    }

    synchronized void dead(String reason, long now) {
        if (dead == null) {
            dead = reason;
            deadSinceMillis = now;
        }
    }

    synchronized boolean isDead() {
        return dead != null;
    }

    /** Data arrived; {@code wasIdle}: the pipeline held nothing before it. */
    synchronized void waiting(boolean wasIdle, long now) {
        if (wasIdle || waitingSinceMillis == 0) {
            waitingSinceMillis = now;
        }
    }


    synchronized long lastSuccessMillis() {
        return lastSuccessMillis;
    }

    synchronized SinkHealth at(long now, boolean holding, long staleAfterMillis) {
        if (dead != null) {
            return new SinkHealth(SinkHealth.State.DEAD, dead, lastSuccessMillis, deadSinceMillis);
        }
        if (broken != null) {
            return new SinkHealth(SinkHealth.State.BROKEN, broken, lastSuccessMillis, brokenSinceMillis);
        }
        if (failure != null && now - failingSinceMillis >= staleAfterMillis) {
            return new SinkHealth(SinkHealth.State.STALE, failure, lastSuccessMillis, failingSinceMillis);
        }
        if (holding && waitingSinceMillis != 0) {
            long since = Math.max(waitingSinceMillis, lastSuccessMillis);
            if (now - since >= staleAfterMillis) {
                String reason = failure != null ? failure
                        : "nothing confirmed for " + String.format(java.util.Locale.ROOT, "%.1f", (now - since) / 1e3) + " s";
                return new SinkHealth(SinkHealth.State.STALE, reason, lastSuccessMillis,
                        failure != null ? failingSinceMillis : since);
            }
        }
        return new SinkHealth(SinkHealth.State.DELIVERING, "", lastSuccessMillis, 0);
    }

    /** A failure in words a person can act on. */
    static String describe(Throwable t) {
        if (t instanceof PortUnreachableException) {
            return "port unreachable";
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            String m = c.getMessage();
            if (m != null && m.contains("No space left on device")) {
                return "no space left on device";
            }
        }
        if (t instanceof IOException && t.getMessage() != null) {
            return t.getMessage();
        }
        return t.toString();
    }
}
