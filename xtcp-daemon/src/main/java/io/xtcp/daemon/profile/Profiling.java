package io.xtcp.daemon.profile;

import io.xtcp.daemon.config.ProfilingConfig;
import io.xtcp.daemon.http.HttpSideServer;
import java.io.IOException;
import java.util.Map;

/**
 * The daemon's profiling, in one resource: the JVM's profiler, the whole-run profile
 * (--profile-mode), the Pyroscope agent (--pyroscope-url), and the /debug/profile and
 * /debug/threads endpoints. Opened first and closed last, so the whole-run profile covers
 * start-up and shutdown and is written after everything else has closed.
 */
public final class Profiling implements AutoCloseable {
    private final JvmProfiler profiler;
    private final RunProfile run;
    private final PyroscopeProfiling pyroscope;

    private Profiling(JvmProfiler profiler, RunProfile run, PyroscopeProfiling pyroscope) {
        this.profiler = profiler;
        this.run = run;
        this.pyroscope = pyroscope;
    }

    /** Starts what {@code c} asks for; {@code env} holds the agent's PYROSCOPE_* variables. */
    public static Profiling start(ProfilingConfig c, String host, String location, Map<String, String> env) throws IOException {
        JvmProfiler profiler = new JvmProfiler();
        RunProfile run = null;
        try {
            if (c.profileRun()) {
                run = RunProfile.start(profiler, ProfileEvent.parse(c.profileMode()), c.profileOut());
            }
            PyroscopeProfiling pyroscope = PyroscopeProfiling.start(c, host, location, env, profiler).orElse(null);
            return new Profiling(profiler, run, pyroscope);
        } catch (ProfilerBusyException e) {
            profiler.close();
            throw new IllegalStateException(e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            if (run != null) {
                run.close();
            }
            profiler.close();
            throw e;
        }
    }

    /** Adds /debug/profile, /debug/threads and Go's /debug/pprof/ paths; call before {@link HttpSideServer#start()}. */
    public HttpSideServer register(HttpSideServer server) {
        ProfileEndpoint profile = new ProfileEndpoint(profiler);
        ThreadDumpEndpoint threads = new ThreadDumpEndpoint();
        server.debug("/debug/profile", profile).debug("/debug/threads", threads);
        return PprofEndpoints.register(server, profile, threads);
    }

    /** Stops Pyroscope, writes the whole-run profile, deletes scratch files. */
    @Override
    public void close() throws IOException {
        try {
            if (pyroscope != null) {
                pyroscope.close();
            }
            if (run != null) {
                run.close();
            }
        } finally {
            profiler.close();
        }
    }
}
