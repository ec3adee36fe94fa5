package io.xtcp.daemon.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** StatusReadings: what /api/status reads, from the binders' writes, before and after a poll. */
class StatusReadingsTest {
    @Test
    void zeroBeforeTheFirstPollThenTheLastOne() {
        long before = System.currentTimeMillis();
        try (XtcpMetrics m = new XtcpMetrics("t", false)) {
            StatusReadings s = m.status();
            assertTrue(s.startMillis() >= before && s.startMillis() <= System.currentTimeMillis());
            assertEquals(0, s.lastPollMillis());
            assertEquals(0, s.lastSuccessMillis());
            assertEquals(0, s.polls("ok"));
            assertEquals(0, s.polls("no-such-result"));
            assertTrue(s.sinks().isEmpty());

            m.poll().onPoll(1_000, "error");
            assertEquals(1, s.polls("error"));
            assertTrue(s.lastPollMillis() > 0);
            assertEquals(0, s.lastSuccessMillis(), "an error is not a success");
            m.poll().onPoll(2_000, "ok");
            assertEquals(s.lastPollMillis(), s.lastSuccessMillis());
            assertEquals(2_000, s.lastPollDurationNanos());
        }
    }
}
