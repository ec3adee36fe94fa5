package io.xtcp.daemon.run;

import io.xtcp.daemon.cli.UsageException;
import io.xtcp.daemon.config.SizeConverter;
import io.xtcp.daemon.config.ValueOrigins;
import io.xtcp.daemon.config.XtcpConfig;
import io.xtcp.dest.Destination;
import java.util.Locale;
import java.util.Map;

/**
 * Sizes checked against what holds them, before anything runs: envelopes against the largest
 * batch the destination can send, and the queue (with the envelopes being built and sent, the side
 * server's snapshot, a Kafka producer's buffer and what the daemon holds anyway) against the heap
 * the JVM has. A value that cannot fit is a configuration error (exit 2), named with where it came
 * from, rather than records dropped at every send or an OutOfMemoryError once a destination
 * stalls ({@code --queue-max-bytes 400MiB} with a dead broker reached one in 12 s).
 */
public final class StartupLimits {
    /** What the heap holds besides the pipeline between polls (registry, pools, metrics): docs/memory.md. */
    public static final long BASELINE_HEAP = 24L << 20;
    /** A side-server snapshot record on the heap (two sets are held): docs/memory.md. */
    public static final long SNAPSHOT_RECORD_BYTES = 300;
    /** The Kafka producer's buffer.memory unless --dest-opt sets it (KafkaDestination's default). */
    public static final long KAFKA_BUFFER_MEMORY = 16L << 20;
    /** The option that bounds a destination's batch, by scheme. */
    private static final Map<String, String> BATCH_LIMIT_OPTION = Map.of("udp", "max.datagram.bytes", "kafka", "max.request.size");

    private StartupLimits() {}

    /**
     * The envelope size for {@code destination}: {@code --envelope-max-bytes}, capped to what the
     * destination takes (less {@code framePrefix}) when it is the default; a value the user gave
     * that does not fit is refused (the caller, which owns the destination, closes it).
     */
    public static int envelopeBytes(XtcpConfig config, ValueOrigins origins, Destination destination, int framePrefix) {
        long fits = destination.maxBatchBytes() == Long.MAX_VALUE ? Long.MAX_VALUE : destination.maxBatchBytes() - framePrefix;
        if (config.envelopeMaxBytes() <= fits) {
            return (int) config.envelopeMaxBytes();
        }
        if (!origins.given("--envelope-max-bytes")) {
            return (int) fits;
        }
        String scheme = config.dest().contains(":") ? config.dest().substring(0, config.dest().indexOf(':')) : config.dest();
        String option = BATCH_LIMIT_OPTION.getOrDefault(scheme, "its batch limit");
        String optionValue = config.destOptions().get(option);
        String limit = optionValue != null ? option + " " + optionValue + " (--dest-opt)"
                : option + " (default: batches of at most " + destination.maxBatchBytes() + " bytes)";
        throw new UsageException("--envelope-max-bytes " + SizeConverter.format(config.envelopeMaxBytes()) + " "
                + origins.describe("--envelope-max-bytes") + " is above " + scheme + " " + limit + ": envelopes of at most "
                + fits + " bytes fit " + destination.uri());
    }

    /** The heap the configuration needs at most, by the sum described at the top. */
    public static long heapNeeded(XtcpConfig config) {
        long envelopes = config.envelopeMaxBytes() * (config.pollThreads() + 1L);
        long snapshot = config.http().enabled() ? 2L * config.http().snapshotRecords() * SNAPSHOT_RECORD_BYTES : 0;
        long producer = 0;
        if (config.dest().startsWith("kafka:")) {
            String b = config.destOptions().get("buffer.memory");
            producer = b != null && b.strip().matches("\\d+") ? Long.parseLong(b.strip()) : KAFKA_BUFFER_MEMORY;
        }
        return config.queueMaxBytes() + envelopes + snapshot + producer + BASELINE_HEAP;
    }

    /** Refuses a configuration whose queue cannot fit {@code maxHeap} (the JVM's {@code Runtime.maxMemory()}). */
    public static void checkHeap(XtcpConfig config, ValueOrigins origins, long maxHeap) {
        long needed = heapNeeded(config);
        if (needed <= maxHeap) {
            return;
        }
        long raise = (needed + needed / 4 + (1L << 20) - 1) >> 20; // a quarter more: garbage between collections
        throw new UsageException("--queue-max-bytes " + SizeConverter.format(config.queueMaxBytes()) + " "
                + origins.describe("--queue-max-bytes") + " does not fit the heap: with " + (config.pollThreads() + 1)
                + " envelopes of " + SizeConverter.format(config.envelopeMaxBytes()) + " (--envelope-max-bytes, one per --poll-threads and one being sent)"
                + (config.http().enabled() ? ", the side server's snapshot (2 x " + config.http().snapshotRecords() + " --http-snapshot-records)" : "")
                + (config.dest().startsWith("kafka:") ? ", the Kafka producer's buffer.memory" : "")
                + " and " + SizeConverter.format(BASELINE_HEAP) + " the daemon holds anyway, it needs up to " + mib(needed)
                + ", above the JVM's heap of " + mib(maxHeap) + " (-Xmx; with bin/xtcp set XTCP_HEAP=" + raise
                + "m or lower --queue-max-bytes)");
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1fMiB", bytes / 1048576.0);
    }
}
