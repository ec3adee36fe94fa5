package io.xtcp.dest.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xtcp.dest.Destination;
import io.xtcp.dest.Destinations;
import io.xtcp.dest.marshal.Marshaller;
import io.xtcp.dest.marshal.Marshallers;
import io.xtcp.dest.testing.TestBatches;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileRotationTest {
    @TempDir
    Path dir;

    @Test
    void sizeRotationKeepsRetainedFilesEachOfWholeBatches() throws Exception {
        Path out = dir.resolve("out.pb");
        List<TestBatches.Batch> bs = TestBatches.batches(1, 3000, 10, 8000, 20);
        long limit = 16 << 10;
        try (Destination d = Destinations.open("file://" + out,
                Map.of("rotate.bytes", "16k", "retain", "3", "fsync", "rotate"))) {
            for (TestBatches.Batch b : bs) {
                d.send(b.buffer());
            }
            FileDestination f = (FileDestination) d;
            assertTrue(f.rotations() > 10, "rotated " + f.rotations());
            List<Path> rotated = f.rotatedFiles();
            assertEquals(3, rotated.size(), rotated.toString());
        }
        List<Path> files = new ArrayList<>();
        try (var s = Files.list(dir)) {
            s.sorted((a, b) -> Long.compare(index(a), index(b))).forEach(files::add);
        }
        assertEquals(4, files.size(), "3 rotated + the active one: " + files);
        assertEquals(out, files.get(files.size() - 1));
        List<Long> all = new ArrayList<>();
        for (Path p : files) {
            assertTrue(Files.size(p) <= limit, p + " is " + Files.size(p));
            all.addAll(TestBatches.streamCounters(Files.readAllBytes(p)));
        }
        long first = all.get(0);
        TestBatches.assertRange(first, 3000 - first + 1, all, "the newest records, contiguous, each file parsing whole");
    }

    @Test
    void timeRotationAndCsvHeaderOncePerFile() throws Exception {
        Path out = dir.resolve("out.csv");
        AtomicLong now = new AtomicLong();
        Marshaller csv = Marshallers.byName("csv", List.of("record_counter", "hostname"));
        FileDestination d = new FileDestination("file://" + out, out, csv.header(), 0, Duration.ofSeconds(60), 5,
                FsyncPolicy.NONE, now::get);
        List<TestBatches.Batch> bs = TestBatches.batches(1, 30, 5, 8000, 0);
        for (int i = 0; i < bs.size(); i++) {
            if (i == 2 || i == 4) {
                now.addAndGet(Duration.ofSeconds(61).toNanos());
            }
            d.send(csv.marshal(bs.get(i).buffer()));
        }
        d.close();
        assertEquals(2, d.rotations());
        List<String> lines = new ArrayList<>();
        for (Path p : List.of(dir.resolve("out.csv.1"), dir.resolve("out.csv.2"), out)) {
            List<String> l = Files.readAllLines(p, StandardCharsets.UTF_8);
            assertEquals("record_counter,hostname", l.get(0), p.toString());
            assertEquals(1, l.stream().filter(x -> x.startsWith("record_counter")).count());
            lines.addAll(l.subList(1, l.size()));
        }
        assertEquals(30, lines.size());
        assertEquals("1,test-host", lines.get(0));
        assertEquals("30,test-host", lines.get(29));
    }

    @Test
    void appendsToAnExistingFileWithoutASecondHeader() throws Exception {
        Path out = dir.resolve("out.tsv");
        byte[] header = "a\tb\n".getBytes(StandardCharsets.UTF_8);
        for (int run = 0; run < 2; run++) {
            try (FileDestination d = new FileDestination("file://" + out, out, header, 0, Duration.ZERO, 1, FsyncPolicy.ALWAYS,
                    System::nanoTime)) {
                d.send(java.nio.ByteBuffer.wrap(("1\t" + run + "\n").getBytes(StandardCharsets.UTF_8)));
            }
        }
        assertEquals(List.of("a\tb", "1\t0", "1\t1"), Files.readAllLines(out));
    }

    private static long index(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        String suffix = n.substring(dot + 1);
        return suffix.chars().allMatch(Character::isDigit) ? Long.parseLong(suffix) : Long.MAX_VALUE;
    }
}
