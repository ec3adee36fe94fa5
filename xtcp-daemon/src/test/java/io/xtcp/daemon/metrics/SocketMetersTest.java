package io.xtcp.daemon.metrics;

import static io.xtcp.daemon.metrics.XtcpMetricsTest.samples;
import static io.xtcp.daemon.metrics.XtcpMetricsTest.value;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SocketMeters alone: states, the cumulative RTT buckets, retransmissions, the total in StatusReadings. */
class SocketMetersTest {
    @Test
    void lastPollsSocketsByStateAndRtt() {
        StatusReadings status = new StatusReadings();
        SocketMeters sockets = new SocketMeters(status);
        PrometheusMeterRegistry r = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        sockets.bindTo(r);
        int[] byState = new int[3]; // shorter than every state: the rest read 0
        byState[1] = 5;
        byState[2] = 2;
        sockets.byState(byState);
        SocketAggregates a = new SocketAggregates();
        a.add(50, 0, 1);        // <= 100 us
        a.add(3_000, 2, 4);     // <= 5 ms, retransmitting
        a.add(9_000_000, 0, 0); // past every bound
        sockets.aggregates(a);
        Map<String, Double> s = samples(r.scrape());
        assertEquals(5, value(s, "xtcp_sockets{state=\"established\"}"));
        assertEquals(2, value(s, "xtcp_sockets{state=\"syn_sent\"}"));
        assertEquals(0, value(s, "xtcp_sockets{state=\"listen\"}"));
        assertEquals(7, status.socketsLastPoll());
        assertEquals(1, value(s, "xtcp_sockets_rtt_seconds{upper_bound=\"1.0E-4\"}"));
        assertEquals(2, value(s, "xtcp_sockets_rtt_seconds{upper_bound=\"0.005\"}"));
        assertEquals(2, value(s, "xtcp_sockets_rtt_seconds{upper_bound=\"2.5\"}"));
        assertEquals(3, value(s, "xtcp_sockets_rtt_seconds{upper_bound=\"+Inf\"}"));
        assertEquals(1, value(s, "xtcp_sockets_retransmitting"));
        assertEquals(5, value(s, "xtcp_sockets_retrans_segments"));
        r.close();
    }
}
