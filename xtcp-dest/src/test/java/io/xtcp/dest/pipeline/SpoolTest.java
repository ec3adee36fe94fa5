package io.xtcp.dest.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {
    @TempDir
    Path dir;
    final PipelineStats stats = new PipelineStats();

    static Batch batch(int n, int size) {
        byte[] b = new byte[size];
        java.util.Arrays.fill(b, (byte) n);
        return new Batch(b, n);
    }

    private Spool open(long max, long segment) throws IOException {
        return new Spool(dir, max, segment, stats);
    }

    private static void drainExpect(Spool s, int... ns) {
        for (int n : ns) {
            Batch b = s.peek();
            assertEquals(n, b.records);
            assertEquals(n, b.data[0]);
            s.ack();
        }
        assertNull(s.peek());
        assertTrue(s.isEmpty());
    }

    @Test
    void fifoAcrossSegmentsAndDeletesWhatWasRead() throws Exception {
        try (Spool s = open(1 << 20, 1000)) {
            for (int i = 1; i <= 20; i++) {
                assertTrue(s.append(batch(i, 300)));
            }
            assertTrue(s.segmentFiles().size() >= 6, "rolled: " + s.segmentFiles());
            assertEquals(20 * (300 + SpoolSegment.ENTRY_HEADER), stats.spoolBytes());
            drainExpect(s, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20);
            assertEquals(1, s.segmentFiles().size(), "only the segment being written is left");
            assertEquals(0, stats.spoolBytes());
        }
    }

    @Test
    void boundedByMaxBytes() throws Exception {
        try (Spool s = open(3 * (100 + SpoolSegment.ENTRY_HEADER), 1 << 20)) {
            assertTrue(s.append(batch(1, 100)));
            assertTrue(s.append(batch(2, 100)));
            assertTrue(s.append(batch(3, 100)));
            assertFalse(s.append(batch(4, 100)));
            s.peek();
            s.ack();
            assertTrue(s.append(batch(4, 100)));
            drainExpect(s, 2, 3, 4);
        }
    }

    @Test
    void readPositionsSurviveClose() throws Exception {
        try (Spool s = open(1 << 20, 1000)) {
            for (int i = 1; i <= 8; i++) {
                s.append(batch(i, 300));
            }
            for (int i = 1; i <= 4; i++) {
                s.peek();
                s.ack();
            }
        }
        try (Spool s = open(1 << 20, 1000)) {
            assertEquals(4, s.pendingEntries());
            s.append(batch(9, 10));
            drainExpect(s, 5, 6, 7, 8, 9);
        }
    }

    @Test
    void prependGoesInFrontOfPartlyReadSpool() throws Exception {
        try (Spool s = open(1 << 20, 1 << 20)) {
            s.append(batch(1, 10));
            s.append(batch(5, 10));
            s.append(batch(6, 10));
            s.peek();
            s.ack();
            assertTrue(s.prepend(List.of(batch(3, 10), batch(4, 10))));
        }
        try (Spool s = open(1 << 20, 1 << 20)) {
            drainExpect(s, 3, 4, 5, 6);
        }
    }

    @Test
    void corruptTailIsDetectedCountedAndCut() throws Exception {
        try (Spool s = open(1 << 20, 1 << 20)) {
            for (int i = 1; i <= 5; i++) {
                s.append(batch(i, 100));
            }
        }
        Path seg = onlySegment();
        long good = Files.size(seg);
        // a torn write: an entry header that promises more than the file holds
        try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.APPEND)) {
            ch.write(ByteBuffer.allocate(20).putInt(0, 5000).putInt(4, 7));
        }
        try (Spool s = open(1 << 20, 1 << 20)) {
            assertEquals(1, stats.spoolCorruptions());
            assertEquals(20, stats.spoolCorruptBytes());
            assertEquals(good, Files.size(seg), "tail cut off");
            drainExpect(s, 1, 2, 3, 4, 5);
        }
    }

    @Test
    void aFlippedByteEndsTheSegmentThere() throws Exception {
        try (Spool s = open(1 << 20, 1 << 20)) {
            for (int i = 1; i <= 5; i++) {
                s.append(batch(i, 100));
            }
        }
        Path seg = onlySegment();
        long third = SpoolSegment.MAGIC.length + 2L * (100 + SpoolSegment.ENTRY_HEADER);
        try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {(byte) 0xEE}), third + SpoolSegment.ENTRY_HEADER + 50);
        }
        try (Spool s = open(1 << 20, 1 << 20)) {
            assertEquals(1, stats.spoolCorruptions());
            assertEquals(3L * (100 + SpoolSegment.ENTRY_HEADER), stats.spoolCorruptBytes());
            drainExpect(s, 1, 2);
        }
    }

    @Test
    void aFileThatIsNotASegmentIsDiscarded() throws Exception {
        Files.write(dir.resolve("0000000000000000001.spool"), new byte[] {1, 2, 3});
        try (Spool s = open(1 << 20, 1 << 20)) {
            assertTrue(s.isEmpty());
            assertEquals(1, stats.spoolCorruptions());
            s.append(batch(1, 5));
            Batch b = s.peek();
            assertArrayEquals(new byte[] {1, 1, 1, 1, 1}, b.data);
        }
    }

    private Path onlySegment() throws IOException {
        try (var files = Files.list(dir)) {
            List<Path> l = files.filter(p -> p.toString().endsWith(".spool")).toList();
            assertEquals(1, l.size(), l.toString());
            return l.get(0);
        }
    }
}
