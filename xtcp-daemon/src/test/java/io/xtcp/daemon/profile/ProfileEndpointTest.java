package io.xtcp.daemon.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xtcp.daemon.http.DaemonView;
import io.xtcp.daemon.http.HttpSettings;
import io.xtcp.daemon.http.HttpSideServer;
import io.xtcp.daemon.snapshot.PollFeed;
import io.xtcp.daemon.metrics.XtcpMetrics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * /debug/profile and /debug/threads on a real side server in this JVM, profiled by the real
 * async-profiler. Profiles are read back with independent readers: pprof from the protobuf wire
 * format (PprofProfile), JFR with the JDK's jdk.jfr.consumer.RecordingFile.
 */
class ProfileEndpointTest {
    private static final String TOKEN = "0123456789abcdef-profile-token";
    private static final String WORKLOAD = "io.xtcp.daemon.profile.Workload";

    static XtcpMetrics metrics;
    static JvmProfiler profiler;
    static HttpSideServer server;
    static Workload workload;
    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        metrics = new XtcpMetrics("9.9.9", false);
        profiler = new JvmProfiler();
        // idle timeout 1 s: profiles of 2-3 s prove a pending /debug reply holds the connection open
        HttpSettings settings = HttpSettings.loopback(0).withToken(TOKEN, false).withLimits(64, Duration.ofSeconds(1));
        server = new HttpSideServer(settings, metrics, new QuietDaemon(), new PollFeed())
                .debug("/debug/profile", new ProfileEndpoint(profiler)).debug("/debug/threads", new ThreadDumpEndpoint()).start();
        workload = Workload.start();
    }

    @AfterAll
    static void stop() throws Exception {
        workload.close();
        server.close();
        profiler.close();
        metrics.close();
    }

    static HttpResponse<byte[]> get(String pathAndQuery) throws Exception {
        return get(pathAndQuery, true);
    }

    static HttpResponse<byte[]> get(String pathAndQuery, boolean withToken) throws Exception {
        return DebugClient.get(server.port(), TOKEN, pathAndQuery, withToken);
    }

    static String text(HttpResponse<byte[]> r) {
        return DebugClient.text(r);
    }

    @Test
    void cpuProfileAsPprofHasSamplesWhoseStacksNameTheBusyMethod() throws Exception {
        HttpResponse<byte[]> r = get("/debug/profile?event=cpu&seconds=2&format=pprof");
        assertEquals(200, r.statusCode(), text(r));
        assertEquals(0x1f, r.body()[0] & 0xff, "pprof is served gzip'd");
        PprofProfile p = PprofProfile.parse(r.body());
        assertFalse(p.sampleTypes.isEmpty(), "sample_type");
        assertTrue(p.samples.size() > 5, "samples: " + p.samples.size());
        assertTrue(p.total() > 0, "sample values");
        assertTrue(p.strings.stream().anyMatch(s -> s.contains("io.xtcp") || s.contains("io/xtcp")), "string table names io.xtcp classes");
        assertTrue(p.strings.stream().anyMatch(s -> s.startsWith("java.") || s.startsWith("java/")), "string table names java methods");
        long burn = p.totalWithFrame("Workload.burnCpu");
        assertTrue(burn > 0, "a sample's stack resolves (sample → location → function → string) to Workload.burnCpu");
        assertTrue(burn * 4 > p.total(), "the spinning thread dominates a CPU profile: " + burn + " of " + p.total());
    }

    @Test
    void allocProfileAsJfrParsesWithTheJdkReader() throws Exception {
        HttpResponse<byte[]> r = get("/debug/profile?event=alloc&seconds=1&format=jfr");
        assertEquals(200, r.statusCode(), text(r));
        Path jfr = Files.write(dir.resolve("alloc.jfr"), r.body());
        int allocations = 0;
        int inWorkload = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
            if (e.getEventType().getName().startsWith("jdk.ObjectAllocation")) {
                allocations++;
                if (e.getStackTrace() != null && e.getStackTrace().getFrames().stream().anyMatch(ProfileEndpointTest::inWorkload)) {
                    inWorkload++;
                }
            }
        }
        assertTrue(allocations > 0, "allocation events");
        assertTrue(inWorkload > 0, "allocation stacks reach Workload.allocate");
    }

    private static boolean inWorkload(RecordedFrame f) {
        return f.getMethod() != null && f.getMethod().getType().getName().equals(WORKLOAD);
    }

    @Test
    void wallProfileAsCollapsedStacksHasTheSleepingThread() throws Exception {
        HttpResponse<byte[]> r = get("/debug/profile?event=wall&seconds=1&format=collapsed");
        assertEquals(200, r.statusCode(), text(r));
        assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("text/plain"));
        Pattern line = Pattern.compile("^\\S.* (\\d+)$");
        long total = 0;
        boolean sleeper = false;
        for (String l : text(r).split("\n")) {
            var m = line.matcher(l);
            assertTrue(m.matches(), "folded stack line: " + l);
            total += Long.parseLong(m.group(1));
            sleeper |= l.contains("Workload.allocate") && l.contains("sleep");
        }
        assertTrue(total > 0);
        assertTrue(sleeper, "wall-clock samples include the allocating thread's naps");
    }

    @Test
    void lockProfileAsFlameGraphIsAnHtmlPage() throws Exception {
        HttpResponse<byte[]> r = get("/debug/profile?event=lock&seconds=1&format=flamegraph");
        assertEquals(200, r.statusCode(), text(r));
        assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("text/html"));
        String html = text(r);
        assertTrue(html.contains("<html") || html.contains("<!DOCTYPE html"), html.substring(0, Math.min(200, html.length())));
        assertTrue(html.contains("xtcp lock"), "the title names the event");
    }

    @Test
    void aSecondProfileWhileOneRunsIs409AndThreadDumpsStillAnswer() throws Exception {
        CompletableFuture<HttpResponse<byte[]>> first = CompletableFuture.supplyAsync(() -> {
            try {
                return get("/debug/profile?event=cpu&seconds=3&format=collapsed");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (profiler.holder().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(profiler.holder().orElse("").contains("on-demand"), "the first request holds the profiler");
        HttpResponse<byte[]> second = get("/debug/profile?event=alloc&seconds=1");
        assertEquals(409, second.statusCode(), text(second));
        assertTrue(text(second).contains("busy") && text(second).contains("on-demand profile"), text(second));
        assertTrue(second.headers().firstValue("content-type").orElse("").startsWith("application/json"));
        HttpResponse<byte[]> threads = get("/debug/threads");
        assertEquals(200, threads.statusCode(), "a thread dump while a profile runs");
        assertTrue(text(threads).contains("\"xtcp-http-debug"), "the dump shows the debug thread serving the profile");
        HttpResponse<byte[]> done = first.get(30, TimeUnit.SECONDS);
        assertEquals(200, done.statusCode(), text(done));
        assertTrue(profiler.holder().isEmpty(), "released after the profile");
        assertEquals(200, get("/debug/profile?seconds=1&format=collapsed").statusCode(), "free again");
    }

    @Test
    void aProfileWhoseClientGoesAwayStopsAndFreesTheProfiler() throws Exception {
        try (java.net.Socket c = new java.net.Socket("127.0.0.1", server.port())) {
            c.getOutputStream().write(("GET /debug/profile?event=wall&seconds=300 HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                    + TOKEN + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            c.getOutputStream().flush();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (profiler.holder().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(profiler.holder().orElse("").contains("300 s"), "the 300 s profile holds the profiler");
        } // the client goes away
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (profiler.holder().isPresent() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(profiler.holder().isEmpty(), "let go when its client went away, not after 300 s: " + profiler.holder());
        assertFalse(Files.list(profiler.workDir()).anyMatch(p -> p.getFileName().toString().startsWith("debug-profile-")),
                "its recording is deleted");
        assertEquals(200, get("/debug/profile?seconds=1&format=collapsed").statusCode(), "the next profile runs at once, no 409");
    }

    @Test
    void whilePyroscopeHoldsTheProfilerTheAnswerIs409NamingIt() throws Exception {
        try (JvmProfiler other = new JvmProfiler();
                HttpSideServer s = new HttpSideServer(HttpSettings.loopback(0), metrics, new QuietDaemon(), new PollFeed())
                        .debug("/debug/profile", new ProfileEndpoint(other)).start()) {
            other.claim("Pyroscope continuous profiling (pushing to http://127.0.0.1:4040)").keep();
            HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + "/debug/profile?seconds=1"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(409, r.statusCode(), r.body());
            assertTrue(r.body().contains("Pyroscope"), r.body());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"seconds=0", "seconds=301", "seconds=abc", "seconds=-5", "event=cpuu", "format=svg", "interval=10ms",
        "seconds=1&seconds=2", "event="})
    void badParametersAre400(String query) throws Exception {
        HttpResponse<byte[]> r = get("/debug/profile?" + query);
        assertEquals(400, r.statusCode(), query + " → " + text(r));
        assertTrue(text(r).contains("\"error\""), text(r));
        assertTrue(profiler.holder().isEmpty(), "a refused request never holds the profiler");
    }

    @Test
    void profilesAndThreadDumpsNeedTheToken() throws Exception {
        assertEquals(401, get("/debug/profile?seconds=1", false).statusCode());
        assertEquals(401, get("/debug/threads", false).statusCode());
        assertTrue(profiler.holder().isEmpty());
    }

    @Test
    void threadDumpShowsStatesStacksAndHeldMonitors() throws Exception {
        Object monitor = new Object();
        java.util.concurrent.CountDownLatch inside = new java.util.concurrent.CountDownLatch(1);
        Thread holder = new Thread(() -> {
            synchronized (monitor) {
                inside.countDown();
                try {
                    Thread.sleep(30_000);
                } catch (InterruptedException e) {
                    // done
                }
            }
        }, "xtcp-test-holder");
        holder.setDaemon(true);
        holder.start();
        inside.await();
        try {
            HttpResponse<byte[]> r = get("/debug/threads");
            assertEquals(200, r.statusCode());
            String dump = text(r);
            int at = dump.indexOf("\"xtcp-test-holder\"");
            assertTrue(at >= 0, dump);
            String block = dump.substring(at, dump.indexOf("\n\n", at));
            assertTrue(block.contains("java.lang.Thread.State: TIMED_WAITING"), block);
            assertTrue(block.contains("at java.base/java.lang.Thread.sleep") || block.contains("at java.lang.Thread.sleep"), block);
            assertTrue(block.contains("ProfileEndpointTest.lambda$threadDumpShowsStatesStacksAndHeldMonitors"), block);
            assertTrue(block.contains("- locked <0x" + Integer.toHexString(System.identityHashCode(monitor)) + "> (a java.lang.Object)"), block);
            assertTrue(dump.contains("\"xtcp-test-burn\"") && dump.contains("Workload.burnCpu"), "every thread is listed");
            assertEquals(400, get("/debug/threads?x=1").statusCode());
        } finally {
            holder.interrupt();
        }
    }

    /** A daemon view with nothing to say: these tests only use /debug. */
    static final class QuietDaemon implements DaemonView {
        @Override
        public DaemonStatus status() {
            return new DaemonStatus("h", "v", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, List.of(), 0, 0);
        }

        @Override
        public List<NamespaceInfo> namespaces() {
            return List.of();
        }

        @Override
        public io.xtcp.daemon.run.Verdict readiness() {
            return io.xtcp.daemon.run.Verdict.yes("ready");
        }

        @Override
        public io.xtcp.daemon.run.Verdict liveness() {
            return io.xtcp.daemon.run.Verdict.yes("ok");
        }

        @Override
        public boolean triggerPoll() {
            return false;
        }
    }

    static Map<String, String> none() {
        return Map.of();
    }
}
