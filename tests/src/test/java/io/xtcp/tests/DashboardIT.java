package io.xtcp.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.xtcp.testsupport.HeadlessChromium;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard of a real daemon ({@code bin/xtcp run}) polling a throw-away namespace that holds
 * a known number of loopback connections, rendered by headless Chromium: the page must show those
 * counts per state, the namespace, and the known port in the top-sockets tables. Also checks that
 * the shaded jar profiles (/debug/profile loads async-profiler's library from it) and dumps
 * threads. Leaves a screenshot in tests/target/dashboard.png (docs/dashboard.png is one).
 */
class DashboardIT {
    private static final int CONNECTIONS = 20;
    private static final Pattern LISTENING = Pattern.compile("http side server listening on 127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern STATE_ROW = Pattern.compile(
            "<tr data-state=\"([a-z_0-9]+)\"><td class=\"state\">[^<]*</td><td class=\"num count\">(\\d+)</td>");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    @Test
    void theDashboardOfARunningDaemonShowsTheNamespacesConnections() throws Exception {
        Xtcp.requireRootAnd("python3", "chromium");
        try (TestNamespaces namespaces = new TestNamespaces()) {
            String ns = namespaces.create("dash");
            int port = Ports.belowEphemeral(1);
            namespaces.holdConnections(ns, CONNECTIONS, port, "127.0.0.1");
            Path log = dir.resolve("daemon.log");
            ProcessBuilder pb = new ProcessBuilder(Xtcp.launcher("run", "--dest", "null:", "--netns", ns, "--poll-interval", "500ms",
                    "--poll-timeout", "400ms", "--http-listen", "127.0.0.1:0", "--location", "test-lab"))
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().keySet().removeIf(k -> k.startsWith("XTCP_") || k.startsWith("PYROSCOPE_"));
            Process daemon = pb.start();
            try {
                String base = "http://127.0.0.1:" + httpPort(daemon, log);
                awaitSockets(base, 2 * CONNECTIONS + 1, daemon, log);

                HeadlessChromium chromium = HeadlessChromium.require(dir);
                String dom = chromium.dumpDom(base + "/", 5000);
                assertTrue(dom.contains("data-refreshes=\"") && !dom.contains("data-refreshes=\"0\""), "the page refreshed:\n" + dom);
                assertEquals(Map.of("established", 2 * CONNECTIONS, "listen", 1), stateCounts(dom), "counts per state as rendered");
                assertTrue(dom.contains("<tr data-name=\"" + ns + "\">"), "the namespace row");
                for (String table : List.of("top-rtt", "top-retrans", "top-bytes")) {
                    List<int[]> rows = ports(dom, table);
                    assertEquals(10, rows.size(), table + " shows the top 10");
                    for (int[] r : rows) {
                        assertTrue(r[0] == port || r[1] == port, table + ": every socket of the namespace has port " + port + " at one end");
                    }
                }
                assertTrue(dom.contains("<b id=\"version\">") && dom.contains("<polyline"), "header and poll chart");

                Path png = Xtcp.root().resolve("tests/target/dashboard.png");
                Files.createDirectories(png.getParent());
                Thread.sleep(3000); // a few more polls for the chart
                chromium.screenshot(base + "/", png, 1400, 1000, 12000);

                HttpResponse<String> profile = get(base + "/debug/profile?event=wall&seconds=1&format=collapsed");
                assertEquals(200, profile.statusCode(), profile.body());
                assertTrue(profile.body().contains("io/xtcp/") || profile.body().contains("io.xtcp."), "the shaded jar profiles itself");
                HttpResponse<String> threads = get(base + "/debug/threads");
                assertEquals(200, threads.statusCode());
                assertTrue(threads.body().contains("\"xtcp-http"), threads.body());
                assertFalse(log(log).contains("Exception"), log(log));
            } finally {
                daemon.destroy();
                if (!daemon.waitFor(30, TimeUnit.SECONDS)) {
                    daemon.destroyForcibly();
                }
            }
        }
    }

    private static String log(Path log) throws IOException {
        return Files.readString(log);
    }

    private static int httpPort(Process daemon, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Matcher m = LISTENING.matcher(log(log));
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            if (!daemon.isAlive()) {
                fail("daemon exited " + daemon.exitValue() + ":\n" + log(log));
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the side server did not start:\n" + log(log));
    }

    private static void awaitSockets(String base, int expected, Process daemon, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String last = "";
        while (System.nanoTime() < deadline) {
            last = get(base + "/api/summary").body();
            if (last.contains("\"total\":" + expected + ",")) {
                return;
            }
            if (!daemon.isAlive()) {
                fail("daemon exited:\n" + log(log));
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the daemon never saw " + expected + " sockets; last summary " + last + "\n" + log(log));
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static Map<String, Integer> stateCounts(String dom) {
        Map<String, Integer> out = new LinkedHashMap<>();
        Matcher m = STATE_ROW.matcher(dom);
        while (m.find()) {
            out.put(m.group(1), Integer.parseInt(m.group(2)));
        }
        return out;
    }

    /** {local, remote} ports of the rows of one top-sockets table. */
    static List<int[]> ports(String dom, String tableId) {
        int at = dom.indexOf("<table id=\"" + tableId + "\"");
        List<int[]> out = new ArrayList<>();
        if (at < 0) {
            return out;
        }
        String table = dom.substring(at, dom.indexOf("</table>", at));
        Matcher m = Pattern.compile("<tr data-local-port=\"(\\d+)\" data-remote-port=\"(\\d+)\"").matcher(table);
        while (m.find()) {
            out.add(new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))});
        }
        return out;
    }
}
