package io.xtcp.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xtcp.dest.udp.UdpReceiver;
import io.xtcp.schema.v1.Envelope;
import io.xtcp.schema.v1.XtcpFlatRecord;
import io.xtcp.testsupport.DaemonProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code xtcp run --dest udp://127.0.0.1:PORT} into a real UDP socket, with the datagram size
 * limited two ways: each datagram holds exactly one protobufList batch that decodes with the
 * generated classes, none exceeds the limit, and every socket ss shows in the namespace arrives in
 * every poll.
 */
@Timeout(180)
class UdpRunIT {
    static final int POLLS = 2;
    static E2e.Held held;

    @BeforeAll
    static void namespace() throws Exception {
        Xtcp.requireRootAnd("ip", "ss", "python3", "kill");
        held = E2e.hold("udp", 40);
    }

    @AfterAll
    static void cleanup() {
        if (held != null) {
            held.close();
        }
    }

    @Test
    void maxDatagramBytesBoundsEveryDatagram() throws Exception {
        List<byte[]> datagrams = run(List.of("--dest-opt", "max.datagram.bytes=8192"));
        for (byte[] d : datagrams) {
            assertTrue(d.length <= 8192, () -> "datagram of " + d.length + " bytes over max.datagram.bytes=8192");
        }
    }

    @Test
    void envelopeMaxBytesBoundsEveryEnvelope() throws Exception {
        List<byte[]> datagrams = run(List.of("--envelope-max-bytes", "8KiB"));
        for (byte[] d : datagrams) {
            // the limit is the Envelope's; the datagram adds its varint length prefix (2 bytes for 8 KiB)
            assertTrue(Wire.envelopeBytes(d) <= 8192, () -> "envelope of " + Wire.envelopeBytes(d) + " bytes over 8KiB");
            assertTrue(d.length <= 8192 + 2, () -> "datagram of " + d.length + " bytes");
        }
    }

    private static List<byte[]> run(List<String> limit) throws Exception {
        Path dir = E2e.tempDir("xtcp-udp-run");
        try (UdpReceiver receiver = new UdpReceiver()) {
            List<String> args = new ArrayList<>(List.of("--netns", held.name(), "--dest", "udp://127.0.0.1:" + receiver.port(),
                    "--max-polls", Integer.toString(POLLS), "--poll-interval", "300ms", "--poll-timeout", "250ms", "--http-listen", "off"));
            args.addAll(limit);
            String log;
            try (DaemonProcess d = DaemonProcess.start(Xtcp.launcher("run"), dir, args)) {
                assertEquals(0, d.awaitExit(Duration.ofSeconds(120)), d::log);
                log = d.log();
            }
            // the daemon has exited: every datagram is sent; loopback delivers them to the socket buffer
            List<byte[]> datagrams = new ArrayList<>();
            List<XtcpFlatRecord> records = new ArrayList<>();
            E2e.await(Duration.ofSeconds(10), "all " + POLLS * held.perPoll() + " records", () -> {
                datagrams.clear();
                records.clear();
                datagrams.addAll(receiver.await(0, Duration.ZERO));
                for (byte[] d : datagrams) {
                    Envelope e = Wire.single(d); // one whole batch per datagram
                    assertTrue(e.getRowCount() > 0, "empty envelope");
                    records.addAll(e.getRowList());
                }
                return records.size() >= POLLS * held.perPoll();
            }, null);
            var polls = E2e.byPoll(records);
            assertEquals(POLLS, polls.size(), () -> "polls by timestamp_ns: " + polls.keySet() + "\n" + log);
            assertEquals(POLLS * held.perPoll(), records.size(), "records received");
            E2e.assertEveryPollIsSsView(held, polls);
            List<Long> counters = new ArrayList<>(E2e.counters(records));
            counters.sort(null); // UDP does not promise order
            E2e.assertContiguousInOrder(counters, "record_counter over the datagrams");
            assertTrue(datagrams.size() >= 2 * POLLS, "the limit split each poll over several datagrams: " + datagrams.size());
            int largest = datagrams.stream().mapToInt(b -> b.length).max().orElse(0);
            System.out.printf("udp run %s: %d records in %d datagrams, largest %d bytes%n", limit, records.size(), datagrams.size(), largest);
            return datagrams;
        } finally {
            E2e.deleteTree(dir);
        }
    }
}
