package io.xtcp.daemon.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.xtcp.core.netlink.TcpState;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What the last poll saw of the sockets: {@code xtcp.sockets} by TCP state, the cumulative RTT
 * buckets {@code xtcp.sockets.rtt}, {@code xtcp.sockets.retransmitting} and
 * {@code xtcp.sockets.retrans.segments}. Set once per poll from the poll threads' tallies; the
 * total goes to {@link StatusReadings#socketsLastPoll()}.
 */
public final class SocketMeters implements MeterBinder {
    /** TCP states with a series in {@code xtcp.sockets}: ESTABLISHED (1) … BOUND_INACTIVE (13). */
    static final int MAX_STATE = 13;

    private final StatusReadings status;
    private final AtomicLongArray byState = new AtomicLongArray(MAX_STATE + 1);
    private final AtomicLongArray rttCumulative = new AtomicLongArray(SocketAggregates.RTT_BOUNDS_MICROS.length + 1);
    private final AtomicLong retransmitting = new AtomicLong();
    private final AtomicLong retransSegments = new AtomicLong();

    public SocketMeters(StatusReadings status) {
        this.status = status;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (int s = 1; s <= MAX_STATE; s++) {
            final int state = s;
            Gauge.builder("xtcp.sockets", byState, a -> a.get(state)).tag("state", TcpState.name(s).toLowerCase(Locale.ROOT))
                    .description("Sockets seen by the last poll, by TCP state").register(registry);
        }
        for (int i = 0; i <= SocketAggregates.RTT_BOUNDS_MICROS.length; i++) {
            final int b = i;
            String le = i < SocketAggregates.RTT_BOUNDS_MICROS.length
                    ? Double.toString(SocketAggregates.RTT_BOUNDS_MICROS[i] / 1e6) : "+Inf";
            Gauge.builder("xtcp.sockets.rtt", rttCumulative, a -> a.get(b)).baseUnit("seconds").tag("upper_bound", le)
                    .description("Sockets of the last poll with a smoothed RTT at or below upper_bound (cumulative buckets)")
                    .register(registry);
        }
        Gauge.builder("xtcp.sockets.retransmitting", retransmitting, AtomicLong::get)
                .description("Sockets of the last poll in retransmission (tcpi_retransmits > 0)").register(registry);
        Gauge.builder("xtcp.sockets.retrans.segments", retransSegments, AtomicLong::get)
                .description("Sum of tcpi_total_retrans over the sockets of the last poll").register(registry);
    }

    /** Once after each poll: sockets seen, indexed by TCP state number (index 1 = ESTABLISHED). */
    public void byState(int[] socketsByState) {
        long total = 0;
        for (int s = 1; s <= MAX_STATE; s++) {
            long n = s < socketsByState.length ? socketsByState[s] : 0;
            byState.set(s, n);
            total += n;
        }
        status.socketsLastPoll.set(total);
    }

    /** Once after each poll: the RTT distribution and retransmissions of its sockets. */
    public void aggregates(SocketAggregates a) {
        long cumulative = 0;
        for (int i = 0; i < a.rttBuckets.length; i++) {
            cumulative += a.rttBuckets[i];
            rttCumulative.set(i, cumulative);
        }
        retransmitting.set(a.retransmitting);
        retransSegments.set(a.retransSegments);
    }
}
