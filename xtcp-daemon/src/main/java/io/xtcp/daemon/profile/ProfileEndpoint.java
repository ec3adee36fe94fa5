package io.xtcp.daemon.profile;

import io.xtcp.daemon.http.DebugEndpoint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /debug/profile?event=cpu|alloc|lock|wall&seconds=N&format=jfr|pprof|flamegraph|collapsed}:
 * samples the running daemon for N seconds (1–300, default 30; cpu and pprof by default) and
 * answers the profile. One at a time: while the profiler is held — by another request, the
 * whole-run profile or Pyroscope — the answer is 409 naming the holder. Runs on the side server's
 * debug threads, so the request waits the N seconds without blocking anything else. A client that
 * disconnects stops its profile at once: the profiler is let go for the next request.
 */
public final class ProfileEndpoint implements DebugEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(ProfileEndpoint.class);

    private final JvmProfiler profiler;

    public ProfileEndpoint(JvmProfiler profiler) {
        this.profiler = profiler;
    }

    @Override
    public Reply handle(Map<String, List<String>> query) throws IOException {
        ProfileRequest req;
        try {
            req = ProfileRequest.parse(query);
        } catch (IllegalArgumentException e) {
            return Reply.error(400, e.getMessage());
        }
        String who = "an on-demand profile (/debug/profile event=" + req.event().id() + " for " + req.seconds() + " s, since "
                + Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + ")";
        try (JvmProfiler.Claim claim = profiler.claim(who)) {
            return record(claim, req);
        } catch (ProfilerBusyException e) {
            return Reply.error(409, "the profiler is busy: it is held by " + e.holder()
                    + "; /debug/profile runs one profile at a time and not beside --profile-mode or Pyroscope");
        }
    }

    private Reply record(JvmProfiler.Claim claim, ProfileRequest req) throws IOException {
        Path jfr = Files.createTempFile(profiler.workDir(), "debug-profile-", ".jfr");
        try {
            try {
                claim.start(req.event(), jfr);
            } catch (IOException e) {
                return Reply.error(503, "profiler unavailable: " + e.getMessage());
            }
            LOG.info("profiling {} for {} s ({})", req.event().id(), req.seconds(), req.format().id());
            try {
                Thread.sleep(req.seconds() * 1000L);
            } catch (InterruptedException e) {
                // the client went away (the side server cancels its request) or the server is closing
                Thread.currentThread().interrupt();
                LOG.info("profile of {} stopped early: its client went away or the side server is closing", req.event().id());
                return Reply.error(503, "the profile was stopped: its client went away or the side server is closing");
            }
            claim.stop();
            ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
            ProfileConverter.convert(jfr, req.event(), req.format(), "xtcp " + req.event().id() + " " + req.seconds() + " s", out);
            return new Reply(200, req.format().contentType(), out.toByteArray());
        } finally {
            Files.deleteIfExists(jfr);
        }
    }
}
