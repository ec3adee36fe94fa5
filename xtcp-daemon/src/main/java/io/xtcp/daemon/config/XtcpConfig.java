package io.xtcp.daemon.config;

import io.xtcp.core.netlink.DumpRequest;
import io.xtcp.dest.marshal.MarshalFormat;
import io.xtcp.dest.pipeline.OverflowPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import io.xtcp.dest.Redaction;

/**
 * The daemon's whole configuration: one immutable, validated value built from flags, the
 * environment, the config file and defaults, and passed by constructor to what needs it. Choices
 * are typed ({@code request}, {@code marshal}, {@code overflow}, {@code log-format} and
 * {@code http-auth}): their converters ({@link RequestConverter}, {@link MarshalConverter},
 * {@link OverflowConverter}, {@link LogFormat.Converter}, {@link HttpAuth.Converter}) read them once,
 * from whichever of the three places gave them, and refuse a bad one naming it.
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
        DumpRequest.Mode request,
        String dest,
        Map<String, String> destOptions,
        MarshalFormat marshal,
        List<String> columns,
        int envelopeMaxRows,
        long envelopeMaxBytes,
        int queueMaxEnvelopes,
        long queueMaxBytes,
        Duration queueMaxWait,
        Duration sinkStaleAfter,
        OverflowPolicy overflow,
        Path spoolDir,
        long spoolMaxBytes,
        long oldGenHeadroom,
        String hostname,
        String label,
        String tag,
        String location,
        LogFormat logFormat,
        String logLevel,
        HttpConfig http,
        boolean metricsNetnsLabels,
        ProfilingConfig profiling,
        String filter) {

    /** The shortest --poll-interval and --netns-reconcile: a shorter one is a busy loop, not a schedule. */
    public static final Duration MIN_INTERVAL = Duration.ofMillis(100);
    /** The longest duration any setting takes. */
    public static final Duration MAX_DURATION = Duration.ofDays(1);

    /** The longest --poll-timeout when none is given. */
    public static final Duration DEFAULT_POLL_TIMEOUT = Duration.ofSeconds(8);

    /**
     * The --poll-timeout used when no flag, variable or file key gives one: the smaller of 8s and
     * 80 % of the interval, so that any valid --poll-interval alone makes a valid configuration.
     */
    public static Duration defaultPollTimeout(Duration pollInterval) {
        Duration share = Duration.ofMillis(Math.max(1, pollInterval.toMillis() * 4 / 5));
        return share.compareTo(DEFAULT_POLL_TIMEOUT) < 0 ? share : DEFAULT_POLL_TIMEOUT;
    }

    /** Checks relations between values; each problem is one message naming the flag. */
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        if (pollInterval.compareTo(MIN_INTERVAL) < 0 || pollInterval.compareTo(MAX_DURATION) > 0) {
            p.add("--poll-interval must be between 100ms and 24h, got " + DurationConverter.format(pollInterval));
        }
        if (pollTimeout.isNegative() || pollTimeout.isZero()) {
            p.add("--poll-timeout must be positive, got " + DurationConverter.format(pollTimeout));
        } else if (pollTimeout.compareTo(pollInterval) >= 0) {
            p.add("--poll-timeout (" + DurationConverter.format(pollTimeout) + ") must be below --poll-interval ("
                    + DurationConverter.format(pollInterval) + "): set --poll-timeout "
                    + DurationConverter.format(defaultPollTimeout(pollInterval)) + " or less, or leave it unset");
        }
        if (!(pollJitter >= 0 && pollJitter < 0.5)) { // NaN too: the scheduler's nextDouble would throw at its first tick
            p.add("--poll-jitter must be a fraction in [0, 0.5), got " + pollJitter);
        }
        if (startupJitter.isNegative() || startupJitter.compareTo(MAX_DURATION) > 0) {
            p.add("--startup-jitter must be between 0s and 24h, got " + DurationConverter.format(startupJitter));
        }
        if (pollThreads < 1 || pollThreads > 64) {
            p.add("--poll-threads must be between 1 and 64, got " + pollThreads);
        }
        if (maxPolls < 0) {
            p.add("--max-polls must be 0 (no limit) or more, got " + maxPolls);
        }
        if (reconcileInterval.compareTo(MIN_INTERVAL) < 0 || reconcileInterval.compareTo(MAX_DURATION) > 0) {
            p.add("--netns-reconcile must be between 100ms and 24h, got " + DurationConverter.format(reconcileInterval));
        }
        if (envelopeMaxRows < 1 || envelopeMaxRows > 1_000_000) {
            p.add("--envelope-max-rows must be between 1 and 1000000, got " + envelopeMaxRows);
        }
        if (envelopeMaxBytes < 1024 || envelopeMaxBytes > 64L << 20) {
            p.add("--envelope-max-bytes must be between 1KiB and 64MiB, got " + envelopeMaxBytes);
        }
        if (queueMaxEnvelopes < 1 || queueMaxEnvelopes > 100_000) {
            p.add("--queue-max-envelopes must be between 1 and 100000, got " + queueMaxEnvelopes);
        }
        if (queueMaxBytes > MAX_BYTES) {
            p.add("--queue-max-bytes must be at most 64GiB, got " + SizeConverter.format(queueMaxBytes));
        }
        if (sinkStaleAfter.isNegative() || sinkStaleAfter.isZero() || sinkStaleAfter.compareTo(MAX_DURATION) > 0) {
            p.add("--sink-stale-after must be positive and at most 24h, got " + DurationConverter.format(sinkStaleAfter));
        }
        if (queueMaxWait.isNegative() || queueMaxWait.compareTo(Duration.ofHours(1)) > 0) {
            p.add("--queue-max-wait must be between 0s and 1h, got " + DurationConverter.format(queueMaxWait));
        }
        if (spoolMaxBytes > (1L << 40)) {
            p.add("--spool-max-bytes must be at most 1TiB, got " + SizeConverter.format(spoolMaxBytes));
        }
        if (queueMaxBytes < envelopeMaxBytes) {
            p.add("--queue-max-bytes (" + queueMaxBytes + ") must hold at least one envelope (--envelope-max-bytes " + envelopeMaxBytes
                    + "): raise --queue-max-bytes to " + SizeConverter.format(envelopeMaxBytes) + " or more, or lower --envelope-max-bytes");
        }
        if (overflow == OverflowPolicy.SPOOL && spoolMaxBytes < envelopeMaxBytes) {
            p.add("--spool-max-bytes (" + SizeConverter.format(spoolMaxBytes) + ") must hold at least one envelope (--envelope-max-bytes "
                    + SizeConverter.format(envelopeMaxBytes) + "): raise it, or lower --envelope-max-bytes");
        }
        if (oldGenHeadroom < 0 || oldGenHeadroom > MAX_BYTES) {
            p.add("--old-gen-headroom must be between 0 (off) and 64GiB, got " + oldGenHeadroom);
        }
        if (!List.of("trace", "debug", "info", "warn", "error").contains(logLevel.toLowerCase(Locale.ROOT))) {
            p.add("--log-level must be trace, debug, info, warn or error, got '" + SettingText.shown(logLevel) + "'");
        }
        text(p, "--hostname", hostname, SettingText.MAX_NAME);
        if (hostname.isBlank()) {
            p.add("--hostname must not be blank");
        }
        text(p, "--label", label, SettingText.MAX_LABEL);
        text(p, "--tag", tag, SettingText.MAX_LABEL);
        text(p, "--location", location, SettingText.MAX_NAME);
        text(p, "--dest", dest, SettingText.MAX_TEXT);
        text(p, "--netns", String.join(",", netns), SettingText.MAX_TEXT);
        text(p, "--netns-exclude", String.join(",", netnsExclude), SettingText.MAX_TEXT);
        for (String d : netnsDirs) {
            text(p, "--netns-dirs", d, SettingText.MAX_PATH);
        }
        text(p, "--columns", String.join(",", columns), SettingText.MAX_TEXT);
        destOptions.forEach((k, v) -> {
            String why = SettingText.problem(k + "=" + v, SettingText.MAX_TEXT);
            if (!why.isEmpty()) {
                p.add("--dest-opt " + SettingText.shown(k) + " " + why);
            }
        });
        text(p, "--spool-dir", spoolDir.toString(), SettingText.MAX_PATH);
        text(p, "--filter", filter, SettingText.MAX_TEXT);
        p.addAll(http.problems());
        p.addAll(profiling.problems());
        return p;
    }

    /** The largest byte size the queue and the old-generation headroom take. */
    static final long MAX_BYTES = 64L << 30;

    /** Adds a problem when {@code value} is too long or holds a control character. */
    public static void text(List<String> p, String flag, String value, int max) {
        String why = SettingText.problem(value, max);
        if (!why.isEmpty()) {
            p.add(flag + " " + why);
        }
    }

    /** One line per setting for the start-up log, with secret option values hidden. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        Map<String, String> opts = new TreeMap<>(Redaction.options(destOptions));
        sb.append("poll-interval=").append(DurationConverter.format(pollInterval))
                .append(" poll-jitter=").append(pollJitter)
                .append(" poll-timeout=").append(DurationConverter.format(pollTimeout))
                .append(" startup-jitter=").append(DurationConverter.format(startupJitter))
                .append(" poll-threads=").append(pollThreads)
                .append(" netns=").append(String.join(",", netns))
                .append(" netns-exclude=").append(String.join(",", netnsExclude))
                .append(" states=0x").append(Integer.toHexString(states))
                .append(" filter=").append(filter.isEmpty() ? "none" : "'" + filter + "'")
                .append(" decoders=").append(decoders)
                .append(" request=").append(RequestConverter.format(request))
                .append(" dest=").append(Redaction.url(dest))
                .append(" dest-opt=").append(opts)
                .append(" marshal=").append(marshal.flagName())
                .append(" envelope-max-rows=").append(envelopeMaxRows)
                .append(" envelope-max-bytes=").append(envelopeMaxBytes)
                .append(" queue-max-envelopes=").append(queueMaxEnvelopes)
                .append(" queue-max-bytes=").append(queueMaxBytes)
                .append(" queue-max-wait=").append(DurationConverter.format(queueMaxWait))
                .append(" sink-stale-after=").append(DurationConverter.format(sinkStaleAfter))
                .append(" overflow=").append(overflow.flagName());
        if (overflow == OverflowPolicy.SPOOL) {
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
}
