package io.xtcp.daemon.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xtcp.core.netlink.TcpState;
import io.xtcp.daemon.snapshot.PollSnapshot;
import io.xtcp.daemon.snapshot.SnapshotBuilder;
import io.xtcp.testsupport.HeadlessChromium;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard page served by a real side server over a fake daemon with a known snapshot, rendered
 * by headless Chromium: what the browser shows (counts per state, namespaces, the top sockets) must
 * be what the snapshot holds. Runs with --http-auth all, so the page's data comes only through the
 * #token= fragment.
 */
class DashboardTest {
    private static final String TOKEN = "0123456789abcdef-dashboard";
    static final Pattern STATE_ROW = Pattern.compile("<tr data-state=\"([a-z_0-9]+)\"><td class=\"state\">[^<]*</td><td class=\"num count\">(\\d+)</td>");

    @TempDir
    Path dir;

    @Test
    void servedOpenlyAsSelfContainedHtml() throws Exception {
        try (ServerFixture f = new ServerFixture(HttpSettings.loopback(0).withToken(TOKEN, true)).start()) {
            HttpResponse<String> r = f.get("/");
            assertEquals(200, r.statusCode(), "the page is never guarded: it holds no data");
            assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("text/html"));
            assertTrue(r.headers().firstValue("content-security-policy").orElse("").contains("default-src 'none'"));
            String page = r.body().replace("\"http://www.w3.org/2000/svg\"", "\"\""); // a namespace name, not a fetch
            assertTrue(!page.contains("://") && !page.contains(" src=") && !page.contains("<link"), "nothing from another origin");
            assertEquals(401, f.get("/api/status").statusCode(), "its data is");
            assertEquals(400, f.get("/?x=1").statusCode());
            assertEquals(405, f.post("/").statusCode());
        }
    }

    @Test
    void chromiumRendersTheSnapshot() throws Exception {
        HeadlessChromium chromium = HeadlessChromium.require(dir);
        try (ServerFixture f = new ServerFixture(HttpSettings.loopback(0).withToken(TOKEN, true)).start()) {
            SnapshotBuilder b = PollSnapshot.builder(PollSnapshot.DEFAULT_MAX_RECORDS);
            int est = TcpState.ESTABLISHED;
            b.add(Records.of("red", est, 5555, 40001, 250_000, 0, 1_000, 10, "cubic"));   // highest RTT
            b.add(Records.of("red", est, 6666, 40002, 1_000, 42, 2_000, 10, "cubic"));    // most retransmits
            b.add(Records.of("red", est, 7777, 40003, 2_000, 1, 9_000_000, 10, "bbr"));   // most bytes
            b.add(Records.of("blue", 10, 8080, 0, 0, 0, 0, 10, "cubic"));                  // listen
            b.add(Records.of("blue", 6, 9090, 40004, 0, 0, 0, 0, ""));                     // time_wait
            b.add(Records.of("blue", 6, 9091, 40005, 0, 0, 0, 0, ""));
            f.feed.publish(b.build(3, System.currentTimeMillis()));
            synchronized (f.daemon) {
                f.daemon.namespaces.add(new DaemonView.NamespaceInfo("red", 4026531001L, "/run/netns/red", 3, ""));
                f.daemon.namespaces.add(new DaemonView.NamespaceInfo("blue", 4026531002L, "/run/netns/blue", 3, "<b>no</b>"));
            }
            String dom = chromium.dumpDom("http://127.0.0.1:" + f.port() + "/#token=" + TOKEN + "&follow=6666", 4000);

            assertTrue(refreshes(dom) >= 1, "the page fetched its data at least once:\n" + dom);
            assertEquals(Map.of("established", 3, "time_wait", 2, "listen", 1), stateCounts(dom));
            assertEquals(5555, firstLocalPort(dom, "top-rtt"));
            assertEquals(6666, firstLocalPort(dom, "top-retrans"));
            assertEquals(7777, firstLocalPort(dom, "top-bytes"));
            assertTrue(dom.contains("<td class=\"rtt num\">250.000 ms</td>") || dom.contains("250.000 ms"), "RTT in ms");
            assertTrue(dom.contains("<tr data-name=\"red\">") && dom.contains("<tr data-name=\"blue\">"), "namespaces");
            assertTrue(dom.contains("&lt;b&gt;no&lt;/b&gt;"), "daemon text is shown as text, never as HTML");
            assertTrue(dom.contains("<b id=\"host\">host-a</b>"), "status header");
            assertTrue(dom.contains("<polyline"), "the poll-duration chart is drawn");
            assertTrue(dom.contains("data-followed-poll=\"3\""), "the page followed port 6666 over /stream, the token as its subprotocol:\n" + dom);
            assertEquals(List.of(6666), localPorts(dom, "follow"), "the one socket with port 6666, live from the stream");
        }
    }

    static int refreshes(String dom) {
        Matcher m = Pattern.compile("<body data-refreshes=\"(\\d+)\"").matcher(dom);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    static Map<String, Integer> stateCounts(String dom) {
        Map<String, Integer> out = new LinkedHashMap<>();
        Matcher m = STATE_ROW.matcher(dom);
        while (m.find()) {
            out.put(m.group(1), Integer.parseInt(m.group(2)));
        }
        return out;
    }

    /** The local port of the first row of one top-sockets table. */
    static int firstLocalPort(String dom, String tableId) {
        return localPorts(dom, tableId).stream().findFirst().orElse(-1);
    }

    static List<Integer> localPorts(String dom, String tableId) {
        int at = dom.indexOf("<table id=\"" + tableId + "\"");
        if (at < 0) {
            return List.of();
        }
        String table = dom.substring(at, dom.indexOf("</table>", at));
        Matcher m = Pattern.compile("<tr data-local-port=\"(\\d+)\"").matcher(table);
        List<Integer> out = new java.util.ArrayList<>();
        while (m.find()) {
            out.add(Integer.parseInt(m.group(1)));
        }
        return out;
    }
}
