package io.xtcp.dest.kafka;

import io.xtcp.dest.Destination;
import io.xtcp.dest.DestinationContract;
import io.xtcp.dest.Destinations;
import io.xtcp.dest.testing.KafkaBroker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** The Kafka sink producing to a real in-JVM KRaft broker; a consumer reads the topic back. */
class KafkaDestinationContractTest extends DestinationContract {
    private static final AtomicInteger TOPICS = new AtomicInteger();
    private String topic;

    @Override
    protected Destination open() throws Exception {
        KafkaBroker broker = KafkaBroker.shared();
        topic = "contract-" + TOPICS.incrementAndGet();
        broker.createTopic(topic, 1);
        return Destinations.open("kafka://" + broker.bootstrapServers() + "/" + topic, Map.of("linger.ms", "2"));
    }

    @Override
    protected List<byte[]> received(Destination d, int expected, Duration timeout) throws Exception {
        ((KafkaDestination) d).flush();
        return KafkaBroker.shared().readValues(topic, expected, timeout);
    }

}
