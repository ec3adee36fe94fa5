package io.xtcp.dest.pipeline;

import java.util.concurrent.TimeUnit;

/**
 * The pipeline's sender thread as one handle across its restart: {@link #start()} starts a new
 * thread running the sender's loop (the first time, and once more if the sender dies), and
 * {@link #await}, {@link #interrupt()} and {@link #isAlive()} act on whichever thread is current.
 * Whether to restart is the pipeline's decision; this only keeps track of the thread.
 */
final class SenderThread {
    private final String name;
    private final Runnable loop;
    /** The thread running the loop now; replaced once if it dies. */
    private volatile Thread current;

    SenderThread(String name, Runnable loop) {
        this.name = name;
        this.loop = loop;
    }

    /** Starts a daemon thread running the loop; from now on it is the current one. */
    void start() {
        Thread t = new Thread(loop, name);
        t.setDaemon(true);
        current = t;
        t.start();
    }

    /** Waits for the current thread (the new one, if it was restarted meanwhile) to end; false if it is still alive. */
    boolean await(long millis) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (true) {
            Thread t = current;
            long left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
            if (left > 0) {
                t.join(left);
            }
            if (t.isAlive()) {
                return false;
            }
            if (t == current) {
                return true;
            }
        }
    }

    void interrupt() {
        current.interrupt();
    }

    boolean isAlive() {
        return current.isAlive();
    }
}
