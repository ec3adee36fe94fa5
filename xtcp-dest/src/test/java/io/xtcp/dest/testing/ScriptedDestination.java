package io.xtcp.dest.testing;

import io.xtcp.dest.Destination;
import io.xtcp.dest.DestinationClosedException;
import io.xtcp.dest.SinkStats;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A sink whose behaviour a test switches at run time: accept, block until released, fail every
 * send, or hold a send (deaf to interrupts) until the sink is closed and then accept it; and it can
 * throw an {@link Error} from the next sends, as a bug would. Keeps a copy of every batch it
 * accepted, in order.
 */
public final class ScriptedDestination implements Destination {
    public enum Mode { ACCEPT, BLOCK, FAIL, HOLD_UNTIL_CLOSED }

    private final SinkStats stats = new SinkStats();
    private final List<byte[]> accepted = new ArrayList<>();
    private Mode mode = Mode.ACCEPT;
    private int blocked;
    private long attempts;
    private boolean closed;
    private int closes;
    private int errorsToThrow;
    private Error nextError;

    public synchronized void mode(Mode m) {
        mode = m;
        notifyAll();
    }

    /** The next {@code n} sends throw {@code java.lang.Error: scripted} before anything else. */
    public synchronized void throwErrors(int n) {
        errorsToThrow = n;
    }

    /** The next send throws {@code e}. */
    public synchronized void throwOnce(Error e) {
        nextError = e;
    }

    @Override
    public void send(ByteBuffer batch) throws IOException {
        byte[] copy = new byte[batch.remaining()];
        batch.duplicate().get(copy);
        synchronized (this) {
            attempts++;
            if (nextError != null) {
                Error e = nextError;
                nextError = null;
                throw e;
            }
            if (errorsToThrow > 0) {
                errorsToThrow--;
                throw new Error("scripted");
            }
            boolean interrupted = false;
            while (true) {
                if (mode == Mode.HOLD_UNTIL_CLOSED && closed) {
                    mode = Mode.ACCEPT;
                    if (interrupted) {
                        Thread.currentThread().interrupt();
                    }
                    break;
                }
                if (closed) {
                    throw new DestinationClosedException(uri());
                }
                if (mode == Mode.FAIL) {
                    stats.error("scripted");
                    throw new IOException("scripted failure");
                }
                if (mode == Mode.ACCEPT) {
                    break;
                }
                blocked++;
                notifyAll();
                try {
                    wait();
                } catch (InterruptedException e) {
                    if (mode == Mode.HOLD_UNTIL_CLOSED) {
                        interrupted = true;
                        continue;
                    }
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException();
                } finally {
                    blocked--;
                }
            }
            accepted.add(copy);
            stats.sent(copy.length);
            notifyAll();
        }
    }

    /** Waits until a sender is parked in {@link Mode#BLOCK}. */
    public synchronized void awaitBlocked() throws InterruptedException {
        long end = System.currentTimeMillis() + 10_000;
        while (blocked == 0) {
            long left = end - System.currentTimeMillis();
            if (left <= 0) {
                throw new AssertionError("no sender blocked");
            }
            wait(left);
        }
    }

    public synchronized List<byte[]> accepted() {
        return new ArrayList<>(accepted);
    }

    public synchronized long attempts() {
        return attempts;
    }

    public synchronized int closes() {
        return closes;
    }

    /** Every record counter accepted, in order. */
    public List<Long> counters() throws IOException {
        List<Long> out = new ArrayList<>();
        for (byte[] b : accepted()) {
            out.addAll(TestBatches.counters(b));
        }
        return out;
    }

    @Override
    public SinkStats stats() {
        return stats;
    }

    @Override
    public String uri() {
        return "scripted:";
    }

    @Override
    public synchronized void close() {
        closes++;
        closed = true;
        notifyAll();
    }
}
