package io.xtcp.daemon.profile;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --profile-mode EVENT --profile-out FILE}: samples the whole run into a JFR recording and,
 * on {@link #close()} (SIGTERM, --max-polls), writes FILE in the format its extension names. The
 * file appears complete or not at all (written beside it, then renamed).
 */
public final class RunProfile implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RunProfile.class);

    private final JvmProfiler.Claim claim;
    private final ProfileEvent event;
    private final ProfileFormat format;
    private final Path recording;
    private final Path out;
    private boolean closed;

    private RunProfile(JvmProfiler.Claim claim, ProfileEvent event, ProfileFormat format, Path recording, Path out) {
        this.claim = claim;
        this.event = event;
        this.format = format;
        this.recording = recording;
        this.out = out;
    }

    /** Starts sampling; IOException when the profiler cannot start or {@code out}'s directory is missing. */
    public static RunProfile start(JvmProfiler profiler, ProfileEvent event, Path out) throws IOException, ProfilerBusyException {
        Path dir = out.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir) || !Files.isWritable(dir)) {
            throw new IOException("--profile-out " + out + ": directory " + dir + " does not exist or is not writable");
        }
        ProfileFormat format = ProfileFormat.ofFile(out);
        JvmProfiler.Claim claim = profiler.claim("the whole-run profile (--profile-mode " + event.id() + " --profile-out " + out + ")");
        try {
            Path recording = Files.createTempFile(profiler.workDir(), "run-profile-", ".jfr");
            claim.start(event, recording);
            LOG.info("profiling the whole run ({}) into {}", event.id(), out);
            return new RunProfile(claim, event, format, recording, out);
        } catch (IOException | RuntimeException e) {
            claim.close();
            throw e;
        }
    }

    /** Stops sampling and writes the file. Idempotent. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        Path part = out.resolveSibling("." + out.getFileName() + ".part");
        try {
            claim.stop();
            try (OutputStream o = Files.newOutputStream(part)) {
                ProfileConverter.convert(recording, event, format, "xtcp run, " + event.id(), o);
            }
            Files.move(part, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            LOG.info("wrote the whole-run {} profile to {} ({} bytes)", event.id(), out, Files.size(out));
        } finally {
            claim.close();
            Files.deleteIfExists(part);
            Files.deleteIfExists(recording);
        }
    }
}
