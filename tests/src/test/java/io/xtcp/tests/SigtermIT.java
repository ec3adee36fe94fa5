package io.xtcp.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xtcp.dest.testing.KafkaBroker;
import io.xtcp.schema.v1.XtcpFlatRecord;
import io.xtcp.testsupport.DaemonProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code xtcp run} without --max-polls, stopped with SIGTERM: it exits 0 and what it held reaches
 * the destination. The Kafka producer is told to hold records for a minute (linger.ms=60000,
 * batch.size=1MiB), so before SIGTERM the topic is empty and everything in it afterwards was
 * flushed by the shutdown: every poll that ended before the signal, the last one included, each
 * complete (ss's socket set).
 */
@Timeout(180)
class SigtermIT {
    @Test
    void sigtermExitsZeroAndFlushesTheLastPoll() throws Exception {
        Xtcp.requireRootAnd("ip", "ss", "python3", "kill");
        KafkaBroker broker = KafkaBroker.shared();
        String topic = "xtcp-sigterm-" + ProcessHandle.current().pid();
        broker.createTopic(topic, 1);
        Path dir = E2e.tempDir("xtcp-sigterm");
        int http = Metrics.freePort();
        try (E2e.Held held = E2e.hold("term", 10);
                DaemonProcess d = DaemonProcess.start(Xtcp.launcher("run"), dir, List.of("--netns", held.name(),
                        "--dest", "kafka://" + broker.bootstrapServers() + "/" + topic,
                        "--dest-opt", "linger.ms=60000,batch.size=1048576",
                        "--poll-interval", "300ms", "--poll-timeout", "250ms", "--http-listen", "127.0.0.1:" + http))) {
            E2e.await(Duration.ofSeconds(90), "three polls", () -> d.alive() && scrapeOr0(http, "xtcp_polls_total") >= 3,
                    () -> assertTrue(d.alive(), d::log));
            assertEquals(0, broker.readAll(topic, Duration.ofSeconds(10)).size(), "the producer holds the records (linger.ms=60000)");
            long encoded = Metrics.scrape(http).count("xtcp_encoded_records_total");

            d.signal("TERM");
            int exit = d.awaitExit(Duration.ofSeconds(60));
            String log = d.log();
            assertEquals(0, exit, () -> "exit status after SIGTERM\n" + log);
            assertTrue(log.contains("xtcp stopped"), () -> "the daemon logged its orderly stop\n" + log);

            List<XtcpFlatRecord> records = E2e.kafkaRecords(broker, topic);
            E2e.assertContiguousInOrder(E2e.counters(records), "record_counter in topic order");
            assertTrue(records.size() >= encoded, "every record encoded before SIGTERM arrived: " + records.size() + " < " + encoded);
            Map<Long, List<XtcpFlatRecord>> polls = E2e.byPoll(records);
            assertEquals(records.size(), polls.size() * held.perPoll(), "whole polls only");
            E2e.assertEveryPollIsSsView(held, polls);
            System.out.printf("sigterm: exit 0, %d polls (%d records) flushed at shutdown, %d encoded when signalled%n",
                    polls.size(), records.size(), encoded);
        } finally {
            E2e.deleteTree(dir);
        }
    }

    private static long scrapeOr0(int port, String metric) {
        try {
            return Metrics.scrape(port).count(metric);
        } catch (Exception e) {
            return 0; // not listening yet
        }
    }
}
