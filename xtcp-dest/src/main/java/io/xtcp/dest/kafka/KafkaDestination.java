package io.xtcp.dest.kafka;

import io.xtcp.dest.AbstractDestination;
import io.xtcp.dest.Delivery;
import io.xtcp.dest.RejectedBatchException;
import io.xtcp.dest.SinkRefusedException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Kafka record per batch, through one {@link KafkaProducer} this sink owns.
 *
 * <p>Producer defaults, each overridden by an option of the same (Kafka) name:
 * {@code compression.type=zstd}, {@code enable.idempotence=true}, {@code acks=all},
 * {@code linger.ms=5}, {@code buffer.memory=16777216} (16 MiB, half the producer's own default),
 * {@code client.id=xtcp}, {@code delivery.timeout.ms=2147483647} (the most it takes, instead of
 * 2 min) and {@code max.block.ms=1000} (instead of 60 s). The producer retries a record it took
 * until the broker acknowledges it; with idempotence it neither duplicates nor reorders a
 * partition.
 *
 * <p>{@code send} copies the batch and hands it to the producer. It blocks only while the topic's
 * metadata is unknown or the producer's {@code buffer.memory} is full, up to {@code max.block.ms},
 * and then throws an IOException: the batch was not taken, and the pipeline retries it in order,
 * queueing or spooling behind it. So an outage fills the producer's buffer, whose records wait
 * for the broker, and then lands in the pipeline's spool: nothing the producer took expires
 * (with the producer's 2 min default, a 10-minute outage dropped all it held as
 * {@code undelivered}). A second of blocking, not a minute, lets the pipeline back off, name the
 * failure in its health and close promptly. The batch's {@link Delivery} is told when the broker
 * acknowledges the record, or that it was lost: with a {@code delivery.timeout.ms} set lower, or
 * at a close that runs out of {@code close.timeout}, as {@code undelivered}. A failure is counted
 * once, under its exception's class, whether it comes back from {@code send} or later.
 *
 * <p>Failures are classified ({@link #classify}): a record too large ({@code max.request.size}, or
 * the broker's {@code message.max.bytes}) or one that cannot be serialized is rejected for good
 * ({@link RejectedBatchException}); authorization, authentication and invalid topic errors refuse
 * the sink ({@link SinkRefusedException}); anything else is the broker being away, retriable.
 *
 * <p>Key: none by default, so the producer's sticky partitioner spreads batches over partitions
 * (batches carry their own hostname and timestamp; ClickHouse and the consumers do not need keys).
 * {@code key=hostname} keys every record with this host's name, keeping one host's batches in one
 * partition, in order.
 */
public final class KafkaDestination extends AbstractDestination {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaDestination.class);
    private static final long LOG_EVERY_NANOS = 10_000_000_000L;
    /** A record batch's header (Kafka's DefaultRecordBatch.RECORD_BATCH_OVERHEAD, magic v2). */
    static final int RECORD_BATCH_OVERHEAD = 61;
    /** The most a record adds to its key and value (Kafka's DefaultRecord.MAX_RECORD_OVERHEAD). */
    static final int MAX_RECORD_OVERHEAD = 21;

    private final String topic;
    private final byte[] key;
    private final long maxBatchBytes;
    private final Duration closeTimeout;
    private final Producer<byte[], byte[]> producer;
    private final AtomicLong lastLog = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);

    public KafkaDestination(String uri, String topic, byte[] key, Map<String, Object> producerConfig, Duration closeTimeout) {
        super(uri);
        this.topic = topic;
        this.key = key;
        this.closeTimeout = closeTimeout;
        Object maxRequest = producerConfig.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        long maxRequestSize;
        try {
            maxRequestSize = maxRequest == null ? 1048576 : Long.parseLong(String.valueOf(maxRequest).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(uri + ": max.request.size must be a number of bytes: " + maxRequest);
        }
        this.maxBatchBytes = maxValueBytes(maxRequestSize, key);
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
        send(batch, Delivery.NONE);
    }

    @Override
    public void send(ByteBuffer batch, Delivery delivery) throws IOException {
        ensureOpen();
        int length = batch.remaining();
        byte[] value = new byte[length];
        batch.duplicate().get(value);
        // The callback holds the length, not the array: the producer has copied the value into its
        // batch by the time send returns, and an envelope (up to 768 KiB) held until the broker
        // acknowledges it would only double what is in flight on the heap.
        Outcome outcome = new Outcome(delivery, length);
        try {
            producer.send(new ProducerRecord<>(topic, key, value), outcome);
        } catch (KafkaException | IllegalStateException e) {
            ensureOpen(); // closed under this send: the producer refused it for that
            stats().error(e);
            throw classify(e);
        } finally {
            outcome.returned();
        }
        // What fails inside send() (no metadata for max.block.ms, buffer.memory full, a record over
        // max.request.size) comes back through the callback on this thread before send returns:
        // the batch was not taken, so the caller may retry it without reordering or duplicating.
        if (outcome.refusedInSend != null) {
            throw classify(outcome.refusedInSend);
        }
    }

    /**
     * The largest value whose record the producer takes under {@code max.request.size}: its size
     * check counts a record batch's header, a record's fixed overhead, the key and value with
     * their zigzag varint lengths, and the header count (one byte for none).
     */
    static long maxValueBytes(long maxRequestSize, byte[] key) {
        long keyPart = key == null ? 1 : varintBytes(key.length) + key.length;
        long budget = maxRequestSize - RECORD_BATCH_OVERHEAD - MAX_RECORD_OVERHEAD - keyPart - 1;
        long v = budget - 1;
        while (v > 0 && v + varintBytes(v) > budget) {
            v--;
        }
        return Math.max(0, v);
    }

    /** Bytes of a non-negative length as a zigzag varint (Kafka's record format). */
    private static int varintBytes(long n) {
        long z = n << 1;
        int bytes = 1;
        while ((z >>>= 7) != 0) {
            bytes++;
        }
        return bytes;
    }

    /** The sink's words for a producer failure: rejected batch, refused sink, or retriable. */
    IOException classify(Exception e) {
        if (e instanceof RecordTooLargeException) {
            return new RejectedBatchException(RejectedBatchException.TOO_LARGE,
                    uri() + ": record too large for the producer or broker: " + e.getMessage(), e);
        }
        if (e instanceof SerializationException) {
            return new RejectedBatchException(RejectedBatchException.MALFORMED, uri() + ": cannot serialize: " + e.getMessage(), e);
        }
        if (e instanceof TopicAuthorizationException) {
            return new SinkRefusedException("not authorized to write topic " + topic, e);
        }
        if (e instanceof AuthorizationException) {
            return new SinkRefusedException("not authorized: " + e.getMessage(), e);
        }
        if (e instanceof AuthenticationException) {
            return new SinkRefusedException("authentication failed: " + e.getMessage(), e);
        }
        if (e instanceof InvalidTopicException) {
            return new SinkRefusedException("invalid topic " + topic + ": " + e.getMessage(), e);
        }
        return new IOException("broker unreachable: " + e.getMessage(), e);
    }

    /**
     * The largest batch the producer takes: {@code max.request.size} less a record batch's and a
     * record's overhead and the key ({@link #maxValueBytes}), so the daemon can keep its envelopes
     * below it. 1,048,489 with the producer's default of 1 MiB and no key.
     */
    @Override
    public long maxBatchBytes() {
        return maxBatchBytes;
    }

    /** The broker's answer for one record; a failure counted once, wherever it is reported. */
    private final class Outcome implements Callback {
        private final Delivery delivery;
        private final int length;
        private final Thread caller = Thread.currentThread();
        private volatile boolean inSend = true;
        /** Set when the producer failed the record on the calling thread, inside send(). */
        Exception refusedInSend;

        Outcome(Delivery delivery, int length) {
            this.delivery = delivery;
            this.length = length;
        }

        void returned() {
            inSend = false;
        }

        @Override
        public void onCompletion(RecordMetadata meta, Exception e) {
            if (e == null) {
                stats().sent(length);
                delivery.delivered();
                return;
            }
            stats().error(e);
            if (inSend && Thread.currentThread() == caller) {
                refusedInSend = e;
                return;
            }
            IOException why = classify(e);
            String reason = why instanceof RejectedBatchException r ? r.reason()
                    : why instanceof SinkRefusedException ? "refused" : "undelivered";
            delivery.failed(reason, why);
            long now = System.nanoTime();
            long last = lastLog.get();
            if (now - last >= LOG_EVERY_NANOS && lastLog.compareAndSet(last, now)) {
                LOG.warn("kafka sink {}: delivery failed ({} errors so far): {}", uri(), stats().errors(), e.toString());
            }
        }
    }

    /** Waits until every record handed over so far is acknowledged or failed. */
    public void flush() {
        producer.flush();
    }

    /** Flushes (up to {@code close.timeout}) and closes the producer. */
    @Override
    protected void onClose() {
        producer.close(closeTimeout);
    }
}
