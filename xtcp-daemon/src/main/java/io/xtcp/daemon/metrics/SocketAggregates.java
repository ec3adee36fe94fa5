package io.xtcp.daemon.metrics;

/**
 * Per-poll socket aggregates for the RTT and retransmit panels, built with plain increments (one
 * {@link #add} per socket, no allocation) and handed to {@link SocketMeters#aggregates} once per
 * poll. One instance per poll thread; {@link #merge} sums them.
 */
public final class SocketAggregates {
    /** Upper bounds of the RTT buckets, microseconds (the kernel's unit). */
    static final long[] RTT_BOUNDS_MICROS = {100, 500, 1_000, 5_000, 10_000, 25_000, 50_000, 100_000, 250_000, 500_000, 1_000_000, 2_500_000};

    final long[] rttBuckets = new long[RTT_BOUNDS_MICROS.length + 1];
    long withRtt;
    long retransmitting;
    long retransSegments;

    /**
     * One socket.
     *
     * @param rttMicros    tcpi_rtt; 0 when the socket has none (listeners, no tcp_info)
     * @param retransmits  tcpi_retransmits (unrecovered RTO timeouts now)
     * @param totalRetrans tcpi_total_retrans (segments retransmitted over the socket's life)
     */
    public void add(long rttMicros, long retransmits, long totalRetrans) {
        if (rttMicros > 0) {
            int i = 0;
            while (i < RTT_BOUNDS_MICROS.length && rttMicros > RTT_BOUNDS_MICROS[i]) {
                i++;
            }
            rttBuckets[i]++;
            withRtt++;
        }
        if (retransmits > 0) {
            retransmitting++;
        }
        retransSegments += totalRetrans;
    }

    public void merge(SocketAggregates other) {
        for (int i = 0; i < rttBuckets.length; i++) {
            rttBuckets[i] += other.rttBuckets[i];
        }
        withRtt += other.withRtt;
        retransmitting += other.retransmitting;
        retransSegments += other.retransSegments;
    }

    public void reset() {
        java.util.Arrays.fill(rttBuckets, 0);
        withRtt = retransmitting = retransSegments = 0;
    }
}
