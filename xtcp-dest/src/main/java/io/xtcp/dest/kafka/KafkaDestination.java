package io.xtcp.dest.kafka;

import io.xtcp.dest.Destination;
import io.xtcp.dest.DestinationClosedException;
import io.xtcp.dest.SinkStats;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Kafka record per batch, through one {@link KafkaProducer} this sink owns.
 *
 * <p>Producer defaults, each overridden by an option of the same (Kafka) name:
 * {@code compression.type=zstd}, {@code enable.idempotence=true}, {@code acks=all},
 * {@code linger.ms=5}, {@code buffer.memory=16777216} (16 MiB, half the producer's own default),
 * {@code client.id=xtcp}. The producer retries on its own until
 * {@code delivery.timeout.ms}; with idempotence it neither duplicates nor reorders a partition. A
 * record that still fails is counted under its exception's class name.
 *
 * <p>{@code send} copies the batch and hands it to the producer. It blocks only while the topic's
 * metadata is unknown or the producer's {@code buffer.memory} is full, up to {@code max.block.ms},
 * and then throws an IOException: the batch was not taken, and the pipeline retries it in order,
 * queueing or spooling behind it. So an outage longer than the producer's buffer lands in the
 * pipeline's spool. A record the producer took and then could not deliver within
 * {@code delivery.timeout.ms} (default 2 min) is lost and counted under its exception's class:
 * raise that timeout for longer outages.
 *
 * <p>Key: none by default, so the producer's sticky partitioner spreads batches over partitions
 * (batches carry their own hostname and timestamp; ClickHouse and the consumers do not need keys).
 * {@code key=hostname} keys every record with this host's name, keeping one host's batches in one
 * partition, in order.
 */
public final class KafkaDestination implements Destination {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaDestination.class);
    private static final long LOG_EVERY_NANOS = 10_000_000_000L;

    private final String uri;
    private final String topic;
    private final byte[] key;
    private final Duration closeTimeout;
    private final Producer<byte[], byte[]> producer;
    private final SinkStats stats = new SinkStats();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong lastLog = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);

    public KafkaDestination(String uri, String topic, byte[] key, Map<String, Object> producerConfig, Duration closeTimeout) {
        this.uri = uri;
        this.topic = topic;
        this.key = key;
        this.closeTimeout = closeTimeout;
        Properties p = new Properties();
        p.putAll(producerConfig);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        this.producer = new KafkaProducer<>(p);
    }

    public String topic() {
        return topic;
    }

    @Override
    public void send(ByteBuffer batch) throws IOException {
        if (closed.get()) {
            throw new DestinationClosedException(uri);
        }
        int length = batch.remaining();
        byte[] value = new byte[length];
        batch.duplicate().get(value);
        Future<RecordMetadata> f;
        try {
            // The callback captures the length, not the array: the producer has copied the value
            // into its batch by the time send returns, and an envelope (up to 768 KiB) held until
            // the broker acknowledges it would only double what is in flight on the heap.
            f = producer.send(new ProducerRecord<>(topic, key, value), (meta, e) -> {
                if (e == null) {
                    stats.sent(length);
                } else {
                    stats.error(e);
                    long now = System.nanoTime();
                    long last = lastLog.get();
                    if (now - last >= LOG_EVERY_NANOS && lastLog.compareAndSet(last, now)) {
                        LOG.warn("kafka sink {}: delivery failed ({} failures so far): {}", uri, stats.errors(), e.toString());
                    }
                }
            });
        } catch (KafkaException | IllegalStateException e) {
            if (closed.get()) {
                throw new DestinationClosedException(uri);
            }
            stats.error(e);
            throw new IOException(uri + ": " + e.getMessage(), e);
        }
        if (f.isDone()) {
            // The producer reports what fails inside send() (no metadata, buffer.memory exhausted for
            // max.block.ms) through the future, already completed: the batch was not taken, so the
            // caller may retry it without reordering or duplicating anything.
            try {
                f.get();
            } catch (ExecutionException e) {
                throw new IOException(uri + ": not accepted: " + e.getCause(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException(uri + ": interrupted");
            }
        }
    }

    /** Waits until every record handed over so far is acknowledged or failed. */
    public void flush() {
        producer.flush();
    }

    @Override
    public SinkStats stats() {
        return stats;
    }

    @Override
    public String uri() {
        return uri;
    }

    /** Flushes (up to {@code close.timeout}) and closes the producer. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        producer.close(closeTimeout);
    }
}
