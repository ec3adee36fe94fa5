package io.xtcp.dest.kafka;

import io.xtcp.dest.Destination;
import io.xtcp.dest.DestinationFactory;
import io.xtcp.dest.DestinationOptionException;
import io.xtcp.dest.DestinationSpec;
import io.xtcp.dest.OptionValues;
import java.net.InetAddress;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code kafka://b1:9092,b2:9092/topic}. Options are producer configs under Kafka's own names
 * ({@code acks}, {@code linger.ms}, {@code compression.type}, {@code buffer.memory},
 * {@code security.protocol}, ...) and override the sink's defaults; the sink itself reads
 * {@code key} ({@code none|hostname}, default none) and {@code close.timeout} (default 10s), which
 * are not passed on.
 *
 * <p>{@code buffer.memory} is 16 MiB instead of the producer's 32 MiB. It bounds the record bytes
 * the producer holds on the Java heap, waiting for a batch or in flight; an envelope (up to 768 KiB)
 * is larger than a {@code batch.size} and gets a buffer of its own, so that much heap can be in use
 * at once, next to the pipeline's queue ({@code --queue-max-bytes}, 32 MiB) in the launcher's
 * 128 MiB heap. When the buffer is full, {@code send} waits up to {@code max.block.ms} for the
 * broker to take what is held: a slow broker slows the sender thread, and the pipeline queues or
 * spools behind it. Raise it (option {@code buffer.memory=33554432}) together with the heap.
 *
 * <p>{@code delivery.timeout.ms} is its maximum ({@value Integer#MAX_VALUE} ms) instead of 2 min,
 * so a record the producer took is never dropped for an outage's length, and {@code max.block.ms}
 * is 1 s instead of 60 s, so a send refused for a full buffer or missing metadata comes back to
 * the pipeline (which retries, queues and spools) in a second: see {@link KafkaDestination}.
 */
public final class KafkaDestinationFactory implements DestinationFactory {
    /** Producer settings used unless an option names them. */
    public static final Map<String, String> DEFAULTS = Map.of(
            "compression.type", "zstd",
            "enable.idempotence", "true",
            "acks", "all",
            "linger.ms", "5",
            "buffer.memory", String.valueOf(16 << 20),
            "client.id", "xtcp",
            // retry what the producer took until the broker is back: an outage backs up into
            // buffer.memory, then send refuses and the pipeline queues and spools behind it
            "delivery.timeout.ms", String.valueOf(Integer.MAX_VALUE),
            // a send refused after a second, not a minute: the pipeline backs off, reports and closes promptly
            "max.block.ms", "1000");

    @Override
    public String scheme() {
        return "kafka";
    }

    /**
     * The URI (each broker host:port with a port in 1..65535, a topic Kafka accepts) and the
     * options: the sink's own ({@code key}, {@code close.timeout} up to 10m), and the producer's
     * by Kafka's own definitions (types and ranges, e.g. {@code acks=maybe} is refused) without
     * creating a producer or resolving a name.
     */
    @Override
    public void check(DestinationSpec spec) {
        String servers = spec.authority();
        String topic = spec.path().startsWith("/") ? spec.path().substring(1) : "";
        if (servers.isEmpty() || topic.isEmpty() || topic.contains("/") || !topic.matches("[A-Za-z0-9._-]{1,249}")) {
            throw new IllegalArgumentException("destination '" + spec.uri() + "': expected kafka://broker:9092[,broker2:9092]/topic");
        }
        for (String broker : servers.split(",")) {
            new DestinationSpec(spec.uri(), spec.scheme(), broker.strip(), "", Map.of(), null).hostPort();
        }
        String key = spec.option("key", "none");
        if (!key.equals("none") && !key.equals("hostname")) {
            throw new DestinationOptionException("destination '" + spec.uri() + "': key must be none or hostname");
        }
        OptionValues.duration("close.timeout", spec.option("close.timeout", "10s"), Duration.ZERO, Duration.ofMinutes(10));
        Map<String, Object> config = producerConfig(spec);
        Map<String, Object> withSerializers = new LinkedHashMap<>(config);
        withSerializers.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        withSerializers.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try {
            ProducerConfig.configDef().parse(withSerializers);
        } catch (ConfigException e) {
            throw new DestinationOptionException("destination '" + spec.uri() + "': " + e.getMessage());
        }
        Object maxRequest = config.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        if (maxRequest != null && !String.valueOf(maxRequest).strip().matches("\\d{1,10}")) {
            throw new DestinationOptionException(spec.uri() + ": max.request.size must be a number of bytes: " + maxRequest);
        }
    }

    @Override
    public Destination open(DestinationSpec spec) {
        check(spec);
        String topic = spec.path().substring(1);
        Map<String, Object> config = producerConfig(spec);
        byte[] key;
        switch (spec.option("key", "none")) {
            case "none":
                key = null;
                break;
            case "hostname":
                key = hostname().getBytes(StandardCharsets.UTF_8);
                break;
            default:
                throw new DestinationOptionException("destination '" + spec.uri() + "': key must be none or hostname");
        }
        Duration closeTimeout = OptionValues.duration("close.timeout", spec.option("close.timeout", "10s"));
        return new KafkaDestination(spec.uri(), topic, key, config, closeTimeout);
    }

    /** The producer's settings: {@link #DEFAULTS}, overridden by the options, plus the URI's brokers. */
    static Map<String, Object> producerConfig(DestinationSpec spec) {
        Map<String, Object> config = new LinkedHashMap<>(DEFAULTS);
        for (Map.Entry<String, String> e : spec.options().entrySet()) {
            switch (e.getKey()) {
                case "key":
                case "close.timeout":
                    break;
                case "bootstrap.servers":
                    throw new DestinationOptionException("destination '" + spec.uri()
                            + "': the brokers come from the URI; drop the bootstrap.servers option");
                default:
                    config.put(e.getKey(), e.getValue());
            }
        }
        config.put("bootstrap.servers", spec.authority());
        return config;
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
