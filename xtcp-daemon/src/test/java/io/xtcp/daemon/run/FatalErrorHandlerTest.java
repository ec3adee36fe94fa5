package io.xtcp.daemon.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.xtcp.daemon.Main;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** What escapes a real thread: an Error halts with 70, an OutOfMemoryError with 137, a RuntimeException goes on to the next handler. */
class FatalErrorHandlerTest {
    @Test
    void anErrorEscapingAThreadHaltsWithTheFatalStatus() throws Exception {
        assertEquals(Main.EXIT_FATAL, escape(new StackOverflowError("deep")).status);
        assertEquals(Main.EXIT_FATAL, escape(new AssertionError("broken")).status);
    }

    @Test
    void anOutOfMemoryErrorHaltsWithTheOutOfMemoryStatus() throws Exception {
        Outcome o = escape(new OutOfMemoryError("Cannot reserve 1048576 bytes of direct buffer memory"));
        assertEquals(Main.EXIT_OUT_OF_MEMORY, o.status);
        assertEquals(137, Main.EXIT_OUT_OF_MEMORY, "what a shell reports for SIGKILL, which the launcher's OnOutOfMemoryError sends");
    }

    @Test
    void aRuntimeExceptionIsLeftToTheNextHandler() throws Exception {
        IllegalStateException e = new IllegalStateException("component failed");
        Outcome o = escape(e);
        assertNull(o.status, "not halted");
        assertSame(e, o.passedOn);
    }

    private static final class Outcome {
        Integer status;
        Throwable passedOn;
    }

    private static Outcome escape(Throwable t) throws Exception {
        Outcome o = new Outcome();
        CompletableFuture<Void> done = new CompletableFuture<>();
        AtomicReference<Throwable> next = new AtomicReference<>();
        FatalErrorHandler handler = new FatalErrorHandler((th, e) -> {
            next.set(e);
            done.complete(null);
        }, status -> {
            o.status = status;
            done.complete(null);
        });
        Thread thread = new Thread(() -> {
            if (t instanceof Error) {
                throw (Error) t;
            }
            throw (RuntimeException) t;
        }, "xtcp-test-victim");
        thread.setUncaughtExceptionHandler(handler);
        thread.start();
        done.get(10, TimeUnit.SECONDS);
        thread.join(10_000);
        o.passedOn = next.get();
        return o;
    }
}
