package io.xtcp.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xtcp.dest.testing.KafkaBroker;
import io.xtcp.testsupport.DaemonProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Through the launcher: secret destination options never reach a log line, /api/status or a
 * refusal; and a few bad settings (flag, environment, config file) exit 2 with one line on stderr
 * naming their source before anything starts (the in-process table is BadSettingsTableTest).
 */
@Timeout(240)
class SecretsAndRefusalsIT {
    private static final List<String> SECRETS = List.of("Jaas-Secret-4711", "Key-Password-0815", "Keystore-Pass-2323", "Oauth-Secret-9191");

    @Test
    void secretOptionsAreNeverPrinted() throws Exception {
        Xtcp.requireRootAnd("ip", "ss");
        KafkaBroker broker = KafkaBroker.shared();
        String topic = "xtcp-secrets-" + ProcessHandle.current().pid();
        broker.createTopic(topic, 1);
        Path dir = E2e.tempDir("xtcp-secrets");
        int http = Metrics.freePort();
        String opts = "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\""
                + SECRETS.get(0) + "\";,ssl.key.password=" + SECRETS.get(1) + ",ssl.keystore.password=" + SECRETS.get(2)
                + ",sasl.oauthbearer.client.credentials.client.secret=" + SECRETS.get(3) + ",acks=all";
        try (DaemonProcess d = DaemonProcess.start(Xtcp.launcher("run"), dir, List.of("--netns", "self", "--dest", "kafka://" + broker.bootstrapServers() + "/" + topic,
                "--dest-opt", opts, "--poll-interval", "300ms", "--poll-timeout", "250ms", "--max-polls", "8",
                "--http-listen", "127.0.0.1:" + http))) {
            List<String> statuses = new ArrayList<>();
            E2e.await(Duration.ofSeconds(120), "/api/status answered", () -> {
                String s = get(http, "/api/status");
                if (s != null) {
                    statuses.add(s);
                }
                return !statuses.isEmpty() || !d.alive();
            }, () -> { });
            assertFalse(statuses.isEmpty(), () -> "/api/status answered while the daemon ran\n" + d.log());
            assertEquals(0, d.awaitExit(Duration.ofSeconds(90)), d::log);
            String log = d.log();
            assertTrue(log.contains("sasl.jaas.config=***") && log.contains("ssl.key.password=***"), "the start-up line hides them:\n" + log);
            assertTrue(log.contains("acks=all"), "and shows the rest");
            for (String secret : SECRETS) {
                for (String line : log.split("\n")) {
                    assertFalse(line.contains(secret), "a log line holds a secret: " + line);
                }
                for (String s : statuses) {
                    assertFalse(s.contains(secret), "/api/status holds a secret: " + s);
                }
            }
            // A refusal naming the same options hides them too.
            Cmd.Result r = Cmd.run(Duration.ofSeconds(120), Xtcp.launcher("run", "--dest", "kafka://127.0.0.1:9/t",
                    "--dest-opt", "ssl.key.password=" + SECRETS.get(1) + ",acks=maybe"));
            assertEquals(2, r.exit(), r::toString);
            assertTrue(r.err().contains("ssl.key.password=***") && r.err().contains("acks"), r::toString);
            assertFalse((r.out() + r.err()).contains(SECRETS.get(1)), r::toString);
        } finally {
            E2e.deleteTree(dir);
        }
    }

    @Test
    void badSettingsThroughTheLauncherExit2WithOneLineNamingTheSource() throws Exception {
        Path dir = E2e.tempDir("xtcp-refusals");
        try {
            Path conf = dir.resolve("xtcp.conf");
            Files.writeString(conf, "# settings\nlabel = fine\n\npoll-threads = -3\n");
            Path out = dir.resolve("out.pb");
            String dest = "file://" + out;
            refused(List.of(), "--poll-jitter NaN (flag): ", "run", "--poll-jitter", "NaN", "--dest", dest);
            refused(List.of("env", "XTCP_POLL_THREADS=-3"), "XTCP_POLL_THREADS=-3 (environment): ", "run", "--dest", dest);
            refused(List.of(), conf + ":4: poll-threads = -3: ", "run", "--config", conf.toString(), "--dest", dest);
            refused(List.of(), "--config /dev/zero (flag): not a regular file", "run", "--config", "/dev/zero", "--dest", dest);
            refused(List.of(), "--hostname a\\nb (flag): ", "run", "--hostname", "a\nb", "--dest", dest);
            try (java.net.ServerSocket busy = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                String listen = "127.0.0.1:" + busy.getLocalPort();
                refused(List.of(), "--http-listen " + listen + " (flag): address already in use", "run", "--http-listen", listen,
                        "--dest", dest);
            }
            assertFalse(Files.exists(out), "no destination file was created");
        } finally {
            E2e.deleteTree(dir);
        }
    }

    @Test
    void aNetnsSelectionThatMatchesNothingIsWarnedReportedAndNotReady() throws Exception {
        Xtcp.requireRootAnd("ip");
        Path dir = E2e.tempDir("xtcp-netns-none");
        int http = Metrics.freePort();
        try (DaemonProcess d = DaemonProcess.start(Xtcp.launcher("run"), dir, List.of("--netns", "xtcp-no-such-ns", "--dest", "null:",
                "--poll-interval", "300ms", "--poll-timeout", "250ms", "--http-listen", "127.0.0.1:" + http))) {
            String[] status = new String[1];
            E2e.await(Duration.ofSeconds(120), "/api/status answered", () -> (status[0] = get(http, "/api/status")) != null,
                    () -> assertTrue(d.alive(), d::log));
            assertTrue(status[0].contains("\"netns_unmatched\":[\"xtcp-no-such-ns\"]"), status[0]);
            assertTrue(status[0].contains("no namespace matches --netns xtcp-no-such-ns"), status[0]);
            HttpResponse<String> ready = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + http + "/readyz")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(503, ready.statusCode(), ready.body());
            assertTrue(ready.body().contains("no namespace matches --netns xtcp-no-such-ns"), ready.body());
            assertTrue(d.log().contains("--netns xtcp-no-such-ns matches no namespace"), d.log());
        } finally {
            E2e.deleteTree(dir);
        }
    }

    private static void refused(List<String> prefix, String expect, String... args) {
        List<String> argv = new ArrayList<>(prefix);
        argv.addAll(Xtcp.launcher(args));
        Cmd.Result r = Cmd.run(Duration.ofSeconds(120), argv);
        assertEquals(2, r.exit(), r::toString);
        assertEquals(1, r.err().strip().split("\n").length, () -> "one line: " + r);
        assertTrue(r.err().startsWith("xtcp: " + expect), () -> "names the source '" + expect + "': " + r);
        assertEquals("", r.out(), r::toString);
    }

    private static String get(int port, String path) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : null;
        } catch (Exception e) {
            return null; // not listening yet
        }
    }
}
