package io.xtcp.daemon.http;

import io.xtcp.core.record.DecodedRecord;
import io.xtcp.daemon.http.DaemonView.DaemonStatus;
import io.xtcp.daemon.http.DaemonView.NamespaceInfo;
import io.xtcp.daemon.http.DaemonView.SinkStatus;
import io.xtcp.daemon.http.QueryParams.BadRequest;
import io.xtcp.daemon.snapshot.PollFeed;
import io.xtcp.daemon.snapshot.PollSnapshot;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The JSON endpoints under /api: each turns a checked query into a reply. Runs on the event loop. */
final class ApiRoutes {
    /** One endpoint, for the /api listing. */
    record Endpoint(String method, String path, String description, List<String> params) {}

    static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("GET", "/metrics", "Prometheus metrics: text format 0.0.4, or OpenMetrics when Accept asks for application/openmetrics-text", List.of()),
            new Endpoint("GET", "/healthz", "Liveness: 200 ok while the scheduler and poll workers are alive and not stuck and no destination is dead, else 503 with the reason", List.of()),
            new Endpoint("GET", "/readyz", "Readiness: 200 while live, a poll succeeded within poll-interval x 2 + poll-timeout and every destination delivers, else 503 with the reason", List.of()),
            new Endpoint("GET", "/api", "This list", List.of("page", "per_page")),
            new Endpoint("GET", "/api/status", "Host, version, uptime, poll counters, last poll, sockets, namespaces, destinations, drops", List.of()),
            new Endpoint("GET", "/api/namespaces", "Namespaces being polled", List.of("page", "per_page")),
            new Endpoint("GET", "/api/sockets", "Sockets of the last poll as JSON records, filtered and sorted (largest first); "
                    + "after 5 idle minutes the first request waits for the next poll",
                    List.of("netns", "state", "port", "sort", "limit")),
            new Endpoint("GET", "/api/summary", "Sockets of the last poll counted per state, namespace and congestion algorithm", List.of()),
            new Endpoint("POST", "/api/poll", "Run one extra poll now; at most one per --poll-min-gap, requests within it are served by "
                    + "the last or pending one (\"coalesced\": true)", List.of()),
            new Endpoint("GET", "/stream", "WebSocket: send {\"type\":\"subscribe\",\"filter\":{\"netns\":[],\"states\":[],\"ports\":[]}}; "
                    + "receives the matching records after every poll", List.of()),
            new Endpoint("GET", "/", "Live dashboard (HTML): namespaces, sockets per state, top sockets, poll duration; refreshes every second "
                    + "from /api/*", List.of()),
            new Endpoint("GET", "/debug/*", "Diagnostics registered by the daemon: /debug/profile (event, seconds, format), /debug/threads",
                    List.of()));

    static final int MAX_SOCKETS_LIMIT = PollSnapshot.DEFAULT_MAX_RECORDS;
    private static final Set<String> PAGING = Set.of("page", "per_page");

    private final DaemonView daemon;
    private final PollFeed feed;
    private final AccessPolicy access;
    private final PollGate polls;

    ApiRoutes(DaemonView daemon, PollFeed feed, AccessPolicy access, PollGate polls) {
        this.daemon = daemon;
        this.feed = feed;
        this.access = access;
        this.polls = polls;
    }

    /** The reply for a GET of {@code path} under /api, or null when there is no such endpoint. */
    HttpReply get(String path, QueryParams q) {
        switch (path) {
            case "/api":
            case "/api/":
                return index(q);
            case "/api/status":
                q.allow(Set.of());
                return status();
            case "/api/namespaces":
                return namespaces(q);
            case "/api/sockets":
                return sockets(socketsQuery(q));
            case "/api/summary":
                q.allow(Set.of());
                return summary();
            default:
                return null;
        }
    }

    HttpReply poll(QueryParams q) {
        q.allow(Set.of());
        PollGate.Outcome o = polls.request();
        JsonWriter w = new JsonWriter().beginObject().field("triggered", o.triggered());
        if (!o.triggered()) {
            w.field("coalesced", true).field("reason", o.reason());
            if (o.retryAfterMillis() > 0) {
                w.field("retry_after_ms", o.retryAfterMillis());
            }
        }
        return HttpReply.json(202, w.endObject().builder());
    }

    private static int[] paging(QueryParams q) {
        q.allow(PAGING);
        int page = q.intValue("page", 1, 1, 1_000_000);
        int perPage = q.intValue("per_page", 50, 1, 500);
        return new int[] {page, perPage};
    }

    private static void pageFields(JsonWriter w, int page, int perPage, int total) {
        w.field("page", page).field("per_page", perPage).field("total", total).field("pages", (total + perPage - 1) / perPage);
    }

    private HttpReply index(QueryParams q) {
        int[] p = paging(q);
        JsonWriter w = new JsonWriter().beginObject();
        pageFields(w, p[0], p[1], ENDPOINTS.size());
        w.name("endpoints").beginArray();
        long from = (long) (p[0] - 1) * p[1];
        for (long i = from; i < Math.min(ENDPOINTS.size(), from + p[1]); i++) {
            Endpoint e = ENDPOINTS.get((int) i);
            w.beginObject().field("method", e.method()).field("path", e.path()).field("description", e.description())
                    .field("auth", access.requirement(e.path().replace("*", "x")));
            w.name("params").beginArray();
            for (String s : e.params()) {
                w.value(s);
            }
            w.endArray().endObject();
        }
        return HttpReply.json(200, w.endArray().endObject().builder());
    }

    private HttpReply status() {
        DaemonStatus s = daemon.status();
        PollSnapshot snap = feed.latest();
        long now = System.currentTimeMillis();
        JsonWriter w = new JsonWriter().beginObject();
        w.field("host", s.host()).field("version", s.version());
        time(w, "started", s.startedMillis());
        w.field("uptime_seconds", Math.max(0, now - s.startedMillis()) / 1000.0);
        w.name("polls").beginObject().field("ok", s.pollsOk()).field("error", s.pollsError()).field("timeout", s.pollsTimeout())
                .field("total", s.pollsOk() + s.pollsError() + s.pollsTimeout()).field("skipped_ticks", s.skippedTicks())
                .field("triggered", s.triggeredPolls()).endObject();
        w.name("last_poll").beginObject();
        time(w, "time", s.lastPollMillis());
        w.field("duration_seconds", s.lastPollDurationNanos() / 1e9);
        time(w, "last_success", s.lastSuccessMillis());
        w.field("sockets", s.socketsLastPoll()).endObject();
        w.field("namespaces", s.namespacesActive());
        long queue = 0;
        w.name("sinks").beginArray();
        for (SinkStatus k : s.sinks()) {
            queue += k.queueEnvelopes();
            w.beginObject().field("dest", k.scheme()).field("accepting", k.accepting()).field("queue_envelopes", k.queueEnvelopes())
                    .field("queue_bytes", k.queueBytes()).field("envelopes_sent", k.envelopesSent()).field("bytes_sent", k.bytesSent())
                    .field("spool_bytes", k.spoolBytes()).endObject();
        }
        w.endArray();
        w.field("queue_depth", queue).field("dropped_records", s.droppedRecords()).field("stream_clients", s.streamClients());
        io.xtcp.daemon.run.Verdict r = daemon.readiness();
        w.name("ready").beginObject().field("ready", r.ok()).field("reason", r.reason()).endObject();
        w.name("netns_unmatched").beginArray();
        for (String n : daemon.netnsUnmatched()) {
            w.value(n);
        }
        w.endArray();
        io.xtcp.daemon.run.Verdict l = daemon.liveness();
        w.name("live").beginObject().field("live", l.ok()).field("reason", l.reason()).endObject();
        w.name("snapshot").beginObject().field("poll", snap.seq()).field("records", snap.total()).field("kept", snap.size())
                .field("recorded", snap.recorded()).field("recording", feed.wanted()).endObject();
        return HttpReply.json(200, w.endObject().builder());
    }

    private HttpReply namespaces(QueryParams q) {
        int[] p = paging(q);
        List<NamespaceInfo> all = daemon.namespaces();
        JsonWriter w = new JsonWriter().beginObject();
        pageFields(w, p[0], p[1], all.size());
        w.name("namespaces").beginArray();
        long from = (long) (p[0] - 1) * p[1];
        for (long i = from; i < Math.min(all.size(), from + p[1]); i++) {
            NamespaceInfo n = all.get((int) i);
            w.beginObject().field("name", n.name()).field("inode", n.inode()).field("source", n.source())
                    .field("sockets_last_poll", n.socketsLastPoll()).field("last_error", n.lastError()).endObject();
        }
        return HttpReply.json(200, w.endArray().endObject().builder());
    }

    /** A checked /api/sockets query. */
    record SocketsQuery(SocketFilter filter, PollSnapshot.Sort sort, int limit) {}

    /** Checks an /api/sockets query; {@link BadRequest} says what is wrong with it. */
    SocketsQuery socketsQuery(QueryParams q) {
        q.allow(Set.of("netns", "state", "port", "sort", "limit"));
        SocketFilter filter;
        try {
            filter = SocketFilter.of(q.all("netns"), q.all("state"), q.all("port"));
        } catch (IllegalArgumentException e) {
            throw new BadRequest(e.getMessage());
        }
        String sortText = q.one("sort");
        PollSnapshot.Sort sort;
        try {
            sort = sortText == null ? null : PollSnapshot.Sort.parse(sortText);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(QueryParams.clip(e.getMessage()));
        }
        int limit = q.intValue("limit", 100, 1, MAX_SOCKETS_LIMIT);
        return new SocketsQuery(filter, sort, limit);
    }

    /** The feed the snapshots come from (/api/sockets asks it for records and waits on it). */
    PollFeed feed() {
        return feed;
    }

    /** The sockets of the latest poll that match {@code q}. */
    HttpReply sockets(SocketsQuery q) {
        PollSnapshot snap = feed.acquire();
        try {
            return sockets(snap, q.filter(), q.sort(), q.limit());
        } finally {
            snap.release();
        }
    }

    private static HttpReply sockets(PollSnapshot snap, SocketFilter filter, PollSnapshot.Sort sort, int limit) {
        int[] picked = snap.select(filter, sort, limit);
        JsonWriter w = new JsonWriter(new StringBuilder(256 + picked.length * 900)).beginObject();
        w.field("poll", snap.seq());
        time(w, "time", snap.timeMillis());
        w.field("total", snap.total()).field("kept", snap.size()).field("truncated", snap.truncated())
                .field("recorded", snap.recorded());
        w.name("filter");
        filter.describe(w);
        w.field("sort", sort == null ? null : sort.name().toLowerCase(java.util.Locale.ROOT)).field("limit", limit)
                .field("count", picked.length);
        w.name("sockets").beginArray();
        StringBuilder one = new StringBuilder(1024);
        DecodedRecord scratch = new DecodedRecord();
        for (int i : picked) {
            one.setLength(0);
            snap.appendJson(i, scratch, one);
            w.raw(one);
        }
        return HttpReply.json(200, w.endArray().endObject().builder());
    }

    private HttpReply summary() {
        PollSnapshot snap = feed.latest();
        JsonWriter w = new JsonWriter().beginObject().field("poll", snap.seq());
        time(w, "time", snap.timeMillis());
        w.field("total", snap.total());
        counts(w, "by_state", snap.byState());
        counts(w, "by_netns", snap.byNetns());
        counts(w, "by_congestion", snap.byCongestion());
        return HttpReply.json(200, w.endObject().builder());
    }

    private static void counts(JsonWriter w, String name, Map<String, Long> m) {
        w.name(name).beginObject();
        for (Map.Entry<String, Long> e : m.entrySet()) {
            w.field(e.getKey(), e.getValue());
        }
        w.endObject();
    }

    private static void time(JsonWriter w, String name, long millis) {
        w.field(name, millis == 0 ? null : Instant.ofEpochMilli(millis).toString());
    }
}
