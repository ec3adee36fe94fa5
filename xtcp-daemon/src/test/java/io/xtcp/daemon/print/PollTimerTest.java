package io.xtcp.daemon.print;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PollTimerTest {

    @Test
    void summaryTakesMediansOfTheSecondHalfAndDividesBytesBySockets() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PollTimer timer = new PollTimer(new PrintStream(buf, true, StandardCharsets.UTF_8));
        long[][] polls = {{999, 1, 1}, {999, 1, 1}, {100, 3, 45_600}, {100, 5, 45_800}, {100, 4, 45_700}, {0, 0, 0}};
        // The first half (first three) is warm-up; the median of the rest is taken column by column.
        for (long[] p : polls) {
            timer.start();
            timer.stop(p[0], p[1], p[2]);
        }
        timer.summary();
        List<String> lines = buf.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(polls.length + 1, lines.size());
        assertTrue(lines.get(2).contains("recvs=3 bytes=45600"), lines.get(2));
        Map<String, String> kv = fields(lines.get(lines.size() - 1));
        assertEquals("3", kv.get("polls"));
        assertEquals("100", kv.get("sockets"));
        assertEquals("4", kv.get("recvs"));
        assertEquals("45700", kv.get("bytes"));
        assertEquals("457.0", kv.get("bytes_per_socket"));
    }

    @Test
    void peakRssIsThisProcessesVmHwm() throws Exception {
        long fromProc = 0;
        for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                fromProc = Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        long peak = PollTimer.peakRssKib();
        assertTrue(fromProc > 0, "VmHWM readable");
        // The peak only grows: read after the oracle, it is at least the oracle and within a few MiB of it.
        assertTrue(peak >= fromProc && peak < fromProc + 64 * 1024, "peak " + peak + " vs /proc " + fromProc);
    }

    private static Map<String, String> fields(String line) {
        Map<String, String> kv = new HashMap<>();
        for (String f : line.split(" ")) {
            int eq = f.indexOf('=');
            if (eq > 0) {
                kv.put(f.substring(0, eq), f.substring(eq + 1));
            }
        }
        return kv;
    }
}
