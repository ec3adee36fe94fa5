package io.xtcp.daemon.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xtcp.daemon.http.HttpSettings;
import io.xtcp.daemon.http.HttpSideServer;
import io.xtcp.daemon.metrics.XtcpMetrics;
import io.xtcp.daemon.snapshot.PollFeed;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Go's /debug/pprof/ paths on a real side server registered as the daemon registers them
 * ({@link Profiling#register}'s endpoints), profiled by the real async-profiler; profiles are read
 * back as pprof {@code Profile} messages (gunzip + protobuf, {@link PprofProfile}), as
 * {@code go tool pprof} reads them.
 */
class PprofEndpointsTest {
    private static final String TOKEN = "0123456789abcdef-pprof-token";
    static XtcpMetrics metrics;
    static JvmProfiler profiler;
    static HttpSideServer server;
    static Workload workload;

    @BeforeAll
    static void start() throws Exception {
        metrics = new XtcpMetrics("9.9.9", false);
        profiler = new JvmProfiler();
        HttpSideServer s = new HttpSideServer(HttpSettings.loopback(0).withToken(TOKEN, false), metrics, new ProfileEndpointTest.QuietDaemon(), new PollFeed());
        ProfileEndpoint profile = new ProfileEndpoint(profiler);
        server = PprofEndpoints.register(s.debug("/debug/profile", profile), profile, new ThreadDumpEndpoint()).start();
        workload = Workload.start();
    }

    @AfterAll
    static void stop() throws Exception {
        workload.close();
        server.close();
        profiler.close();
        metrics.close();
    }

    static HttpResponse<byte[]> get(String pathAndQuery, boolean withToken) throws Exception {
        return DebugClient.get(server.port(), TOKEN, pathAndQuery, withToken);
    }

    static String text(HttpResponse<byte[]> r) {
        return DebugClient.text(r);
    }

    private static PprofProfile profile(String path) throws Exception {
        HttpResponse<byte[]> r = get(path, true);
        assertEquals(200, r.statusCode(), text(r));
        assertEquals(0x1f, r.body()[0] & 0xff, "gzip'd, as go tool pprof expects");
        assertEquals(0x8b, r.body()[1] & 0xff);
        PprofProfile p = PprofProfile.parse(r.body());
        assertTrue(!p.sampleTypes.isEmpty(), path + ": sample_type");
        assertTrue(!p.samples.isEmpty() && p.total() > 0, path + ": samples " + p.samples.size());
        return p;
    }

    private static String sampleType(PprofProfile p) {
        return p.strings.get((int) p.sampleTypes.get(0)[0]) + "/" + p.strings.get((int) p.sampleTypes.get(0)[1]);
    }

    @Test
    void profileIsACpuProfile() throws Exception {
        PprofProfile p = profile("/debug/pprof/profile?seconds=2");
        assertTrue(sampleType(p).toLowerCase().matches(".*(cpu|samples|nanoseconds).*"), sampleType(p));
        assertTrue(p.totalWithFrame("Workload.burnCpu") > 0, "the busy method is in the stacks");
    }

    @Test
    void heapAndAllocsAreAllocationProfiles() throws Exception {
        for (String path : new String[] {"/debug/pprof/heap?seconds=1", "/debug/pprof/allocs?seconds=1"}) {
            PprofProfile p = profile(path);
            assertTrue(sampleType(p).toLowerCase().matches(".*(alloc|bytes|space|objects).*"), path + " " + sampleType(p));
        }
    }

    /** The heap-in-use mode on its own: /debug/profile?event=live, and --profile-mode live is accepted. */
    @Test
    void liveIsTheHeapInUse() throws Exception {
        PprofProfile p = profile("/debug/profile?event=live&seconds=1&format=pprof");
        assertTrue(sampleType(p).toLowerCase().matches(".*(alloc|bytes|space|objects|live).*"), sampleType(p));
        assertTrue(new io.xtcp.daemon.config.ProfilingConfig("live", java.nio.file.Path.of("/tmp/x.pb.gz"), null, null, null, null)
                .problems().isEmpty());
    }

    @Test
    void goroutineIsTheThreadDumpAndTheIndexListsThePaths() throws Exception {
        HttpResponse<byte[]> g = get("/debug/pprof/goroutine", true);
        assertEquals(200, g.statusCode());
        assertTrue(text(g).contains("\"xtcp-http-debug"), text(g));
        HttpResponse<byte[]> index = get("/debug/pprof/", true);
        assertEquals(200, index.statusCode());
        for (String p : new String[] {"profile", "heap", "allocs", "block", "mutex", "goroutine"}) {
            assertTrue(text(index).contains("/debug/pprof/" + p), p);
        }
    }

    @Test
    void sameRulesAsDebugAndOnlySecondsIsTaken() throws Exception {
        assertEquals(401, get("/debug/pprof/profile?seconds=1", false).statusCode(), "the token guards /debug/pprof/ as all of /debug/");
        HttpResponse<byte[]> bad = get("/debug/pprof/profile?seconds=1&event=wall", true);
        assertEquals(400, bad.statusCode());
        assertTrue(text(bad).contains("seconds"), text(bad));
        assertEquals(400, get("/debug/pprof/block?seconds=0", true).statusCode());
    }
}
