package io.xtcp.daemon.metrics;

import static io.xtcp.daemon.metrics.XtcpMetricsTest.samples;
import static io.xtcp.daemon.metrics.XtcpMetricsTest.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.xtcp.core.netlink.DumpStats;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** NetlinkMeters alone: each DumpStats counter lands in its family, messages split by type, errors by stage and errno. */
class NetlinkMetersTest {
    @Test
    void aCyclesDumpStatsFeedTheirFamilies() {
        NetlinkMeters netlink = new NetlinkMeters();
        PrometheusMeterRegistry r = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        netlink.bindTo(r);
        DumpStats d = new DumpStats();
        d.dumps = 2;
        d.datagrams = 3;
        d.bytes = 4096;
        d.interrupted = 1;
        d.sockets = 10;
        d.shortMessages = 1;
        d.errors = 1;
        d.lastErrno = 13; // EACCES
        d.unexpectedTypes = 2;
        d.sequenceMismatches = 3;
        d.messages = 10 + 1 + 1 + 2 + 3 + 2; // sock_diag, error, unexpected, foreign, and 2 control (DONE)
        d.malformedMessages = 4;
        d.malformedAttributes = 5;
        d.unknownAttributes = 6;
        netlink.onPoll(d);
        netlink.error("setns", 1, 2);
        netlink.error("send", 1, 0);
        String text = r.scrape();
        Map<String, Double> s = samples(text);
        assertEquals(2, value(s, "xtcp_netlink_dumps_total"));
        assertEquals(3, value(s, "xtcp_netlink_receives_total"));
        assertEquals(4096, value(s, "xtcp_netlink_received_bytes_total"));
        assertEquals(1, value(s, "xtcp_netlink_interrupted_total"));
        assertEquals(11, value(s, "xtcp_netlink_messages_total{type=\"sock_diag\"}"));
        assertEquals(2, value(s, "xtcp_netlink_messages_total{type=\"control\"}"));
        assertEquals(1, value(s, "xtcp_netlink_messages_total{type=\"error\"}"));
        assertEquals(2, value(s, "xtcp_netlink_messages_total{type=\"unexpected\"}"));
        assertEquals(3, value(s, "xtcp_netlink_messages_total{type=\"foreign\"}"));
        assertEquals(4, value(s, "xtcp_parse_problems_total{kind=\"malformed_message\"}"));
        assertEquals(1, value(s, "xtcp_parse_problems_total{kind=\"short_message\"}"));
        assertEquals(5, value(s, "xtcp_parse_problems_total{kind=\"malformed_attribute\"}"));
        assertEquals(6, value(s, "xtcp_parse_problems_total{kind=\"unknown_attribute\"}"));
        assertEquals(3, value(s, "xtcp_parse_problems_total{kind=\"sequence_mismatch\"}"));
        assertEquals(2, value(s, "xtcp_parse_problems_total{kind=\"unexpected_type\"}"));
        assertEquals(1, value(s, "xtcp_netlink_errors_total{errno=\"EACCES\",stage=\"dump\"}"));
        assertEquals(2, value(s, "xtcp_netlink_errors_total{errno=\"EPERM\",stage=\"setns\"}"));
        assertFalse(text.contains("stage=\"send\""), "a count of 0 makes no series");
        r.close();
    }
}
