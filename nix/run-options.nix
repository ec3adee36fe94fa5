# One NixOS option per `xtcp run` flag, named as the flag without "--" (the same key the
# daemon's --config file takes). null leaves the daemon's own default, which `xtcp run --help`
# prints. tests/ checks these names and list-ness against the daemon's flags.
{ lib }:

let
  inherit (lib) mkOption types;
  opt = type: description: mkOption {
    type = types.nullOr type;
    default = null;
    inherit description;
  };
  duration = types.str // { description = "duration such as 10s, 500ms, 2m"; };
  size = types.either types.ints.unsigned types.str // { description = "size in bytes or with a unit: 768KiB, 64MiB, 1GiB"; };
in
{
  "poll-interval" = opt duration "Time between polls.";
  "poll-jitter" = opt types.float "Each tick moves by up to ± this fraction of the interval, in [0, 0.5).";
  "poll-timeout" = opt duration "Deadline of one poll of every namespace; below the interval.";
  "startup-jitter" = opt duration "Wait a random time up to this before the first poll.";
  "poll-threads" = opt (types.ints.between 1 64) "Platform threads polling namespaces in parallel.";
  "max-polls" = opt types.ints.unsigned "Exit after N scheduled polls; 0 runs until stopped.";

  "netns" = opt (types.listOf types.str) "Namespaces to poll: all, self, or names/globs.";
  "netns-exclude" = opt (types.listOf types.str) "Namespaces to leave out, by name glob.";
  "netns-dirs" = opt (types.listOf types.str) "Folders of namespace bind mounts to watch; /proc among them scans /proc/PID/ns/net (CAP_SYS_PTRACE).";
  "netns-reconcile" = opt duration "Full rescan of /proc and the bind-mount folders.";

  "states" = opt types.str "TCP states to poll: all, connected, established, listen, ... or a hex mask.";
  "decoders" = opt types.str "Attributes to request and decode: all, or info,cong,meminfo,skmem,ccinfo,tos,tclass,shutdown,cgroup,sockopt,mark.";
  "request" = opt (types.enum [ "legacy" "by-family" ]) "One inet_diag walk for both families, or one per family.";
  "filter" = opt types.str "Only the sockets this ss-style filter expression matches, filtered by the kernel (docs/filters.md).";

  "dest" = opt types.str "Destination: udp://host:port, kafka://broker:9092/topic, file:///path, stdout:, null:.";
  "dest-opt" = opt (types.attrsOf types.str) "Destination options, passed through (Kafka keeps its own names: acks, linger.ms).";
  "marshal" = opt (types.enum [ "auto" "protobufList" "jsonl" "csv" "tsv" "protoJson" ]) "Record format on the wire.";
  "columns" = opt (types.listOf types.str) "Columns for csv/tsv (schema field names).";
  "envelope-max-rows" = opt types.ints.positive "Records per envelope at most.";
  "envelope-max-bytes" = opt size "Envelope size at most.";
  "queue-max-envelopes" = opt types.ints.positive "Envelopes held between poller and destination.";
  "queue-max-bytes" = opt size "Bytes held between poller and destination.";
  "queue-max-wait" = opt duration "How long a poller waits for room in a full queue before the overflow policy applies.";
  "sink-stale-after" = opt duration "How long a destination may go without a confirmed delivery while it has data to send before the daemon is not ready.";
  "overflow" = opt (types.enum [ "drop-oldest" "drop-newest" "spool" ]) "What to do when the queue is full.";
  "spool-dir" = opt types.str "Where --overflow spool keeps envelopes; the unit's state directory is /var/lib/xtcp.";
  "spool-max-bytes" = opt size "Spool size at most.";
  "old-gen-headroom" = opt size "Collect the serial collector's old generation once it holds this much beyond the last full collection's live data; 0 = the JVM decides.";

  "hostname" = opt types.str "Hostname in every record (default: this host's).";
  "label" = opt types.str "Free text in every record.";
  "tag" = opt types.str "Free text in every record.";
  "location" = opt types.str "Site or rack, in every record.";

  "log-format" = opt (types.enum [ "text" "json" ]) "Log lines as text or one JSON object per line.";
  "log-level" = opt (types.enum [ "trace" "debug" "info" "warn" "error" ]) "Log level.";
  "http-listen" = opt types.str "HOST:PORT of the metrics and health server (/metrics, /healthz, /readyz), or off.";
  "http-auth" = opt (types.enum [ "protected" "all" ]) "On loopback, protected: the token guards /api/poll, /stream, /debug/*; all: also /api/*. Off loopback /api/* needs it in either mode.";
  "http-token-file" = opt types.str "File holding the bearer token (at least 16 characters) for the guarded endpoints.";
  "http-max-connections" = opt types.ints.positive "Open side-server connections at most; more are answered 503.";
  "http-idle-timeout" = opt duration "Close side-server connections idle this long.";
  "http-snapshot-records" = opt (types.ints.between 0 100000) "Records of the last poll kept for /api/sockets and /stream, while they are asked for; 0 keeps counts only.";
  "http-allow-origin" = opt (types.listOf types.str) "Origins (scheme://host[:port]) besides the side server's own that may open /stream and POST.";
  "http-allow-host" = opt (types.listOf types.str) "Host names besides the bound address (and localhost on loopback) the side server answers to.";
  "http-header-timeout" = opt duration "A request's head (and body) must arrive within this from its first byte; else 408.";
  "http-max-connections-per-ip" = opt types.ints.positive "Open side-server connections from one client address at most; more are answered 429.";
  "poll-min-gap" = opt duration "At most one extra poll (POST /api/poll) per this much time; others are served by it.";
  "metrics-listen" = opt types.str "HOST:PORT of a second listener serving only /metrics, /healthz, /readyz, or off.";
  "metrics-path" = opt types.str "Where both listeners also serve the Prometheus text; /metrics always answers.";
  "metrics-netns-labels" = opt types.bool "Add per-namespace series (label netns); one series per namespace.";

  "profile-mode" = opt (types.enum [ "off" "cpu" "alloc" "lock" "wall" ]) "Profile the whole run with async-profiler, written to profile-out at exit.";
  "profile-out" = opt types.str "Where profile-mode writes; the extension picks the format (.jfr, .pb.gz, .pprof, .html, .collapsed).";
  "pyroscope-url" = opt types.str "Start the Pyroscope agent and push profiles to this server.";
  "pyroscope-app" = opt types.str "Pyroscope application name.";
  "pyroscope-event" = opt types.str "What Pyroscope samples: cpu, itimer or wall, plus alloc and/or lock.";
  "pyroscope-sample-rate" = opt (types.ints.between 1 10000) "Pyroscope samples per second (the agent's default: 100).";
  "pyroscope-upload-interval" = opt duration "Time between Pyroscope uploads.";
}
