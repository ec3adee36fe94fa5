package io.xtcp.dest.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.xtcp.dest.DestinationSpec;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

/** The producer settings the Kafka sink hands to kafka-clients, without a broker. */
class KafkaDestinationFactoryTest {
    private static DestinationSpec spec(Map<String, String> options) {
        return new DestinationSpec("kafka://b1:9092,b2:9092/xtcp", "kafka", "b1:9092,b2:9092", "/xtcp", options, null);
    }

    @Test
    void defaults() {
        Map<String, Object> c = KafkaDestinationFactory.producerConfig(spec(Map.of()));
        assertEquals("16777216", c.get(ProducerConfig.BUFFER_MEMORY_CONFIG), "16 MiB, not the producer's 32 MiB");
        assertEquals("zstd", c.get(ProducerConfig.COMPRESSION_TYPE_CONFIG));
        assertEquals("all", c.get(ProducerConfig.ACKS_CONFIG));
        assertEquals("true", c.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG));
        assertEquals("5", c.get(ProducerConfig.LINGER_MS_CONFIG));
        assertEquals("xtcp", c.get(ProducerConfig.CLIENT_ID_CONFIG));
        assertEquals("b1:9092,b2:9092", c.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG));
    }

    @Test
    void optionsOverrideTheDefaultsAndSinkOptionsStayWithTheSink() {
        Map<String, Object> c = KafkaDestinationFactory.producerConfig(
                spec(Map.of("buffer.memory", "33554432", "linger.ms", "20", "key", "hostname", "close.timeout", "5s")));
        assertEquals("33554432", c.get(ProducerConfig.BUFFER_MEMORY_CONFIG));
        assertEquals("20", c.get(ProducerConfig.LINGER_MS_CONFIG));
        assertEquals(null, c.get("key"));
        assertEquals(null, c.get("close.timeout"));
    }

    @Test
    void brokersComeOnlyFromTheUri() {
        assertThrows(IllegalArgumentException.class,
                () -> KafkaDestinationFactory.producerConfig(spec(Map.of("bootstrap.servers", "elsewhere:9092"))));
    }

    @Test
    void theProducerAcceptsTheDefaults() {
        // kafka-clients parses the map as it would in KafkaProducer: a typo'd name or a bad value fails here.
        ProducerConfig pc = new ProducerConfig(withSerializers(KafkaDestinationFactory.producerConfig(spec(Map.of()))));
        assertEquals(16L << 20, pc.getLong(ProducerConfig.BUFFER_MEMORY_CONFIG));
    }

    private static Map<String, Object> withSerializers(Map<String, Object> c) {
        c.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, org.apache.kafka.common.serialization.ByteArraySerializer.class.getName());
        c.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, org.apache.kafka.common.serialization.ByteArraySerializer.class.getName());
        return c;
    }
}
