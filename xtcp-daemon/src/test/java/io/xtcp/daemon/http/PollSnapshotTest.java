package io.xtcp.daemon.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.xtcp.core.record.DecodedRecord;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PollSnapshotTest {
    private static PollSnapshot poll(PollSnapshot.Builder b, int records) {
        for (int i = 0; i < records; i++) {
            b.add(Records.of(i % 3 == 0 ? "a" : "b", 1, 1000 + i, 80, 50L * i, i % 2, 10L * i, 0, i % 4 == 0 ? "bbr" : "cubic"));
        }
        return b.build(1, 1);
    }

    private static List<String> rows(PollSnapshot s) {
        List<String> out = new ArrayList<>();
        DecodedRecord scratch = new DecodedRecord();
        for (int i = 0; i < s.size(); i++) {
            StringBuilder sb = new StringBuilder();
            s.appendJson(i, scratch, sb);
            out.add(s.netns(i) + " " + s.srcPort(i) + " " + s.rtt(i) + " " + sb);
        }
        return out;
    }

    @Test
    void aBuilderSizedLikeThePreviousPollMakesTheSameSnapshot() {
        PollSnapshot plain = poll(PollSnapshot.builder(50), 80);
        for (int records : new int[] {10, 50, 80, 200}) {
            PollSnapshot previous = poll(PollSnapshot.builder(50), records);
            PollSnapshot sized = poll(PollSnapshot.builder(50, previous), 80);
            assertEquals(rows(plain), rows(sized), "sized like a poll of " + records);
            assertEquals(plain.total(), sized.total());
            assertEquals(plain.byNetns(), sized.byNetns());
            assertEquals(plain.byCongestion(), sized.byCongestion());
            assertEquals(plain.byState(), sized.byState());
        }
        assertEquals(80L, plain.total());
        assertEquals(java.util.Map.of("a", 27L, "b", 53L), plain.byNetns());
        assertEquals(java.util.Map.of("bbr", 20L, "cubic", 60L), plain.byCongestion());
    }

    @Test
    void aBuiltBuilderTakesNoMoreRecords() {
        PollSnapshot.Builder b = PollSnapshot.builder(10);
        poll(b, 3);
        assertThrows(IllegalStateException.class, () -> b.add(Records.of("a", 1, 1, 2, 3, 0, 0, 0, "cubic")));
    }
}
