package io.xtcp.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xtcp.dest.testing.KafkaBroker;
import io.xtcp.schema.v1.XtcpFlatRecord;
import io.xtcp.testsupport.DaemonProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The broker goes away for several polls while {@code xtcp run} polls every 500 ms into Kafka.
 * The producer's own buffer is kept small (buffer.memory=64KiB, max.block.ms=250) so the outage
 * reaches the daemon's pipeline within a few polls instead of hiding in 32 MiB of producer memory.
 * The daemon must stay up with a bounded RSS; under {@code --overflow spool} every record reaches
 * the topic exactly once after the broker returns; under {@code --overflow drop-oldest} with a one-
 * envelope queue, the records missing from the topic are exactly those the daemon counts as
 * dropped in xtcp_sink_dropped_records_total. The counts come from record_counter at the consumer.
 *
 * <p>Shares the JVM's broker ({@link KafkaBroker#shared()}) and always restarts it before returning.
 */
@Timeout(240)
class KafkaOutageIT {
    static final long RSS_LIMIT_KIB = 400 * 1024;
    static final int OUTAGE_POLLS = 5;
    static E2e.Held held;

    @BeforeAll
    static void namespace() throws Exception {
        Xtcp.requireRootAnd("ip", "ss", "python3", "kill");
        held = E2e.hold("outage", 20);
    }

    @AfterAll
    static void cleanup() {
        if (held != null) {
            held.close();
        }
    }

    @Test
    void spoolDeliversEveryRecordOfTheOutageExactlyOnce() throws Exception {
        Outcome o = outage("spool", List.of("--overflow", "spool"), m -> m.sum("xtcp_spool_size_bytes") > 0);
        assertEquals(0, o.dropped, "nothing dropped under spool");
        assertTrue(o.spooledDuringOutage, "the outage reached the spool");
        E2e.assertContiguousInOrder(o.counters, "record_counter in topic order");
        assertTrue(o.counters.size() >= o.encodedBeforeTerm, "every record encoded before SIGTERM arrived: " + o.counters.size()
                + " < " + o.encodedBeforeTerm);
        assertEquals(0, o.counters.size() % held.perPoll(), "whole polls: " + o.counters.size());
        System.out.printf("kafka outage, spool: %d records (%d polls) all delivered once, %d polls during the outage, max RSS %d MiB%n",
                o.counters.size(), o.counters.size() / held.perPoll(), o.outagePolls, o.maxRssKib / 1024);
    }

    @Test
    void dropOldestCountsExactlyTheRecordsThatNeverArrive() throws Exception {
        Outcome o = outage("drop", List.of("--overflow", "drop-oldest"), m -> m.sum("xtcp_sink_dropped_records_total") > 0);
        Set<Long> distinct = new HashSet<>(o.counters);
        assertEquals(o.counters.size(), distinct.size(), "no record twice");
        List<Long> sorted = new ArrayList<>(o.counters);
        sorted.sort(null);
        assertEquals(sorted, o.counters, "records in order");
        long max = sorted.get(sorted.size() - 1);
        assertTrue(max >= o.encodedBeforeTerm, "records up to the last poll before SIGTERM arrived: " + max + " < " + o.encodedBeforeTerm);
        long missing = max - sorted.size();
        assertTrue(o.dropped > 0, "the outage made the daemon drop");
        assertEquals(o.dropped, missing, "dropped records (metric) vs record_counter gaps at the consumer");
        assertEquals(0, o.dropped % held.perPoll(), "whole envelopes (one per poll) dropped: " + o.dropped);
        System.out.printf("kafka outage, drop-oldest: %d records delivered, %d dropped = %d missing, %d polls during the outage, max RSS %d MiB%n",
                sorted.size(), o.dropped, missing, o.outagePolls, o.maxRssKib / 1024);
    }

    interface MetricCheck {
        boolean ok(Metrics m);
    }

    record Outcome(List<Long> counters, long dropped, long encodedBeforeTerm, boolean spooledDuringOutage, long outagePolls,
            long maxRssKib) {}

    /**
     * Starts the daemon, waits for two delivered polls, stops the broker until {@code duringOutage}
     * holds and {@link #OUTAGE_POLLS} polls ran, restarts it, waits until the daemon has caught up,
     * scrapes the counters, sends SIGTERM and reads the topic.
     */
    private Outcome outage(String name, List<String> policy, MetricCheck duringOutage) throws Exception {
        KafkaBroker broker = KafkaBroker.shared();
        String topic = "xtcp-outage-" + name + "-" + ProcessHandle.current().pid();
        broker.createTopic(topic, 1);
        Path dir = E2e.tempDir("xtcp-outage");
        int http = Metrics.freePort();
        List<String> args = new ArrayList<>(List.of("--netns", held.name(), "--dest", "kafka://" + broker.bootstrapServers() + "/" + topic,
                "--dest-opt", "buffer.memory=65536,max.block.ms=250,linger.ms=1",
                "--poll-interval", "500ms", "--poll-timeout", "400ms", "--poll-jitter", "0",
                "--queue-max-envelopes", "1", "--spool-dir", dir.resolve("spool").toString(),
                "--http-listen", "127.0.0.1:" + http));
        args.addAll(policy);
        AtomicLong maxRss = new AtomicLong();
        try (DaemonProcess d = DaemonProcess.start(Xtcp.launcher("run"), dir, args)) {
            Runnable watch = () -> {
                assertTrue(d.alive(), () -> "the daemon exited\n" + d.log());
                long rss = d.rssKib();
                maxRss.accumulateAndGet(rss, Math::max);
                assertTrue(rss < RSS_LIMIT_KIB, () -> "VmRSS " + rss + " KiB over " + RSS_LIMIT_KIB + "\n" + d.log());
            };
            E2e.await(Duration.ofSeconds(90), "two polls delivered", () -> records(broker, topic).size() >= 2 * held.perPoll(), watch);

            long pollsAtStop = Metrics.scrape(http).count("xtcp_polls_total");
            boolean[] seen = new boolean[1];
            long[] outagePolls = new long[1];
            broker.stopBroker();
            try {
                E2e.await(Duration.ofSeconds(90), "the outage reaching the pipeline over " + OUTAGE_POLLS + " polls", () -> {
                    Metrics m = Metrics.scrape(http);
                    seen[0] |= duringOutage.ok(m);
                    outagePolls[0] = m.count("xtcp_polls_total") - pollsAtStop;
                    return seen[0] && outagePolls[0] >= OUTAGE_POLLS;
                }, watch);
            } finally {
                broker.startBroker();
            }

            // caught up: a poll after the restart is in the topic, nothing waits in queue or spool
            long[] target = {Metrics.scrape(http).count("xtcp_encoded_records_total") + held.perPoll()};
            E2e.await(Duration.ofSeconds(120), "the daemon catching up after the broker returned", () -> {
                Metrics m = Metrics.scrape(http);
                List<Long> c = counters(records(broker, topic));
                return !c.isEmpty() && c.get(c.size() - 1) >= target[0] && m.sum("xtcp_sink_queue_envelopes") == 0
                        && m.sum("xtcp_spool_size_bytes") == 0;
            }, watch);

            Metrics before = Metrics.scrape(http);
            long encoded = before.count("xtcp_encoded_records_total");
            long dropped = before.count("xtcp_sink_dropped_records_total");
            d.signal("TERM");
            assertEquals(0, d.awaitExit(Duration.ofSeconds(60)), () -> "exit status after SIGTERM\n" + d.log());
            List<Long> counters = counters(records(broker, topic));
            return new Outcome(counters, dropped, encoded, seen[0], outagePolls[0], maxRss.get());
        } finally {
            E2e.deleteTree(dir);
        }
    }

    private static List<XtcpFlatRecord> records(KafkaBroker broker, String topic) {
        return E2e.kafkaRecords(broker, topic);
    }

    private static List<Long> counters(List<XtcpFlatRecord> records) {
        return E2e.counters(records);
    }
}
