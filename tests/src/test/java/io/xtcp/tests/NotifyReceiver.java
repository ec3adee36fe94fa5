package io.xtcp.tests;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The service manager's end of sd_notify, played by {@code notify_receiver.py} (Python's own
 * AF_UNIX datagram socket, independent of the JNR code under test). Collects every notification
 * with its arrival time.
 */
public final class NotifyReceiver implements AutoCloseable {
    /** One datagram: its assignments and when it arrived (receiver's monotonic seconds). */
    public record Notification(double at, List<String> assignments) {
        public boolean has(String assignment) {
            return assignments.contains(assignment);
        }
    }

    private final Process process;
    private final BlockingQueue<Notification> queue = new LinkedBlockingQueue<>();
    private final List<Notification> all = new ArrayList<>();

    private NotifyReceiver(Process process) {
        this.process = process;
    }

    /** Binds {@code name} (a path or {@code @abstract}) and returns once it receives. */
    public static NotifyReceiver bind(String name) throws IOException {
        Path script = Path.of(Xtcp.root().toString(), "tests/src/test/resources/notify_receiver.py");
        Process p = new ProcessBuilder("python3", script.toString(), name).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        NotifyReceiver r = new NotifyReceiver(p);
        BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String first = in.readLine();
        if (first == null || !first.equals("bound " + name)) {
            p.destroyForcibly();
            throw new IOException("notify receiver did not bind " + name + ": " + first);
        }
        Thread t = new Thread(() -> {
            try {
                for (String line; (line = in.readLine()) != null; ) {
                    int tab = line.indexOf('\t');
                    r.queue.add(new Notification(Double.parseDouble(line.substring(0, tab)), List.of(line.substring(tab + 1).split("\\|"))));
                }
            } catch (IOException ignored) {
                // the receiver was closed
            }
        }, "notify-receiver");
        t.setDaemon(true);
        t.start();
        return r;
    }

    /** Waits for the next notification carrying {@code assignment}; null after the timeout. */
    public Notification await(String assignment, long timeoutMillis) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            long left = end - System.nanoTime();
            Notification n = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
            if (n == null) {
                return null;
            }
            all.add(n);
            if (n.has(assignment)) {
                return n;
            }
        }
    }

    /** Every notification taken from the queue so far, in order (for failure messages). */
    public List<Notification> seen() {
        return List.copyOf(all);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
