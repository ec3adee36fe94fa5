package io.xtcp.daemon.cli;

import io.xtcp.core.netlink.DumpRequest;
import io.xtcp.core.netlink.TcpState;
import io.xtcp.core.record.Decoder;
import io.xtcp.daemon.config.DurationConverter;
import io.xtcp.daemon.config.HttpAuth;
import io.xtcp.daemon.config.HttpConfig;
import io.xtcp.daemon.config.LogFormat;
import io.xtcp.daemon.config.MarshalConverter;
import io.xtcp.daemon.config.OverflowConverter;
import io.xtcp.daemon.config.ProfilingConfig;
import io.xtcp.daemon.config.RequestConverter;
import io.xtcp.daemon.config.SettingText;
import io.xtcp.daemon.config.SizeConverter;
import io.xtcp.daemon.config.ValueOrigins;
import io.xtcp.daemon.config.XtcpConfig;
import io.xtcp.daemon.netns.NamespaceDiscovery;
import io.xtcp.daemon.poll.KernelFilter;
import io.xtcp.dest.marshal.MarshalFormat;
import io.xtcp.dest.pipeline.OverflowPolicy;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Every flag of {@code xtcp run}. Each is declared once; its environment variable
 * ({@code XTCP_POLL_INTERVAL}) and config-file key ({@code poll-interval}) follow from its name.
 */
final class RunOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "Config file of 'key = value' lines; keys are the flag names without '--'.")
    Path config;

    @Option(names = "--poll-interval", defaultValue = "10s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Time between polls (default: ${DEFAULT-VALUE}).")
    Duration pollInterval;

    @Option(names = "--poll-jitter", defaultValue = "0.1", paramLabel = "FRACTION",
            description = "Each tick moves by up to ± this fraction of the interval, so a fleet does not poll in lockstep (default: ${DEFAULT-VALUE}).")
    double pollJitter;

    /** Null when no source gives it: then {@link XtcpConfig#defaultPollTimeout} of the interval. */
    @Option(names = "--poll-timeout", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Deadline of one poll of every namespace; must be below the interval "
                    + "(default: the smaller of 8s and 80% of --poll-interval).")
    Duration pollTimeout;

    @Option(names = "--startup-jitter", defaultValue = "0s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Wait a random time up to this before the first poll (default: ${DEFAULT-VALUE}).")
    Duration startupJitter;

    @Option(names = "--poll-threads", defaultValue = "2", paramLabel = "N",
            description = "Platform threads polling namespaces in parallel (default: ${DEFAULT-VALUE}).")
    int pollThreads;

    @Option(names = "--max-polls", defaultValue = "0", paramLabel = "N",
            description = "Exit after N scheduled polls; 0 runs until SIGTERM (default: ${DEFAULT-VALUE}).")
    long maxPolls;

    @Option(names = "--netns", defaultValue = "all", split = ",", paramLabel = "SELECTOR",
            description = "Namespaces to poll: all, self, host (the host's), or names/globs (default: ${DEFAULT-VALUE}).")
    List<String> netns;

    @Option(names = "--netns-exclude", defaultValue = "", split = ",", paramLabel = "GLOB",
            description = "Namespaces to leave out, by name glob.")
    List<String> netnsExclude;

    @Option(names = "--netns-dirs", defaultValue = NamespaceDiscovery.DEFAULT_DIRS_FLAG, split = ",", paramLabel = "DIR",
            description = "Folders of namespace bind mounts to watch; /proc among them scans /proc/PID/ns/net of every process "
                    + "(CAP_SYS_PTRACE for other users' processes: xtcp caps) (default: ${DEFAULT-VALUE}).")
    List<String> netnsDirs;

    @Option(names = "--netns-reconcile", defaultValue = "30s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Full rescan of /proc and the bind-mount folders, the safety net for missed events (default: ${DEFAULT-VALUE}).")
    Duration netnsReconcile;

    @Option(names = "--states", defaultValue = "all", paramLabel = "LIST",
            description = "TCP states to poll: all, connected, established, listen, ... or a hex mask (default: ${DEFAULT-VALUE}).")
    String states;

    @Option(names = "--filter", defaultValue = "", paramLabel = "EXPR",
            description = "Poll only the sockets this ss-style filter matches, filtered in the kernel: sport/dport = != < <= > >= PORT, "
                    + "src/dst ADDR[/LEN][:PORT] ([::1]:80), dev NAME, mark = V/M, cgroup PATH, and/or/not, ( ) (docs/filters.md).")
    String filter;

    @Option(names = "--decoders", defaultValue = "all", paramLabel = "LIST",
            description = "Attributes to request and decode: all, or info, cong, meminfo, skmem, ccinfo, tos, tclass, shutdown, cgroup, sockopt, mark.")
    String decoders;

    @Option(names = "--request", defaultValue = "legacy", converter = RequestConverter.class, paramLabel = "MODE",
            description = "legacy (one walk for IPv4 and IPv6) or by-family (default: ${DEFAULT-VALUE}).")
    DumpRequest.Mode request;

    @Option(names = "--dest", defaultValue = "stdout:", paramLabel = "URI",
            description = "Destination: udp://host:port, kafka://broker:9092[,broker2:9092]/topic, file:///path, stdout:, null: (default: ${DEFAULT-VALUE}).")
    String dest;

    @Option(names = "--dest-opt", split = ",", paramLabel = "KEY=VALUE",
            description = "Destination option, passed through (Kafka keeps its own names: acks=all, linger.ms=5). Repeatable.")
    Map<String, String> destOptions = new LinkedHashMap<>();

    /** Null for {@code auto}: chosen by {@link MarshalConverter#auto} once --dest is known. */
    @Option(names = "--marshal", defaultValue = MarshalConverter.AUTO, converter = MarshalConverter.class, paramLabel = "FORMAT",
            description = "protobufList, jsonl, csv, tsv or protoJson; auto = jsonl for stdout:, protobufList otherwise (default: ${DEFAULT-VALUE}).")
    MarshalFormat marshal;

    @Option(names = "--columns", split = ",", paramLabel = "FIELD", description = "Columns for csv/tsv (schema field names).")
    List<String> columns = new ArrayList<>();

    @Option(names = "--envelope-max-rows", defaultValue = "10000", paramLabel = "N",
            description = "Records per envelope at most (default: ${DEFAULT-VALUE}).")
    int envelopeMaxRows;

    @Option(names = "--envelope-max-bytes", defaultValue = "768KiB", converter = SizeConverter.class, paramLabel = "SIZE",
            description = "Envelope size at most; the UDP destination lowers it to fit a datagram (default: ${DEFAULT-VALUE}).")
    long envelopeMaxBytes;

    @Option(names = "--queue-max-envelopes", defaultValue = "64", paramLabel = "N",
            description = "Envelopes held between poller and destination; --queue-max-bytes bounds them too, so this "
                    + "matters for small envelopes, such as UDP datagrams (default: ${DEFAULT-VALUE}).")
    int queueMaxEnvelopes;

    @Option(names = "--queue-max-bytes", defaultValue = "32MiB", converter = SizeConverter.class, paramLabel = "SIZE",
            description = "Bytes held between poller and destination (default: ${DEFAULT-VALUE}).")
    long queueMaxBytes;

    @Option(names = "--queue-max-wait", defaultValue = "1s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "How long a poller waits for room in a full queue before --overflow applies (not under spool); "
                    + "0s never waits. After a wait in vain it does not wait again until the destination takes an envelope "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration queueMaxWait;

    @Option(names = "--sink-stale-after", defaultValue = "30s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "How long a destination may go without a confirmed delivery while it has data to send before it "
                    + "counts as stale and the daemon as not ready (default: ${DEFAULT-VALUE}).")
    Duration sinkStaleAfter;

    @Option(names = "--overflow", defaultValue = "drop-oldest", converter = OverflowConverter.class, paramLabel = "POLICY",
            description = "When the queue is full: drop-oldest, drop-newest or spool (to --spool-dir) (default: ${DEFAULT-VALUE}).")
    OverflowPolicy overflow;

    @Option(names = "--spool-dir", defaultValue = "/var/lib/xtcp/spool", paramLabel = "DIR",
            description = "Where --overflow spool keeps envelopes until the destination recovers (default: ${DEFAULT-VALUE}).")
    Path spoolDir;

    @Option(names = "--spool-max-bytes", defaultValue = "1GiB", converter = SizeConverter.class, paramLabel = "SIZE",
            description = "Spool size at most; beyond it the oldest spooled envelopes are dropped and counted (default: ${DEFAULT-VALUE}).")
    long spoolMaxBytes;

    @Option(names = "--old-gen-headroom", defaultValue = "24MiB", converter = SizeConverter.class, paramLabel = "SIZE",
            description = "With the serial collector (the launcher's), collect the old generation once it holds this much more than "
                    + "the last full collection left live, at most once a second; JDK 23 and later otherwise let it grow to -Xmx "
                    + "first. 0 leaves it to the JVM (default: ${DEFAULT-VALUE}).")
    long oldGenHeadroom;

    @Option(names = "--hostname", paramLabel = "NAME", description = "Hostname in every record (default: this host's).")
    String hostname;

    @Option(names = "--label", defaultValue = "", paramLabel = "TEXT", description = "Free text in every record.")
    String label;

    @Option(names = "--tag", defaultValue = "", paramLabel = "TEXT", description = "Free text in every record.")
    String tag;

    @Option(names = "--location", defaultValue = "", paramLabel = "TEXT", description = "Site or rack, in every record.")
    String location;

    @Option(names = "--log-format", defaultValue = "text", converter = LogFormat.Converter.class, paramLabel = "FORMAT",
            description = "text or json (one object per line for log shippers) (default: ${DEFAULT-VALUE}).")
    LogFormat logFormat;

    @Option(names = "--log-level", defaultValue = "info", paramLabel = "LEVEL", description = "trace, debug, info, warn, error (default: ${DEFAULT-VALUE}).")
    String logLevel;

    @Option(names = "--http-listen", defaultValue = "127.0.0.1:9088", paramLabel = "HOST:PORT",
            description = "Side server for metrics and health; ':PORT' binds every interface (a token is then needed for /api, "
                    + "/stream, /debug); 'off' disables it (default: ${DEFAULT-VALUE}).")
    String httpListen;

    // --- obs: HTTP side server and metrics ---
    @Option(names = "--http-token-file", paramLabel = "FILE",
            description = "Bearer token (the file's content, at least 16 characters) guarding /api/poll, /stream and /debug/* "
                    + "(on a non-loopback --http-listen every /api path too); without it those are refused off loopback.")
    Path httpTokenFile;

    @Option(names = "--http-auth", defaultValue = "protected", converter = HttpAuth.Converter.class, paramLabel = "MODE",
            description = "On loopback, protected: the token guards /api/poll, /stream, /debug/*; all: also /api/* (never /metrics, "
                    + "/healthz, /readyz). Off loopback the token guards /api/* in either mode (default: ${DEFAULT-VALUE}).")
    HttpAuth httpAuth;

    @Option(names = "--http-max-connections", defaultValue = "64", paramLabel = "N",
            description = "Open side-server connections at most; more are answered 503 (default: ${DEFAULT-VALUE}).")
    int httpMaxConnections;

    @Option(names = "--http-snapshot-records", defaultValue = "10000", paramLabel = "N",
            description = "Records of the last poll the side server keeps for /api/sockets and /stream; its counts cover every "
                    + "record whatever this is. Two sets are held (the latest poll and the next), ~300 bytes a record, and only "
                    + "while records are asked for (5 minutes after the last /api/sockets request, while a /stream client is "
                    + "connected); 0 keeps counts only (default: ${DEFAULT-VALUE}).")
    int httpSnapshotRecords;

    @Option(names = "--http-idle-timeout", defaultValue = "60s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Close side-server connections idle this long (default: ${DEFAULT-VALUE}).")
    Duration httpIdleTimeout;

    @Option(names = "--http-allow-origin", split = ",", paramLabel = "ORIGIN",
            description = "Origins (scheme://host[:port]) besides the side server's own that may open /stream and POST; "
                    + "repeatable or comma-separated (default: none).")
    List<String> httpAllowOrigin = new java.util.ArrayList<>();

    @Option(names = "--http-allow-host", split = ",", paramLabel = "NAME",
            description = "Host names besides the bound address (and localhost on loopback) the side server answers to in Host; "
                    + "IP literals need none. Repeatable or comma-separated (default: none).")
    List<String> httpAllowHost = new java.util.ArrayList<>();

    @Option(names = "--http-header-timeout", defaultValue = "5s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "A request's head (and its body) must arrive within this from its first byte, however it trickles; "
                    + "else 408 and closed (default: ${DEFAULT-VALUE}).")
    Duration httpHeaderTimeout;

    @Option(names = "--http-max-connections-per-ip", defaultValue = "16", paramLabel = "N",
            description = "Open side-server connections from one client address at most; more are answered 429 (default: ${DEFAULT-VALUE}).")
    int httpMaxConnectionsPerIp;

    @Option(names = "--poll-min-gap", defaultValue = "1s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "At most one extra poll (POST /api/poll) per this much time; requests within it are served by the "
                    + "last or pending one (default: ${DEFAULT-VALUE}).")
    Duration pollMinGap;

    @Option(names = "--metrics-listen", defaultValue = "off", paramLabel = "HOST:PORT",
            description = "A second listener serving only /metrics, /healthz and /readyz, e.g. on the pod IP or ':9090' (every "
                    + "interface) while --http-listen stays on loopback; 'off' disables it (default: ${DEFAULT-VALUE}).")
    String metricsListen;

    @Option(names = "--metrics-path", defaultValue = "/metrics", paramLabel = "PATH",
            description = "Where both listeners also serve the Prometheus text, like xtcp2's -promPath; /metrics always answers "
                    + "(default: ${DEFAULT-VALUE}).")
    String metricsPath;

    @Option(names = "--metrics-netns-labels", defaultValue = "false", paramLabel = "BOOL", arity = "0..1",
            description = "Add per-namespace series (label netns); one series per namespace, so off by default (default: ${DEFAULT-VALUE}).")
    boolean metricsNetnsLabels;
    // --- /obs ---

    // --- prof: profiling (docs/http.md, /debug/profile) ---
    @Option(names = "--profile-mode", defaultValue = "off", paramLabel = "EVENT",
            description = "Profile the whole run with async-profiler: off, cpu, alloc, live (heap in use), lock or wall; written to --profile-out at exit "
                    + "(default: ${DEFAULT-VALUE}).")
    String profileMode;

    @Option(names = "--profile-out", paramLabel = "FILE",
            description = "Where --profile-mode writes; the extension picks the format: .jfr, .pb.gz or .pprof (pprof), .html (flame graph), "
                    + ".collapsed (folded stacks).")
    Path profileOut;

    @Option(names = "--pyroscope-url", paramLabel = "URL",
            description = "Start the Pyroscope agent and push profiles there (PYROSCOPE_SERVER_ADDRESS, then xtcp2's PYROSCOPE_URL, "
                    + "also work; the agent's other PYROSCOPE_* variables apply). Without a URL there is no agent.")
    String pyroscopeUrl;

    @Option(names = "--pyroscope-app", paramLabel = "NAME",
            description = "Pyroscope application name (default: PYROSCOPE_APPLICATION_NAME, then xtcp2's PYROSCOPE_APP_NAME, else xtcp). Labels host and location come "
                    + "from --hostname and --location.")
    String pyroscopeApp;

    @Option(names = "--pyroscope-event", paramLabel = "LIST",
            description = "What Pyroscope samples: cpu, itimer or wall, plus alloc and/or lock, e.g. cpu,alloc "
                    + "(default: the agent's PYROSCOPE_PROFILER_* variables, else itimer).")
    String pyroscopeEvent;

    @Option(names = "--pyroscope-sample-rate", paramLabel = "HZ",
            description = "Pyroscope samples per second, 1..10000, like xtcp2's -pyroscopeSampleHz (default: "
                    + "PYROSCOPE_PROFILING_INTERVAL, else 100).")
    Integer pyroscopeSampleRate;

    @Option(names = "--pyroscope-upload-interval", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Time between Pyroscope uploads (default: PYROSCOPE_UPLOAD_INTERVAL, else 10s).")
    Duration pyroscopeUploadInterval;
    // --- /prof ---

    /** Builds and validates the configuration; every problem is a UsageException (exit 2). */
    XtcpConfig toConfig() {
        return toConfig(null);
    }

    /**
     * Builds and validates the configuration; every problem is a UsageException (exit 2), one line
     * naming each refused value and where it came from when {@code origins} is given.
     */
    XtcpConfig toConfig(ValueOrigins origins) {
        List<String> problems = new ArrayList<>();
        int mask = 0;
        XtcpConfig.text(problems, "--states", states, SettingText.MAX_LABEL * 10);
        XtcpConfig.text(problems, "--decoders", decoders, SettingText.MAX_LABEL * 10);
        if (problems.isEmpty()) {
            try {
                mask = TcpState.parseMask(states);
            } catch (IllegalArgumentException e) {
                problems.add("--states: " + e.getMessage());
            }
            try {
                if (Decoder.parse(decoders).isEmpty()) {
                    problems.add("--decoders: empty; write all or a list such as info,cong");
                }
            } catch (IllegalArgumentException e) {
                problems.add("--decoders: " + e.getMessage());
            }
        }
        String filterText = filter == null ? "" : filter.strip();
        if (!filterText.isEmpty() && SettingText.problem(filterText, SettingText.MAX_TEXT).isEmpty()) {
            String why = KernelFilter.problem(filterText);
            if (why != null) {
                problems.add("--filter: " + why);
            }
        }
        String host = hostname;
        if (host == null || host.isBlank()) {
            host = localHostname();
        }
        MarshalFormat m = marshal != null ? marshal : MarshalConverter.auto(dest);
        Duration timeout = pollTimeout != null ? pollTimeout : XtcpConfig.defaultPollTimeout(pollInterval);
        XtcpConfig c = new XtcpConfig(pollInterval, pollJitter, timeout, startupJitter, pollThreads, maxPolls,
                clean(netns), clean(netnsExclude), clean(netnsDirs), netnsReconcile, mask, decoders, request, dest,
                Map.copyOf(destOptions), m, List.copyOf(columns), envelopeMaxRows, envelopeMaxBytes, queueMaxEnvelopes,
                queueMaxBytes, queueMaxWait, sinkStaleAfter, overflow, spoolDir, spoolMaxBytes, oldGenHeadroom, host, label, tag, location, logFormat, logLevel,
                new HttpConfig(httpListen, httpTokenFile, httpAuth, httpMaxConnections, httpIdleTimeout, httpSnapshotRecords,
                        clean(httpAllowOrigin), clean(httpAllowHost), httpHeaderTimeout, httpMaxConnectionsPerIp, pollMinGap, metricsListen, metricsPath), metricsNetnsLabels,
                new ProfilingConfig(profileMode, profileOut, pyroscopeUrl, pyroscopeApp, pyroscopeEvent, pyroscopeUploadInterval,
                        pyroscopeSampleRate),
                filterText);
        problems.addAll(c.problems());
        try {
            if (SettingText.problem(dest, SettingText.MAX_TEXT).isEmpty()) { // else refused as text, not echoed raw
                io.xtcp.dest.Destinations.check(dest, destOptions);
            }
        } catch (io.xtcp.dest.DestinationOptionException e) {
            problems.add("--dest-opt: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            problems.add("--dest: " + e.getMessage());
        }
        try {
            io.xtcp.dest.marshal.Marshallers.of(m, columns);
        } catch (IllegalArgumentException e) {
            problems.add("--columns: " + e.getMessage());
        }
        if (!problems.isEmpty()) {
            List<String> lines = new ArrayList<>();
            for (String p : problems) {
                lines.add(origins == null ? p : origins.refusal(p));
            }
            throw new UsageException(String.join("; ", lines));
        }
        return c;
    }

    private static List<String> clean(List<String> l) {
        List<String> out = new ArrayList<>();
        for (String s : l) {
            if (!s.isBlank()) {
                out.add(s.strip());
            }
        }
        return List.copyOf(out);
    }

    static String localHostname() {
        try {
            String h = new String(java.nio.file.Files.readAllBytes(Path.of("/proc/sys/kernel/hostname"))).strip();
            if (!h.isEmpty()) {
                return h;
            }
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "localhost";
        }
    }
}
