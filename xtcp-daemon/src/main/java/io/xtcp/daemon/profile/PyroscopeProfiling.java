package io.xtcp.daemon.profile;

import io.pyroscope.javaagent.PyroscopeAgent;
import io.pyroscope.javaagent.api.Logger.Level;
import io.pyroscope.javaagent.config.Config;
import io.xtcp.daemon.config.ProfilingConfig;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Continuous profiling: the Pyroscope Java agent, started in-process with {@link
 * PyroscopeAgent#start(PyroscopeAgent.Options)}. Its settings are the agent's own PYROSCOPE_*
 * environment variables (and xtcp2's PYROSCOPE_URL and PYROSCOPE_APP_NAME, {@link PyroscopeEnvAliases}),
 * overridden by the xtcp flags that are given (--pyroscope-url, --pyroscope-app, --pyroscope-event,
 * --pyroscope-sample-rate, --pyroscope-upload-interval); labels host and location come
 * from --hostname and --location. No server address, no agent. The agent embeds its own
 * async-profiler, so it {@linkplain JvmProfiler.Claim#keep() keeps} the JVM's profiler claimed
 * while it runs. Its log goes to SLF4J.
 */
public final class PyroscopeProfiling implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PyroscopeProfiling.class);
    static final String DEFAULT_APP = "xtcp";
    static final String ALLOC_THRESHOLD = "512k";
    static final String LOCK_THRESHOLD = "10ms";

    private final Config config;
    private boolean closed;

    private PyroscopeProfiling(Config config) {
        this.config = config;
    }

    /**
     * The agent's configuration: PYROSCOPE_* from {@code env}, overridden by the flags; empty when
     * there is no server address or PYROSCOPE_AGENT_ENABLED is false.
     */
    static Optional<Config> configure(ProfilingConfig c, String host, String location, Map<String, String> env, String tmpDir) {
        Map<String, String> values = new HashMap<>();
        env.forEach((k, v) -> {
            if (k.startsWith("PYROSCOPE_")) {
                values.put(k, v);
            }
        });
        for (String note : PyroscopeEnvAliases.apply(c, env, values)) {
            LOG.warn("{}", note);
        }
        if (c.pyroscopeUrlGiven()) {
            values.put("PYROSCOPE_SERVER_ADDRESS", c.pyroscopeUrl().strip());
        }
        String server = values.get("PYROSCOPE_SERVER_ADDRESS");
        if (server == null || server.isBlank()) {
            return Optional.empty();
        }
        if (c.pyroscopeApp() != null) {
            values.put("PYROSCOPE_APPLICATION_NAME", c.pyroscopeApp());
        }
        values.putIfAbsent("PYROSCOPE_APPLICATION_NAME", DEFAULT_APP);
        for (String e : c.pyroscopeEvents()) {
            switch (e) {
                case "alloc":
                    values.putIfAbsent("PYROSCOPE_PROFILER_ALLOC", ALLOC_THRESHOLD);
                    break;
                case "lock":
                    values.putIfAbsent("PYROSCOPE_PROFILER_LOCK", LOCK_THRESHOLD);
                    break;
                default:
                    values.put("PYROSCOPE_PROFILER_EVENT", e);
            }
        }
        if (c.pyroscopeSampleRate() != null) {
            values.put("PYROSCOPE_PROFILING_INTERVAL", Math.max(1, 1_000_000 / c.pyroscopeSampleRate()) + "us");
        }
        if (c.pyroscopeUploadInterval() != null) {
            values.put("PYROSCOPE_UPLOAD_INTERVAL", c.pyroscopeUploadInterval().toMillis() + "ms");
        }
        Config base = Config.build(values::get);
        if (!base.agentEnabled) {
            LOG.info("Pyroscope is configured but PYROSCOPE_AGENT_ENABLED=false: no agent");
            return Optional.empty();
        }
        Map<String, String> labels = new LinkedHashMap<>(base.labels);
        labels.putIfAbsent("host", host);
        if (location != null && !location.isBlank()) {
            labels.putIfAbsent("location", location);
        }
        return Optional.of(base.newBuilder().setLabels(labels).setTmpDir(tmpDir).build());
    }

    /**
     * Starts the agent when configured. The profiler stays claimed while the agent runs; when it
     * is already held (by --profile-mode) the agent is not started and a warning says why.
     */
    public static Optional<PyroscopeProfiling> start(ProfilingConfig c, String host, String location, Map<String, String> env,
            JvmProfiler profiler) throws IOException {
        Optional<Config> config = configure(c, host, location, env, profiler.workDir().toString());
        if (config.isEmpty()) {
            return Optional.empty();
        }
        Config cfg = config.get();
        String where = ProfilingConfig.withoutUserInfo(cfg.serverAddress);
        JvmProfiler.Claim claim;
        try {
            claim = profiler.claim("Pyroscope continuous profiling (pushing to " + where + ")");
        } catch (ProfilerBusyException e) {
            LOG.warn("Pyroscope not started: the JVM's profiler is held by {}", e.holder());
            return Optional.empty();
        }
        PyroscopeAgent.start(new PyroscopeAgent.Options.Builder(cfg).setLogger(PyroscopeProfiling::log).build());
        if (!PyroscopeAgent.isStarted()) {
            claim.close();
            LOG.warn("the Pyroscope agent did not start (see its messages above)");
            return Optional.empty();
        }
        claim.keep();
        LOG.info("Pyroscope agent pushing {} profiles of app '{}' labels {} to {} every {} ms", cfg.profilingEvent.id,
                cfg.applicationName, cfg.labels, where, cfg.uploadInterval.toMillis());
        return Optional.of(new PyroscopeProfiling(cfg));
    }

    public Config config() {
        return config;
    }

    /** Stops the agent (it uploads what it holds). Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            PyroscopeAgent.stop();
        } catch (RuntimeException e) {
            LOG.warn("stopping the Pyroscope agent failed: {}", e.toString());
        }
    }

    private static void log(Level level, String format, Object... args) {
        if (format.startsWith("Config:")) {
            return; // the agent's whole config, credentials included
        }
        String msg;
        try {
            msg = args == null || args.length == 0 ? format : String.format(format, args);
        } catch (java.util.IllegalFormatException e) {
            msg = format;
        }
        switch (level) {
            case ERROR:
                LOG.error("pyroscope: {}", msg);
                break;
            case WARN:
                LOG.warn("pyroscope: {}", msg);
                break;
            case INFO:
                LOG.info("pyroscope: {}", msg);
                break;
            default:
                LOG.debug("pyroscope: {}", msg);
        }
    }
}
