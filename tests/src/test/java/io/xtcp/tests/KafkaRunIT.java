package io.xtcp.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xtcp.dest.testing.KafkaBroker;
import io.xtcp.dest.testing.Kcat;
import io.xtcp.schema.v1.XtcpFlatRecord;
import io.xtcp.testsupport.DaemonProcess;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code xtcp run --dest kafka://... --max-polls 2} against the in-JVM KRaft broker and a namespace
 * holding known connections. A consumer decodes the records with the generated protobuf classes
 * and finds, in each poll, every socket {@code ss -tan} shows in the namespace, stamped with the
 * flags' hostname, label, tag and location, the namespace's name and inode; kcat (librdkafka) reads
 * the same records, byte for byte.
 */
@Timeout(180)
class KafkaRunIT {
    @Test
    void everySocketOfTheNamespaceReachesTheTopicStamped() throws Exception {
        Xtcp.requireRootAnd("ip", "ss", "python3", "kill");
        Kcat.require();
        KafkaBroker broker = KafkaBroker.shared();
        String topic = "xtcp-run-" + ProcessHandle.current().pid();
        broker.createTopic(topic, 1);
        Path dir = E2e.tempDir("xtcp-kafka-run");
        try (E2e.Held held = E2e.hold("kafka", 20)) {
            long before = System.currentTimeMillis() * 1_000_000L;
            int exit;
            String log;
            try (DaemonProcess d = DaemonProcess.start(Xtcp.launcher("run"), dir, List.of("--netns", held.name(),
                    "--dest", "kafka://" + broker.bootstrapServers() + "/" + topic, "--max-polls", "2",
                    "--poll-interval", "300ms", "--poll-timeout", "250ms", "--http-listen", "off",
                    "--hostname", "e2e-host", "--label", "e2e-label", "--tag", "e2e-tag", "--location", "rack-7"))) {
                exit = d.awaitExit(Duration.ofSeconds(120));
                log = d.log();
            }
            long after = System.currentTimeMillis() * 1_000_000L;
            assertEquals(0, exit, log);

            List<byte[]> values = broker.readAll(topic, Duration.ofSeconds(30));
            List<XtcpFlatRecord> records = new ArrayList<>();
            for (byte[] v : values) {
                records.addAll(Wire.single(v).getRowList()); // one protobufList batch per Kafka record
            }
            var polls = E2e.byPoll(records);
            assertEquals(2, polls.size(), () -> "two polls, told apart by timestamp_ns: " + polls.keySet() + "\n" + log);
            assertEquals(2 * held.perPoll(), records.size(), "records in the topic");
            E2e.assertEveryPollIsSsView(held, polls);
            E2e.assertContiguousInOrder(E2e.counters(records), "record_counter in topic order");

            String version = E2e.version();
            for (XtcpFlatRecord r : records) {
                assertEquals("e2e-host", r.getHostname());
                assertEquals("e2e-label", r.getLabel());
                assertEquals("e2e-tag", r.getTag());
                assertEquals("rack-7", r.getLocation());
                assertEquals(held.name(), r.getNetns());
                assertEquals(held.inode(), r.getNetnsInode(), "netns_inode is stat(2)'s inode of /run/netns/NAME");
                assertEquals(1, r.getSchemaVersion());
                assertEquals(version, r.getDaemonVersion());
                assertTrue(r.getTimestampNs() >= before && r.getTimestampNs() <= after,
                        () -> "timestamp_ns " + r.getTimestampNs() + " outside the run [" + before + ", " + after + "]");
            }

            // kcat, an independent client, reads the same records: count, sizes and bytes
            List<Long> sizes = kcatSizes(broker.bootstrapServers(), topic);
            assertEquals(values.stream().map(v -> (long) v.length).toList(), sizes, "kcat: one record per batch, same sizes");
            ByteArrayOutputStream concatenated = new ByteArrayOutputStream();
            for (byte[] v : values) {
                concatenated.write(v);
            }
            byte[] kcat = Kcat.consumeValues(broker.bootstrapServers(), topic);
            assertArrayEquals(concatenated.toByteArray(), kcat, "kcat's bytes");
            assertEquals(records, Wire.rows(Wire.stream(kcat)), "kcat's bytes decode to the same records");
            System.out.printf("kafka run: %d records in %d Kafka records (%d bytes), %d sockets per poll%n",
                    records.size(), values.size(), kcat.length, held.perPoll());
        } finally {
            E2e.deleteTree(dir);
        }
    }

    /** The value size of every record of partition 0, from kcat's own format string (%S). */
    static List<Long> kcatSizes(String bootstrap, String topic) {
        Path kcat = Kcat.require();
        Cmd.Result r = Cmd.run(Duration.ofSeconds(60), List.of(kcat.toString(), "-C", "-b", bootstrap, "-t", topic, "-p", "0",
                "-o", "beginning", "-e", "-q", "-f", "%S\\n"));
        assertEquals(0, r.exit(), r::toString);
        return r.out().lines().filter(l -> !l.isBlank()).map(Long::parseLong).toList();
    }
}
