package io.xtcp.daemon.metrics;

import static io.xtcp.daemon.metrics.XtcpMetricsTest.samples;
import static io.xtcp.daemon.metrics.XtcpMetricsTest.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** PollMeters alone: results, overruns, the schedule, and what it leaves in StatusReadings. */
class PollMetersTest {
    @Test
    void aCycleCountsByResultOverrunsAndLastPoll() {
        StatusReadings status = new StatusReadings();
        PollMeters poll = new PollMeters(status);
        PrometheusMeterRegistry r = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        poll.bindTo(r);
        Map<String, Double> zero = samples(r.scrape());
        for (String result : PollMeters.RESULTS) {
            assertEquals(0, value(zero, "xtcp_polls_total{result=\"" + result + "\"}"), result);
        }
        assertEquals(0, value(zero, "xtcp_poll_last_success_timestamp_seconds"));

        poll.schedule(Duration.ofSeconds(1), Duration.ofMillis(800));
        poll.onPoll(2_000_000_000L, "ok");
        poll.onPoll(3_000_000L, "no-such-result");
        poll.encoded(0);
        poll.encoded(7);
        poll.startToFirstPoll(1.25);
        Map<String, Double> s = samples(r.scrape());
        assertEquals(1, value(s, "xtcp_polls_total{result=\"ok\"}"));
        assertEquals(1, value(s, "xtcp_polls_total{result=\"error\"}"), "an unknown result counts as error");
        assertEquals(1, value(s, "xtcp_poll_overruns_total"), "2 s over a 1 s interval");
        assertEquals(1, value(s, "xtcp_poll_interval_seconds"));
        assertEquals(0.8, value(s, "xtcp_poll_timeout_seconds"));
        assertEquals(0.003, value(s, "xtcp_poll_last_duration_seconds"));
        assertEquals(7, value(s, "xtcp_encoded_records_total"));
        assertEquals(1.25, value(s, "xtcp_start_to_first_poll_seconds"));
        assertEquals(2, value(s, "xtcp_poll_duration_seconds_count"));

        assertEquals(1, status.polls("ok"));
        assertEquals(1, status.polls("error"));
        assertEquals(0, status.polls("timeout"));
        assertEquals(3_000_000L, status.lastPollDurationNanos());
        assertTrue(status.lastSuccessMillis() > 0 && status.lastSuccessMillis() <= status.lastPollMillis());
        assertEquals(status.lastSuccessMillis() / 1e3, value(s, "xtcp_poll_last_success_timestamp_seconds"), 1e-3);
        r.close();
    }
}
