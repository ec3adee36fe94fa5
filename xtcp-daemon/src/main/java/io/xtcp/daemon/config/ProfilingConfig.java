package io.xtcp.daemon.config;

import io.xtcp.dest.Redaction;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Profiling settings: a profile of the whole run written at exit, and continuous profiling to
 * Pyroscope. Both need the JVM's one sampling profiler, so they exclude each other (and each
 * makes {@code /debug/profile} answer 409).
 *
 * @param profileMode            off, cpu, alloc, live (the heap in use), lock or wall
 * @param profileOut             the file written at exit; its extension picks the format
 *                               (.jfr, .pb.gz/.pprof, .html, .collapsed); null when off
 * @param pyroscopeUrl           the Pyroscope server; null or blank leaves the agent to
 *                               PYROSCOPE_SERVER_ADDRESS, and without either there is no agent
 * @param pyroscopeApp           application name; null leaves it to PYROSCOPE_APPLICATION_NAME, else xtcp
 * @param pyroscopeEvent         comma list: one of cpu, itimer, wall, and optionally alloc and lock; null
 *                               leaves it to the agent's PYROSCOPE_PROFILER_* variables
 * @param pyroscopeUploadInterval time between uploads; null leaves it to PYROSCOPE_UPLOAD_INTERVAL
 * @param pyroscopeSampleRate    samples per second (xtcp2's -pyroscopeSampleHz); null leaves it to
 *                               PYROSCOPE_PROFILING_INTERVAL, else the agent's 10 ms (100 Hz)
 */
public record ProfilingConfig(String profileMode, Path profileOut, String pyroscopeUrl, String pyroscopeApp,
        String pyroscopeEvent, Duration pyroscopeUploadInterval, Integer pyroscopeSampleRate) {
    /** The most --pyroscope-sample-rate takes: one sample per 100 µs. */
    public static final int MAX_SAMPLE_RATE = 10_000;
    public static final List<String> PROFILE_MODES = List.of("off", "cpu", "alloc", "live", "lock", "wall");
    public static final List<String> PROFILE_SUFFIXES = List.of(".jfr", ".pb.gz", ".pprof", ".html", ".collapsed");
    static final List<String> PYROSCOPE_SAMPLERS = List.of("cpu", "itimer", "wall");

    /** With the agent's sample rate. */
    public ProfilingConfig(String profileMode, Path profileOut, String pyroscopeUrl, String pyroscopeApp, String pyroscopeEvent,
            Duration pyroscopeUploadInterval) {
        this(profileMode, profileOut, pyroscopeUrl, pyroscopeApp, pyroscopeEvent, pyroscopeUploadInterval, null);
    }

    /** Nothing on. */
    public static ProfilingConfig none() {
        return new ProfilingConfig("off", null, null, null, null, null, null);
    }

    public boolean profileRun() {
        return !"off".equals(profileMode);
    }

    public boolean pyroscopeUrlGiven() {
        return pyroscopeUrl != null && !pyroscopeUrl.isBlank();
    }

    /** The --pyroscope-event list, lower-cased; empty when not given. */
    public List<String> pyroscopeEvents() {
        List<String> out = new ArrayList<>();
        if (pyroscopeEvent != null) {
            for (String s : pyroscopeEvent.split(",")) {
                if (!s.isBlank()) {
                    out.add(s.strip().toLowerCase(Locale.ROOT));
                }
            }
        }
        return out;
    }

    /** Problems, each naming its flag. */
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        if (!PROFILE_MODES.contains(profileMode)) {
            p.add("--profile-mode must be one of " + String.join(", ", PROFILE_MODES) + ", got '" + SettingText.shown(profileMode) + "'");
        } else if (profileRun() && profileOut == null) {
            p.add("--profile-mode " + profileMode + " needs --profile-out FILE (the recording's name, ending in " + String.join(", ", PROFILE_SUFFIXES) + ")");
        } else if (!profileRun() && profileOut != null) {
            p.add("--profile-out needs --profile-mode cpu, alloc, live, lock or wall");
        }
        if (profileOut != null && suffixOf(profileOut) == null) {
            p.add("--profile-out " + SettingText.shown(profileOut.toString()) + ": the name must end in " + String.join(", ", PROFILE_SUFFIXES)
                    + " (the format follows the extension)");
        }
        if (profileOut != null) {
            XtcpConfig.text(p, "--profile-out", profileOut.toString(), SettingText.MAX_PATH);
        }
        if (pyroscopeUrl != null) {
            XtcpConfig.text(p, "--pyroscope-url", pyroscopeUrl, SettingText.MAX_TEXT);
        }
        if (pyroscopeEvent != null) {
            XtcpConfig.text(p, "--pyroscope-event", pyroscopeEvent, SettingText.MAX_LABEL);
        }
        if (pyroscopeUploadInterval != null && pyroscopeUploadInterval.compareTo(Duration.ofHours(1)) > 0) {
            p.add("--pyroscope-upload-interval must be at most 1h, got " + DurationConverter.format(pyroscopeUploadInterval));
        }
        if (pyroscopeApp != null && pyroscopeApp.length() > 100) {
            p.add("--pyroscope-app is " + pyroscopeApp.length() + " characters long, above the 100 allowed");
        }
        if (pyroscopeUrlGiven()) {
            try {
                URI u = new URI(pyroscopeUrl.strip());
                if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
                    p.add("--pyroscope-url must be an http:// or https:// URL with a host, got '" + SettingText.shown("--pyroscope-url", pyroscopeUrl) + "'");
                }
            } catch (java.net.URISyntaxException e) {
                p.add("--pyroscope-url is not a URL: " + SettingText.shown(e.getReason()));
            }
            if (profileRun()) {
                p.add("--profile-mode and --pyroscope-url both need the JVM's one sampling profiler; use one of them");
            }
        }
        if (pyroscopeApp != null && (pyroscopeApp.isBlank() || !pyroscopeApp.matches("[A-Za-z0-9._\\-]+"))) {
            p.add("--pyroscope-app must be letters, digits, '.', '_' or '-', got '" + SettingText.shown(pyroscopeApp) + "'");
        }
        List<String> events = pyroscopeEvents();
        int samplers = 0;
        for (String e : events) {
            if (PYROSCOPE_SAMPLERS.contains(e)) {
                samplers++;
            } else if (!e.equals("alloc") && !e.equals("lock")) {
                p.add("--pyroscope-event takes cpu, itimer or wall, plus alloc and lock; got '" + SettingText.shown(e) + "'");
            }
        }
        if (pyroscopeSampleRate != null && (pyroscopeSampleRate < 1 || pyroscopeSampleRate > MAX_SAMPLE_RATE)) {
            p.add("--pyroscope-sample-rate must be between 1 and " + MAX_SAMPLE_RATE + " (samples per second), got " + pyroscopeSampleRate);
        }
        if (samplers > 1) {
            p.add("--pyroscope-event takes one of cpu, itimer, wall; got '" + SettingText.shown(pyroscopeEvent) + "'");
        }
        if (pyroscopeUploadInterval != null && pyroscopeUploadInterval.compareTo(Duration.ofSeconds(1)) < 0) {
            p.add("--pyroscope-upload-interval must be at least 1s, got " + DurationConverter.format(pyroscopeUploadInterval));
        }
        return p;
    }

    /** The extension of a --profile-out name that picks its format, or null. */
    public static String suffixOf(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        for (String s : PROFILE_SUFFIXES) {
            if (name.endsWith(s) && name.length() > s.length()) {
                return s;
            }
        }
        return null;
    }

    /** For the start-up log. */
    public String describe() {
        StringBuilder sb = new StringBuilder("profile-mode=").append(profileMode);
        if (profileRun()) {
            sb.append(" profile-out=").append(profileOut);
        }
        if (pyroscopeUrlGiven()) {
            sb.append(" pyroscope-url=").append(withoutUserInfo(pyroscopeUrl))
                    .append(" pyroscope-app=").append(pyroscopeApp == null ? "(default)" : pyroscopeApp)
                    .append(" pyroscope-event=").append(pyroscopeEvent == null ? "(default)" : pyroscopeEvent)
                    .append(" pyroscope-sample-rate=").append(pyroscopeSampleRate == null ? "(default)" : pyroscopeSampleRate + "Hz")
                    .append(" pyroscope-upload-interval=")
                    .append(pyroscopeUploadInterval == null ? "(default)" : DurationConverter.format(pyroscopeUploadInterval));
        }
        return sb.toString();
    }

    /** A URL without user:password@, for logs ({@link Redaction#url}). */
    public static String withoutUserInfo(String url) {
        return Redaction.url(url);
    }
}
