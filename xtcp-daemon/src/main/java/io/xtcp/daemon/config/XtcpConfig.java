package io.xtcp.daemon.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The daemon's whole configuration: one immutable, validated value built from flags, the
 * environment, the config file and defaults, and passed by constructor to what needs it.
 */
public record XtcpConfig(
        Duration pollInterval,
        double pollJitter,
        Duration pollTimeout,
        Duration startupJitter,
        int pollThreads,
        long maxPolls,
        List<String> netns,
        List<String> netnsExclude,
        List<String> netnsDirs,
        Duration reconcileInterval,
        int states,
        String decoders,
        String request,
        String dest,
        Map<String, String> destOptions,
        String marshal,
        List<String> columns,
        int envelopeMaxRows,
        long envelopeMaxBytes,
        int queueMaxEnvelopes,
        long queueMaxBytes,
        Duration queueMaxWait,
        Duration sinkStaleAfter,
        String overflow,
        Path spoolDir,
        long spoolMaxBytes,
        long oldGenHeadroom,
        String hostname,
        String label,
        String tag,
        String location,
        String logFormat,
        String logLevel,
        HttpConfig http,
        boolean metricsNetnsLabels,
        ProfilingConfig profiling) {

    /** Option keys whose values are never logged. */
    private static final List<String> SECRET_WORDS = List.of("password", "secret", "token", "jaas", "credential", "key.password");

    /** Checks relations between values; each problem is one message naming the flag. */
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            p.add("--poll-interval must be positive, got " + DurationConverter.format(pollInterval));
        }
        if (pollTimeout.isNegative() || pollTimeout.isZero()) {
            p.add("--poll-timeout must be positive, got " + DurationConverter.format(pollTimeout));
        } else if (pollTimeout.compareTo(pollInterval) >= 0) {
            p.add("--poll-timeout (" + DurationConverter.format(pollTimeout) + ") must be below --poll-interval ("
                    + DurationConverter.format(pollInterval) + ")");
        }
        if (!(pollJitter >= 0 && pollJitter < 0.5)) { // NaN too: the scheduler's nextDouble would throw at its first tick
            p.add("--poll-jitter must be a fraction in [0, 0.5), got " + pollJitter);
        }
        if (startupJitter.isNegative()) {
            p.add("--startup-jitter must not be negative");
        }
        if (pollThreads < 1 || pollThreads > 64) {
            p.add("--poll-threads must be between 1 and 64, got " + pollThreads);
        }
        if (maxPolls < 0) {
            p.add("--max-polls must be 0 (no limit) or more, got " + maxPolls);
        }
        if (reconcileInterval.isNegative() || reconcileInterval.isZero()) {
            p.add("--netns-reconcile must be positive");
        }
        if (envelopeMaxRows < 1) {
            p.add("--envelope-max-rows must be at least 1, got " + envelopeMaxRows);
        }
        if (envelopeMaxBytes < 1024 || envelopeMaxBytes > 64L << 20) {
            p.add("--envelope-max-bytes must be between 1KiB and 64MiB, got " + envelopeMaxBytes);
        }
        if (queueMaxEnvelopes < 1) {
            p.add("--queue-max-envelopes must be at least 1, got " + queueMaxEnvelopes);
        }
        if (sinkStaleAfter.isNegative() || sinkStaleAfter.isZero()) {
            p.add("--sink-stale-after must be positive, got " + DurationConverter.format(sinkStaleAfter));
        }
        if (queueMaxWait.isNegative()) {
            p.add("--queue-max-wait must be zero or positive, got " + DurationConverter.format(queueMaxWait));
        }
        if (queueMaxBytes < envelopeMaxBytes) {
            p.add("--queue-max-bytes (" + queueMaxBytes + ") must hold at least one envelope (--envelope-max-bytes " + envelopeMaxBytes + ")");
        }
        if (!List.of("drop-oldest", "drop-newest", "spool").contains(overflow)) {
            p.add("--overflow must be drop-oldest, drop-newest or spool, got '" + overflow + "'");
        }
        if (overflow.equals("spool") && spoolMaxBytes < envelopeMaxBytes) {
            p.add("--spool-max-bytes must hold at least one envelope");
        }
        if (oldGenHeadroom < 0) {
            p.add("--old-gen-headroom must be 0 (off) or more, got " + oldGenHeadroom);
        }
        if (!List.of("legacy", "by-family").contains(request)) {
            p.add("--request must be legacy or by-family, got '" + request + "'");
        }
        if (!List.of("text", "json").contains(logFormat)) {
            p.add("--log-format must be text or json, got '" + logFormat + "'");
        }
        if (!List.of("trace", "debug", "info", "warn", "error").contains(logLevel.toLowerCase(Locale.ROOT))) {
            p.add("--log-level must be trace, debug, info, warn or error, got '" + logLevel + "'");
        }
        p.addAll(http.problems());
        p.addAll(profiling.problems());
        return p;
    }

    /** One line per setting for the start-up log, with secret option values hidden. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        Map<String, String> opts = new TreeMap<>();
        destOptions.forEach((k, v) -> opts.put(k, isSecret(k) ? "******" : v));
        sb.append("poll-interval=").append(DurationConverter.format(pollInterval))
                .append(" poll-jitter=").append(pollJitter)
                .append(" poll-timeout=").append(DurationConverter.format(pollTimeout))
                .append(" startup-jitter=").append(DurationConverter.format(startupJitter))
                .append(" poll-threads=").append(pollThreads)
                .append(" netns=").append(String.join(",", netns))
                .append(" netns-exclude=").append(String.join(",", netnsExclude))
                .append(" states=0x").append(Integer.toHexString(states))
                .append(" decoders=").append(decoders)
                .append(" request=").append(request)
                .append(" dest=").append(dest)
                .append(" dest-opt=").append(opts)
                .append(" marshal=").append(marshal)
                .append(" envelope-max-rows=").append(envelopeMaxRows)
                .append(" envelope-max-bytes=").append(envelopeMaxBytes)
                .append(" queue-max-envelopes=").append(queueMaxEnvelopes)
                .append(" queue-max-bytes=").append(queueMaxBytes)
                .append(" queue-max-wait=").append(DurationConverter.format(queueMaxWait))
                .append(" sink-stale-after=").append(DurationConverter.format(sinkStaleAfter))
                .append(" overflow=").append(overflow);
        if (overflow.equals("spool")) {
            sb.append(" spool-dir=").append(spoolDir).append(" spool-max-bytes=").append(spoolMaxBytes);
        }
        sb.append(" old-gen-headroom=").append(oldGenHeadroom)
                .append(" hostname=").append(hostname)
                .append(" label=").append(label)
                .append(" tag=").append(tag)
                .append(" location=").append(location)
                .append(' ').append(http.describe())
                .append(" metrics-netns-labels=").append(metricsNetnsLabels)
                .append(' ').append(profiling.describe());
        return sb.toString();
    }

    public static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        for (String w : SECRET_WORDS) {
            if (k.contains(w)) {
                return true;
            }
        }
        return false;
    }
}
