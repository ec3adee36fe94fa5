package io.xtcp.core.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xtcp.core.testing.CaptureReplay;
import io.xtcp.core.testing.DecodedSocket;
import io.xtcp.core.testing.Fixtures;
import io.xtcp.core.testing.SsSocket;
import io.xtcp.core.testing.SsText;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The comparison must notice a changed, a missing and an unknown ss value: the golden test is only as strict as it. */
class SsComparisonTest {
    private static List<String> lines;
    private static Map<Long, DecodedSocket> decoded;

    @BeforeAll
    static void load() throws Exception {
        lines = Files.readAllLines(Fixtures.netlink("6_10_3", "ss_tcp_info_a_10.txt"));
        decoded = GoldenCaptureTest.byCookie(CaptureReplay.of(Fixtures.netlink("6_10_3", "tcp_10_sockets.pcap")).lastPerFamily());
    }

    @Test
    void theUnchangedTextMatches() {
        assertTrue(mismatches(UnaryOperator.identity()).isEmpty());
    }

    @Test
    void aChangedRttIsOneMismatch() {
        List<String> m = mismatches(l -> l.replaceFirst(" rtt:[0-9.]+/", " rtt:999.5/"));
        assertEquals(1, m.size(), m::toString);
        assertTrue(m.get(0).contains("rtt ss=999.5"), m.get(0));
    }

    @Test
    void aChangedSkmemAndRateAreMismatches() {
        List<String> m = mismatches(l -> l.replaceFirst(",tb2626560,", ",tb2626561,")
                .replaceFirst("delivery_rate (\\d+)bps", "delivery_rate 1$1bps"));
        assertEquals(2, m.size(), m::toString);
    }

    @Test
    void aFieldSsDidNotPrintIsAMismatch() {
        List<String> m = mismatches(l -> l.replaceFirst(" minrtt:[0-9.]+", ""));
        assertEquals(1, m.size(), m::toString);
        assertTrue(m.get(0).contains("minrtt ss=(absent)"), m.get(0));
    }

    @Test
    void aKeyNoComparisonCoversIsAMismatch() {
        List<String> m = mismatches(l -> l.replaceFirst(" snd_wnd:", " frobs:7 snd_wnd:"));
        assertEquals(1, m.size(), m::toString);
        assertTrue(m.get(0).contains("frobs"), m.get(0));
    }

    /** Applies {@code edit} to the continuation line of the first ESTAB socket and compares it. */
    private static List<String> mismatches(UnaryOperator<String> edit) {
        List<String> edited = new ArrayList<>(lines);
        for (int i = 0; i < edited.size(); i++) {
            if (edited.get(i).startsWith("ESTAB") && edited.get(i).contains("127.0.0.1")) {
                edited.set(i + 1, edit.apply(edited.get(i + 1)));
                SsSocket s = SsText.parse(edited.subList(i, i + 2)).get(0);
                SsComparison cmp = new SsComparison();
                cmp.compare(s, decoded.get(s.cookie()));
                assertTrue(cmp.compared() > 60, "compared " + cmp.compared());
                return cmp.mismatches();
            }
        }
        throw new AssertionError("no ESTAB socket in the fixture");
    }
}
