package io.xtcp.daemon.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xtcp.core.record.DecodedRecord;
import io.xtcp.daemon.http.Records;
import io.xtcp.schema.v1.CongestionAlgorithm;
import io.xtcp.schema.v1.XtcpFlatRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Counts and kept records of a snapshot built from interleaved namespaces and congestion names
 * (as strings and as the enum alone), against counts made here from the same inputs.
 */
class PollSnapshotTest {
    private static final String[] NETNS = {"a", "b", "ns-with-a-longer-name", "a2"};
    private static final String[] CC = {"cubic", "bbr", "", "dctcp"};

    @Test
    void countsEveryRecordAndKeepsTheFirstMaxInOrder() {
        SplittableRandom random = new SplittableRandom(7);
        int max = 300;
        SnapshotBuilder b = PollSnapshot.builder(max).expect(50, 1000); // smaller than needed: must grow
        Map<String, Long> byNetns = new TreeMap<>();
        Map<String, Long> byCc = new TreeMap<>();
        List<Integer> ports = new ArrayList<>();
        int n = 1000;
        for (int i = 0; i < n; i++) {
            // runs of the same namespace, as a poll delivers them, broken up now and then
            String ns = NETNS[(i / 37 + (random.nextInt(10) == 0 ? 1 : 0)) % NETNS.length];
            String cc = CC[random.nextInt(CC.length)];
            boolean enumOnly = cc.equals("bbr") && random.nextBoolean();
            DecodedRecord r = Records.of(ns, 1, 1000 + i, 80, i, 0, i, 10, enumOnly ? "" : cc);
            if (enumOnly) {
                r.number(XtcpFlatRecord.CONGESTION_ALGORITHM_ENUM_FIELD_NUMBER, CongestionAlgorithm.CONGESTION_ALGORITHM_BBR1_VALUE);
            }
            b.add(r);
            byNetns.merge(ns, 1L, Long::sum);
            String expectedCc = enumOnly ? "bbr1" : cc;
            if (!expectedCc.isEmpty()) {
                byCc.merge(expectedCc, 1L, Long::sum);
            }
            if (i < max) {
                ports.add(1000 + i);
            }
        }
        PollSnapshot s = b.build(1, 1);
        assertEquals(n, s.total());
        assertEquals(max, s.size());
        assertTrue(s.truncated());
        assertEquals(byNetns, s.byNetns());
        assertEquals(byCc, s.byCongestion());
        assertEquals(Map.of("established", (long) n), s.byState());
        for (int i = 0; i < max; i++) {
            assertEquals(ports.get(i), s.srcPort(i), "kept record " + i);
            assertEquals(i, s.rtt(i));
        }
    }

    @Test
    void aBuiltBuilderTakesNoMoreRecords() {
        SnapshotBuilder b = PollSnapshot.builder(10);
        b.add(Records.of("a", 1, 1, 2, 3, 0, 0, 0, "cubic"));
        PollSnapshot s = b.build(1, 1);
        assertThrows(IllegalStateException.class, () -> b.add(Records.of("a", 1, 1, 2, 3, 0, 0, 0, "cubic")));
        assertThrows(IllegalStateException.class, () -> b.build(2, 2));
        assertEquals(1, s.total());
    }
}
