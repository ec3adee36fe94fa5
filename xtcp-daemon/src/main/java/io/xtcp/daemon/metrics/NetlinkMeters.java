package io.xtcp.daemon.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.xtcp.core.linux.Errno;
import io.xtcp.core.netlink.DumpStats;
import java.util.List;

/**
 * The netlink side of a poll: bytes, receives, dumps and interrupted dumps, messages by type,
 * input counted and skipped ({@code xtcp.parse.problems} by kind) and failures by stage and errno.
 * Fed once per poll with the cycle's {@link DumpStats} difference (see {@link DumpStatsDelta});
 * which counter feeds which meter is one table, indexed by {@link DumpStats.Counter}.
 */
public final class NetlinkMeters implements MeterBinder {
    /** Message types of {@code xtcp.netlink.messages}. */
    static final List<String> MESSAGE_TYPES = List.of("sock_diag", "control", "error", "unexpected", "foreign");

    private final TagValues errnos = new TagValues(32);
    private final TagValues stages = new TagValues(8);
    /** The meter each DumpStats counter adds to, by its ordinal; null for counters with no meter of their own. */
    private final Counter[] byCounter = new Counter[DumpStats.Counter.COUNT];
    private final Counter[] messages = new Counter[MESSAGE_TYPES.size()];
    private MeterRegistry registry;

    @Override
    public void bindTo(MeterRegistry registry) {
        this.registry = registry;
        feeds(DumpStats.Counter.BYTES, Counter.builder("xtcp.netlink.received").baseUnit("bytes")
                .description("Bytes read from netlink sockets").register(registry));
        feeds(DumpStats.Counter.DATAGRAMS, Counter.builder("xtcp.netlink.receives")
                .description("recv calls on netlink sockets that returned data").register(registry));
        feeds(DumpStats.Counter.DUMPS, Counter.builder("xtcp.netlink.dumps")
                .description("inet_diag dumps run (one per namespace per poll)").register(registry));
        feeds(DumpStats.Counter.INTERRUPTED, Counter.builder("xtcp.netlink.interrupted")
                .description("Dumps the kernel flagged NLM_F_DUMP_INTR (the table changed during the walk)").register(registry));
        for (int i = 0; i < MESSAGE_TYPES.size(); i++) {
            messages[i] = Counter.builder("xtcp.netlink.messages").tag("type", MESSAGE_TYPES.get(i))
                    .description("Netlink messages received, by type").register(registry);
        }
        feeds(DumpStats.Counter.MALFORMED_MESSAGES, problem("malformed_message"));
        feeds(DumpStats.Counter.SHORT_MESSAGES, problem("short_message"));
        feeds(DumpStats.Counter.MALFORMED_ATTRIBUTES, problem("malformed_attribute"));
        feeds(DumpStats.Counter.UNKNOWN_ATTRIBUTES, problem("unknown_attribute"));
        feeds(DumpStats.Counter.SEQUENCE_MISMATCHES, problem("sequence_mismatch"));
        feeds(DumpStats.Counter.UNEXPECTED_TYPES, problem("unexpected_type"));
    }

    private void feeds(DumpStats.Counter source, Counter meter) {
        byCounter[source.ordinal()] = meter;
    }

    private Counter problem(String kind) {
        return Counter.builder("xtcp.parse.problems").tag("kind", kind)
                .description("Netlink input counted and skipped, by kind").register(registry);
    }

    /** Once after each poll: the netlink counters of this cycle (a difference, not cumulative). */
    public void onPoll(DumpStats d) {
        for (int i = 0; i < byCounter.length; i++) {
            if (byCounter[i] != null) {
                add(byCounter[i], d.get(DumpStats.Counter.at(i)));
            }
        }
        long sockDiag = d.sockets + d.shortMessages;
        long control = d.messages - sockDiag - d.errors - d.unexpectedTypes - d.sequenceMismatches;
        add(messages[0], sockDiag);
        add(messages[1], control);
        add(messages[2], d.errors);
        add(messages[3], d.unexpectedTypes);
        add(messages[4], d.sequenceMismatches);
        if (d.errors > 0) {
            error("dump", d.lastErrno, d.errors);
        }
    }

    private static void add(Counter c, long n) {
        if (n > 0) {
            c.increment(n);
        }
    }

    /**
     * A netlink or namespace failure outside the dump walk.
     *
     * @param stage where: open, setns, send, recv, dump (an NLMSG_ERROR reply), ...
     * @param errno the positive errno
     */
    public void error(String stage, int errno, long count) {
        if (count <= 0) {
            return;
        }
        Counter.builder("xtcp.netlink.errors").tag("stage", stages.of(stage)).tag("errno", errnos.of(Errno.name(errno)))
                .description("Netlink failures by stage and errno").register(registry).increment(count);
    }
}
