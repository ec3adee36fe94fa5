package io.xtcp.daemon.run;

import io.xtcp.daemon.Main;

/**
 * The last word on an {@link Error} that escapes a thread (a poll worker's StackOverflowError, an
 * OutOfMemoryError for direct memory, which the JVM's OnOutOfMemoryError does not see): one line
 * on stderr naming the thread, then the process halts with {@link Main#EXIT_FATAL} (or
 * {@link Main#EXIT_OUT_OF_MEMORY}) for its supervisor to restart it, rather than run on with a
 * part missing. Halts: shutdown hooks and other threads could wait on what the dead thread held.
 * A RuntimeException is left to the thread's owner (the daemon restarts a component once).
 */
public final class FatalErrorHandler implements Thread.UncaughtExceptionHandler {
    private final Thread.UncaughtExceptionHandler next;
    private final Halt halt;

    /** How the process ends; {@code Runtime::halt} but in tests. */
    public interface Halt {
        void halt(int status);
    }

    public FatalErrorHandler(Thread.UncaughtExceptionHandler next, Halt halt) {
        this.next = next;
        this.halt = halt;
    }

    /** Installs the handler for every thread that has none of its own. */
    public static void install() {
        Runtime runtime = Runtime.getRuntime();
        Thread.setDefaultUncaughtExceptionHandler(new FatalErrorHandler(Thread.getDefaultUncaughtExceptionHandler(), runtime::halt));
    }

    /** The exit status for what escaped a thread; 0 when it is not fatal. */
    public static int statusFor(Throwable e) {
        if (e instanceof OutOfMemoryError) {
            return Main.EXIT_OUT_OF_MEMORY;
        }
        return e instanceof Error ? Main.EXIT_FATAL : 0;
    }

    @Override
    public void uncaughtException(Thread t, Throwable e) {
        int status = statusFor(e);
        if (status == 0) {
            if (next != null) {
                next.uncaughtException(t, e);
            } else {
                System.err.print("Exception in thread \"" + t.getName() + "\" ");
                e.printStackTrace();
            }
            return;
        }
        try {
            System.err.println("xtcp: fatal: " + e + " in thread " + t.getName() + "; exiting with status " + status);
            if (!(e instanceof OutOfMemoryError)) {
                e.printStackTrace();
            }
            System.err.flush();
        } catch (Throwable ignored) {
            // the status says it
        } finally {
            halt.halt(status);
        }
    }
}
