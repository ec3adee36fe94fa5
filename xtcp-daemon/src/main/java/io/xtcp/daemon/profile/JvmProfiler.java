package io.xtcp.daemon.profile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import one.profiler.AsyncProfiler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JVM's one sampling profiler, and who holds it. async-profiler runs one session per JVM, and
 * Pyroscope's agent embeds its own copy that must not run beside it; so the on-demand profile,
 * the whole-run profile and Pyroscope each {@linkplain #claim claim} it first, and whoever comes
 * second is told who holds it. The native library loads on the first claim, not before.
 *
 * <p>Owns a private working directory (mode 700) for the library copy and recordings; {@link
 * #close()} deletes it.
 */
public final class JvmProfiler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JvmProfiler.class);

    private final AtomicReference<String> holder = new AtomicReference<>();
    private Path workDir;
    private AsyncProfiler profiler;

    /** What holds the profiler now, if anything. */
    public Optional<String> holder() {
        return Optional.ofNullable(holder.get());
    }

    /** Takes the profiler for {@code who} until the claim is closed; fails at once when it is held. */
    public Claim claim(String who) throws ProfilerBusyException {
        if (!holder.compareAndSet(null, who)) {
            String h = holder.get();
            throw new ProfilerBusyException(h == null ? "a claim that just ended" : h);
        }
        return new Claim(who);
    }

    /** A private directory for recordings and agent scratch files (created on first use). */
    public synchronized Path workDir() throws IOException {
        if (workDir == null) {
            workDir = Files.createTempDirectory("xtcp-profiler-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        return workDir;
    }

    private synchronized AsyncProfiler profiler() throws IOException {
        if (profiler == null) {
            profiler = AsyncProfilerLibrary.load(workDir());
            LOG.info("async-profiler {} loaded", profiler.getVersion());
        }
        return profiler;
    }

    /** Deletes the working directory. Idempotent. */
    @Override
    public synchronized void close() {
        if (workDir == null) {
            return;
        }
        try (Stream<Path> s = Files.walk(workDir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.debug("could not delete {}: {}", workDir, e.toString());
        }
        workDir = null;
    }

    /** The profiler, held: start one JFR recording, stop it; closing stops what runs and lets go. */
    public final class Claim implements AutoCloseable {
        private final String who;
        private boolean running;
        private boolean closed;

        private Claim(String who) {
            this.who = who;
        }

        /** Holds the profiler for good without running it here (Pyroscope runs its own copy). */
        public void keep() {
            closed = true;
        }

        /** Starts sampling {@code event} into a JFR recording at {@code jfr} (a path without commas). */
        public synchronized void start(ProfileEvent event, Path jfr) throws IOException {
            if (closed || running) {
                throw new IllegalStateException("claim " + (closed ? "closed" : "already recording"));
            }
            String file = jfr.toAbsolutePath().toString();
            if (file.contains(",")) {
                throw new IllegalArgumentException("recording path must not contain ',': " + file);
            }
            try {
                profiler().execute("start,jfr,event=" + event.profilerEvent() + ",file=" + file);
            } catch (IllegalStateException e) {
                // someone started async-profiler outside xtcp (asprof, -agentpath)
                throw new IOException("async-profiler refused to start: " + e.getMessage(), e);
            }
            running = true;
        }

        /** Stops sampling and completes the recording. */
        public synchronized void stop() throws IOException {
            if (!running) {
                return;
            }
            running = false;
            try {
                profiler().execute("stop");
            } catch (IllegalStateException e) {
                throw new IOException("async-profiler stop failed: " + e.getMessage(), e);
            }
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            try {
                stop();
            } catch (IOException | RuntimeException e) {
                LOG.warn("stopping the profiler for {} failed: {}", who, e.toString());
            }
            closed = true;
            holder.compareAndSet(who, null);
        }
    }
}
