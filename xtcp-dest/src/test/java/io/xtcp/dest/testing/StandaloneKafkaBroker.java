package io.xtcp.dest.testing;

import java.util.concurrent.CountDownLatch;

/**
 * {@link KafkaBroker} as a process of its own, for benchmarks that need a real broker outside a
 * test JVM (bench/rss_soak.py). Creates the topics named as arguments (one partition each), prints
 * {@code bootstrap HOST:PORT} on stdout once it serves, and runs until SIGTERM/SIGINT, when it
 * closes the broker.
 *
 * <p>Run with the xtcp-dest test class path and {@code -Dxtcp.kafka.broker.lib=xtcp-dest/target/kafka-broker-lib}
 * (see {@link KafkaBroker}).
 */
public final class StandaloneKafkaBroker {
    private StandaloneKafkaBroker() {
    }

    public static void main(String[] args) throws Exception {
        KafkaBroker broker = KafkaBroker.start();
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                broker.close();
            } catch (Exception e) {
                System.err.println("closing the broker: " + e);
            } finally {
                closed.countDown();
            }
        }, "broker-shutdown"));
        for (String topic : args) {
            broker.createTopic(topic, 1);
        }
        System.out.println("bootstrap " + broker.bootstrapServers());
        System.out.flush();
        closed.await();
    }
}
