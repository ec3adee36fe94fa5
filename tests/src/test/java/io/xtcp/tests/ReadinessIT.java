package io.xtcp.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xtcp.dest.testing.Kcat;
import io.xtcp.dest.udp.UdpReceiver;
import io.xtcp.schema.v1.XtcpFlatRecord;
import io.xtcp.testsupport.DaemonProcess;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Readiness through the real daemon against real sink faults: a file sink on a tmpfs that fills,
 * a UDP destination whose port is closed (ICMP port unreachable), a Kafka broker in a process of
 * its own frozen with SIGSTOP, then killed and started again on the same port and data. Each time
 * {@code /readyz} must turn 503 within {@code --sink-stale-after} plus a poll, name the sink and
 * the cause in its body ({@code not ready: <reason>}), and turn 200 again by itself once the fault
 * is gone; counts are checked against what the real peer received.
 *
 * <p>Short settings throughout ({@value #POLL_MS} ms polls, {@value #STALE_MS} ms stale-after);
 * the flip deadline is stale-after + two polls + 1 s, a deadline to wait on, with one poll of
 * slack for the scrape cadence on a loaded machine.
 */
@Timeout(300)
class ReadinessIT {
    static final long POLL_MS = 1000;
    static final long POLL_TIMEOUT_MS = 500;
    static final long STALE_MS = 2000;
    static final Duration FLIP = Duration.ofMillis(STALE_MS + 2 * POLL_MS + 1000);
    static final Duration START = Duration.ofSeconds(60);
    static final Duration HEAL = Duration.ofSeconds(30);
    static final String DROPPED = "xtcp_sink_dropped_records_total";
    static final String ENCODED = "xtcp_encoded_records_total";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static E2e.Held held;

    @BeforeAll
    static void namespace() throws Exception {
        Xtcp.requireRootAnd("ip", "ss", "python3", "kill", "mount", "umount");
        held = E2e.hold("ready", 5);
    }

    @AfterAll
    static void cleanup() {
        if (held != null) {
            held.close();
        }
    }

    @Test
    void fileSinkOnAFullTmpfsIsNotReadyNamingTheErrorAndHealsWhenSpaceReturns() throws Exception {
        Path dir = E2e.tempDir("xtcp-ready-file");
        Path fs = Files.createDirectory(dir.resolve("fs"));
        Cmd.ok("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", fs.toString());
        try {
            Path out = fs.resolve("out.pb");
            int http = Metrics.freePort();
            try (DaemonProcess d = DaemonProcess.start(Xtcp.launcher("run"), dir, args(http, "file://" + out))) {
                awaitStatus(d, http, 200, START, "ready before the disk fills");
                assertEquals(1.0, series(Metrics.scrape(http), "xtcp_sink_accepting", "dest", "file"), "accepting while writing");

                Path filler = fs.resolve("filler");
                fill(filler);
                Answer down = awaitStatus(d, http, 503, FLIP, "not ready once the tmpfs is full");
                String body = down.body().toLowerCase(Locale.ROOT);
                assertTrue(body.startsWith("not ready: "), down::toString);
                assertTrue(body.contains("file://" + out), () -> "the body names the sink: " + down);
                assertTrue(body.contains("no space left on device"), () -> "the body names the cause: " + down);
                assertEquals(0.0, series(Metrics.scrape(http), "xtcp_sink_accepting", "dest", "file"), "not accepting on a full disk");

                Files.delete(filler);
                awaitStatus(d, http, 200, HEAL, "ready again once space returns");
                assertEquals(1.0, series(Metrics.scrape(http), "xtcp_sink_accepting", "dest", "file"), "accepting again");

                // nothing lost silently: after SIGTERM the file is whole frames, and the records missing from it are the dropped ones
                E2e.await(HEAL, "the queue drained", () -> Metrics.scrape(http).sum("xtcp_sink_queue_envelopes") == 0, alive(d));
                long dropped = Metrics.scrape(http).count(DROPPED);
                d.signal("TERM");
                assertEquals(0, d.awaitExit(Duration.ofSeconds(60)), () -> "exit status after SIGTERM\n" + d.log());
                List<Long> counters = new ArrayList<>(E2e.counters(Wire.rows(Wire.stream(Files.readAllBytes(out)))));
                assertEquals(counters.size(), new HashSet<>(counters).size(), "no record written twice");
                counters.sort(null);
                long missing = counters.get(counters.size() - 1) - counters.size();
                assertEquals(dropped, missing, "records missing from the file vs xtcp_sink_dropped_records_total");
                System.out.printf("file on a full tmpfs: not ready %s; %d records in the file, %d dropped%n", down.body(), counters.size(),
                        dropped);
            }
        } finally {
            Cmd.run("umount", fs.toString());
            E2e.deleteTree(dir);
        }
    }

    @Test
    void udpToAClosedPortIsUnreachableCountedAndHealsWhenAReceiverBinds() throws Exception {
        Path dir = E2e.tempDir("xtcp-ready-udp");
        int port = Ports.belowEphemeral(1);
        int http = Metrics.freePort();
        try (DaemonProcess d = DaemonProcess.start(Xtcp.launcher("run"), dir, args(http, "udp://127.0.0.1:" + port))) {
            E2e.await(START, "the first poll", () -> {
                Metrics m = scrapeOrNull(http);
                return m != null && m.count("xtcp_polls_total") >= 1;
            }, alive(d));
            Answer down = awaitStatus(d, http, 503, FLIP, "not ready while the port is closed");
            assertTrue(down.body().startsWith("not ready: "), down::toString);
            assertTrue(down.body().contains("udp://127.0.0.1:" + port), () -> "the body names the sink: " + down);
            assertTrue(down.body().contains("unreachable"), () -> "the body names the cause: " + down);
            assertTrue(series(Metrics.scrape(http), DROPPED, "reason", "unreachable") > 0, "unreachable datagrams counted as dropped");

            try (UdpReceiver receiver = new UdpReceiver(port)) {
                awaitStatus(d, http, 200, HEAL, "ready again once a receiver binds the port");
                E2e.await(HEAL, "datagrams at the receiver", () -> datagramRecords(receiver).size() >= held.perPoll(), alive(d));

                // Every record encoded is at the receiver, dropped as unreachable, or in a datagram whose refusal came
                // after it was confirmed: a refusal does not say which datagram it answers, and one that arrives after
                // the confirming tick (a loaded machine holds back the kernel's ICMP processing) can only be counted as
                // a refusal, never as records (docs/destinations.md). So: exact, or the gap flagged by that counter.
                long[] last = new long[5];
                try {
                    E2e.await(Duration.ofSeconds(20), "encoded = received + dropped(unreachable), or the gap flagged", () -> {
                        Metrics m = Metrics.scrape(http);
                        long received = datagramRecords(receiver).size();
                        last[0] = m.count(ENCODED);
                        last[1] = (long) series(m, DROPPED, "reason", "unreachable");
                        last[2] = m.count(DROPPED) - last[1];
                        last[3] = received;
                        last[4] = sinkErrors(m, "refused-after-confirmation");
                        long gap = last[0] - last[1] - received;
                        return m.sum("xtcp_sink_queue_envelopes") == 0 && (gap == 0 || (gap > 0 && last[4] > 0));
                    }, alive(d));
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + ": last seen encoded " + last[0] + ", dropped(unreachable) " + last[1]
                            + ", dropped(other) " + last[2] + ", received " + last[3] + " (" + (last[0] - last[1] - last[3])
                            + " lost without a count, refusals after confirmation " + last[4] + "); record counters not received: "
                            + gaps(E2e.counters(datagramRecords(receiver))) + "; " + pollResults(Metrics.scrape(http)), e);
                }
                assertEquals(0, last[2], "records dropped for another reason");
                List<Long> counters = new ArrayList<>(E2e.counters(datagramRecords(receiver)));
                assertEquals(counters.size(), new HashSet<>(counters).size(), "no record received twice");
                System.out.printf("udp unreachable: %d encoded, %d received, %d dropped (unreachable), %d refusals after confirmation%n",
                        last[0], last[3], last[1], last[4]);
            }
        } finally {
            E2e.deleteTree(dir);
        }
    }

    @Test
    void kafkaBrokerFrozenThenKilledIsNotReadyAndTheSpoolDeliversEveryRecordOnceAfterItsRestart() throws Exception {
        Kcat.require();
        Path dir = E2e.tempDir("xtcp-ready-kafka");
        String topic = "xtcp-ready-" + ProcessHandle.current().pid();
        int http = Metrics.freePort();
        try (BrokerProcess broker = BrokerProcess.start(dir, topic)) {
            String dest = "kafka://" + broker.bootstrap() + "/" + topic;
            List<String> a = args(http, dest);
            a.addAll(List.of("--dest-opt", "buffer.memory=65536,max.block.ms=250,linger.ms=1", "--overflow", "spool",
                    "--spool-dir", dir.resolve("spool").toString()));
            try (DaemonProcess d = DaemonProcess.start(Xtcp.launcher("run"), dir, a)) {
                awaitStatus(d, http, 200, START, "ready with the broker up");
                E2e.await(START, "a poll in the topic", () -> !topicRecords(broker, topic).isEmpty(), alive(d));

                long pollsAtStop = Metrics.scrape(http).count("xtcp_polls_total");
                broker.signal("STOP");
                Answer down = awaitStatus(d, http, 503, FLIP, "not ready with the broker frozen");
                assertTrue(down.body().startsWith("not ready: "), down::toString);
                assertTrue(down.body().contains(dest), () -> "the body names the sink: " + down);
                E2e.await(Duration.ofSeconds(30), "three polls with the broker frozen",
                        () -> Metrics.scrape(http).count("xtcp_polls_total") >= pollsAtStop + 3, alive(d));
                broker.kill();
                long pollsAtKill = Metrics.scrape(http).count("xtcp_polls_total");
                E2e.await(Duration.ofSeconds(30), "three polls with the broker gone",
                        () -> Metrics.scrape(http).count("xtcp_polls_total") >= pollsAtKill + 3, alive(d));
                assertEquals(503, readyz(http).status(), "still not ready with the broker gone");

                broker.restart();
                awaitStatus(d, http, 200, Duration.ofSeconds(60), "ready again once the broker is back on its port");
                E2e.await(Duration.ofSeconds(60), "queue and spool drained", () -> {
                    Metrics m = Metrics.scrape(http);
                    return m.sum("xtcp_sink_queue_envelopes") == 0 && m.sum("xtcp_spool_size_bytes") == 0;
                }, alive(d));
                Metrics before = Metrics.scrape(http);
                long encoded = before.count(ENCODED);
                assertEquals(0, before.count(DROPPED), "nothing dropped under spool");
                d.signal("TERM");
                assertEquals(0, d.awaitExit(Duration.ofSeconds(60)), () -> "exit status after SIGTERM\n" + d.log());

                List<Long> counters = new ArrayList<>(E2e.counters(topicRecords(broker, topic)));
                counters.sort(null);
                E2e.assertContiguousInOrder(counters, "record_counter in the topic (sorted): each record once, none missing");
                assertTrue(counters.size() >= encoded, () -> "every record encoded before SIGTERM is in the topic: " + counters.size()
                        + " < " + encoded);
                System.out.printf("kafka frozen then killed: %s; %d records in the topic, each once%n", down.body(), counters.size());
            }
        } finally {
            E2e.deleteTree(dir);
        }
    }

    private static List<String> args(int http, String dest) {
        return new ArrayList<>(List.of("--netns", held.name(), "--dest", dest, "--poll-interval", POLL_MS + "ms",
                "--poll-timeout", POLL_TIMEOUT_MS + "ms", "--poll-jitter", "0", "--sink-stale-after", STALE_MS + "ms",
                "--http-listen", "127.0.0.1:" + http));
    }

    record Answer(int status, String body) {}

    static Answer readyz(int port) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz"))
                .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body().strip());
    }

    /** Waits until /readyz answers {@code status}; returns that answer, or fails with the last one and the daemon's log. */
    private static Answer awaitStatus(DaemonProcess d, int port, int status, Duration deadline, String what) throws Exception {
        Answer[] last = new Answer[1];
        try {
            E2e.await(deadline, what + " (/readyz " + status + ")", () -> {
                try {
                    last[0] = readyz(port);
                } catch (IOException notYet) {
                    return false; // side server not listening yet
                }
                return last[0].status() == status;
            }, alive(d));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; last answer " + last[0] + "\n" + d.log(), e);
        }
        return last[0];
    }

    private static Runnable alive(DaemonProcess d) {
        return () -> assertTrue(d.alive(), () -> "the daemon exited\n" + d.log());
    }

    private static Metrics scrapeOrNull(int port) throws InterruptedException {
        try {
            return Metrics.scrape(port);
        } catch (IOException notYet) {
            return null;
        }
    }

    /** The value of {@code name{label="value"}} (summed if other labels differ); fails when no such series is exported. */
    static double series(Metrics m, String name, String label, String value) {
        return sum(m, name, label, value).orElseThrow(
                () -> new AssertionError(name + "{" + label + "=\"" + value + "\"} missing from /metrics:\n" + m.text()));
    }

    /** {@code xtcp_sink_errors_total} of one kind: 0 until the first such error, since a kind is exported with its first count. */
    private static long sinkErrors(Metrics m, String kind) {
        return (long) sum(m, "xtcp_sink_errors_total", "kind", kind).orElse(0);
    }

    private static OptionalDouble sum(Metrics m, String name, String label, String value) {
        String want = label + "=\"" + value + "\"";
        double sum = 0;
        boolean found = false;
        for (String line : m.text().split("\n")) {
            if (line.startsWith(name + "{") && line.substring(0, line.indexOf('}') + 1).contains(want)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                found = true;
            }
        }
        return found ? OptionalDouble.of(sum) : OptionalDouble.empty();
    }

    /** The ranges of record counters missing below the highest received, e.g. {@code [1-66, 243-264]}. */
    private static List<String> gaps(List<Long> received) {
        List<Long> sorted = new ArrayList<>(new HashSet<>(received));
        sorted.sort(null);
        List<String> out = new ArrayList<>();
        long next = 1;
        for (long c : sorted) {
            if (c > next) {
                out.add(next + "-" + (c - 1));
            }
            next = c + 1;
        }
        return out;
    }

    private static String pollResults(Metrics m) {
        StringBuilder b = new StringBuilder();
        for (String line : m.text().split("\n")) {
            if (line.startsWith("xtcp_polls_total{") || line.startsWith("xtcp_sink_envelopes_total{")
                    || line.startsWith("xtcp_sink_errors_total{")) {
                b.append(line).append("; ");
            }
        }
        return b.toString().strip();
    }

    /** Writes {@code filler} until the file system refuses with ENOSPC. */
    private static void fill(Path filler) throws IOException {
        byte[] block = new byte[64 * 1024];
        try (OutputStream o = Files.newOutputStream(filler)) {
            while (true) {
                o.write(block);
                o.flush();
            }
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("No space left on device")) {
                throw full;
            }
        }
    }

    /** The records of every datagram received so far; each datagram must be one whole protobufList batch. */
    private static List<XtcpFlatRecord> datagramRecords(UdpReceiver receiver) throws InterruptedException {
        List<XtcpFlatRecord> out = new ArrayList<>();
        for (byte[] d : receiver.await(0, Duration.ZERO)) {
            out.addAll(Wire.single(d).getRowList());
        }
        return out;
    }

    private static List<XtcpFlatRecord> topicRecords(BrokerProcess broker, String topic) throws Exception {
        return Wire.rows(Wire.stream(Kcat.consumeValues(broker.bootstrap(), topic)));
    }
}
