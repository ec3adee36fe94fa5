package io.xtcp.daemon.profile;

import io.xtcp.daemon.http.DebugEndpoint;
import io.xtcp.daemon.http.HttpSideServer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Go's {@code /debug/pprof/*} paths, for xtcp2 users and {@code go tool pprof}: each is a
 * {@link ProfileEndpoint} with its event fixed and the format pprof (gzip'd profile.proto), taking
 * Go's {@code seconds} parameter only. The JVM has no goroutines and no instant heap dump in pprof
 * form, so each path maps to the nearest async-profiler event:
 * <ul>
 * <li>{@code profile}: cpu for {@code seconds} (default 30, as Go);</li>
 * <li>{@code heap}: the heap in use (live: allocation samples of objects still alive at the end) over
 *     {@code seconds} (default 10);</li>
 * <li>{@code allocs}: every allocation sample (alloc) for {@code seconds} (default 10);</li>
 * <li>{@code block}, {@code mutex}: contended monitors and locks (lock) for {@code seconds} (default 10);</li>
 * <li>{@code goroutine}, {@code threadcreate}: the thread dump of /debug/threads (text);</li>
 * <li>{@code /debug/pprof/}: this list, as text.</li>
 * </ul>
 * Same access rules as every /debug/ path (the token), one profile at a time (409 naming the holder).
 */
public final class PprofEndpoints {
    /** The paths with a profiling event, and their default seconds. */
    static final Map<String, Object[]> PROFILES = new LinkedHashMap<>();

    static {
        PROFILES.put("profile", new Object[] {ProfileEvent.CPU, 30});
        PROFILES.put("heap", new Object[] {ProfileEvent.LIVE, 10});
        PROFILES.put("allocs", new Object[] {ProfileEvent.ALLOC, 10});
        PROFILES.put("block", new Object[] {ProfileEvent.LOCK, 10});
        PROFILES.put("mutex", new Object[] {ProfileEvent.LOCK, 10});
    }

    static final String PREFIX = "/debug/pprof/";

    private PprofEndpoints() {
    }

    /** Registers every /debug/pprof/ path on {@code server}; call before it starts. */
    public static HttpSideServer register(HttpSideServer server, ProfileEndpoint profile, ThreadDumpEndpoint threads) {
        StringBuilder index = new StringBuilder("xtcp /debug/pprof/ (the JVM's nearest equivalents; see docs/http.md)\n");
        for (Map.Entry<String, Object[]> e : PROFILES.entrySet()) {
            ProfileEvent event = (ProfileEvent) e.getValue()[0];
            int seconds = (Integer) e.getValue()[1];
            server.debug(PREFIX + e.getKey(), fixed(profile, event, seconds));
            index.append(PREFIX).append(e.getKey()).append("?seconds=N  async-profiler ").append(event.id()).append(", ")
                    .append(seconds).append(" s by default, gzip'd pprof\n");
        }
        for (String t : List.of("goroutine", "threadcreate")) {
            server.debug(PREFIX + t, threads);
            index.append(PREFIX).append(t).append("  the thread dump of /debug/threads (text)\n");
        }
        byte[] text = index.toString().getBytes(StandardCharsets.UTF_8);
        DebugEndpoint list = q -> new DebugEndpoint.Reply(200, "text/plain; charset=utf-8", text);
        server.debug(PREFIX, list);
        server.debug("/debug/pprof", list);
        return server;
    }

    /** {@code profile} with {@code event} and pprof fixed; only {@code seconds} is taken from the query. */
    static DebugEndpoint fixed(ProfileEndpoint profile, ProfileEvent event, int defaultSeconds) {
        return query -> {
            for (String k : query.keySet()) {
                if (!k.equals("seconds")) {
                    return DebugEndpoint.Reply.error(400, "unknown parameter '" + ProfileEvent.clip(k) + "'; /debug/pprof/ paths take seconds "
                            + "(for other events and formats use /debug/profile)");
                }
            }
            Map<String, List<String>> q = new LinkedHashMap<>();
            q.put("event", List.of(event.id()));
            q.put("format", List.of(ProfileFormat.PPROF.id()));
            q.put("seconds", query.getOrDefault("seconds", List.of(String.valueOf(defaultSeconds))));
            return profile.handle(q);
        };
    }
}
