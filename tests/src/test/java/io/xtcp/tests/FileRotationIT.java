package io.xtcp.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Descriptors.FieldDescriptor;
import io.xtcp.schema.v1.Envelope;
import io.xtcp.schema.v1.XtcpFlatRecord;
import io.xtcp.testsupport.DaemonProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code xtcp run --dest file:///DIR/out --dest-opt rotate.bytes=SIZE,retain=N} over polls that fill
 * many files, in protobufList, jsonl and csv. Checked from the files alone: exactly the newest N
 * rotated files are kept next to the active one, none is larger than rotate.bytes, each was
 * rotated because the next batch would not have fitted, and each parses completely on its own
 * (back-to-back protobufList batches; one JSON object per line with the schema's JSON names; one
 * CSV header, then rows of as many cells). The records kept are the last ones written, in order.
 */
@Timeout(180)
class FileRotationIT {
    static final int POLLS = 3;
    static E2e.Held held;

    @BeforeAll
    static void namespace() throws Exception {
        Xtcp.requireRootAnd("ip", "ss", "python3", "kill");
        held = E2e.hold("file", 20);
    }

    @AfterAll
    static void cleanup() {
        if (held != null) {
            held.close();
        }
    }

    /** One file's batches, as the format splits it, and the records' counters when the format has them. */
    record Parsed(String header, List<Integer> batchSizes, List<Long> counters) {}

    @Test
    void protobufListFilesRotateAtSizeAndParseCompletely() throws Exception {
        List<Parsed> files = run("out.pb", "protobufList", 8 << 10, 2, 4, (bytes) -> {
            List<Integer> sizes = new ArrayList<>();
            List<Long> counters = new ArrayList<>();
            int offset = 0;
            for (Envelope e : Wire.stream(bytes)) { // throws unless the whole file is whole frames
                int size = e.getSerializedSize();
                size += com.google.protobuf.CodedOutputStream.computeUInt32SizeNoTag(size);
                sizes.add(size);
                offset += size;
                assertTrue(e.getRowCount() >= 1 && e.getRowCount() <= 4, "--envelope-max-rows 4: " + e.getRowCount());
                for (XtcpFlatRecord r : e.getRowList()) {
                    assertEquals(held.name(), r.getNetns());
                    counters.add(r.getRecordCounter());
                }
            }
            assertEquals(bytes.length, offset, "frames cover the file");
            return new Parsed("", sizes, counters);
        });
        assertCountersEndAtLastRecord(files);
    }

    @Test
    void jsonlFilesRotateAtSizeAndEveryLineIsAnObjectWithSchemaNames() throws Exception {
        Set<String> jsonNames = XtcpFlatRecord.getDescriptor().getFields().stream().map(FieldDescriptor::getJsonName)
                .collect(Collectors.toSet());
        List<Parsed> files = run("out.jsonl", "jsonl", 16 << 10, 3, 1, (bytes) -> {
            String text = new String(bytes, StandardCharsets.UTF_8);
            assertTrue(text.endsWith("\n"), "whole lines only");
            List<Integer> sizes = new ArrayList<>();
            List<Long> counters = new ArrayList<>();
            for (String line : text.split("\n", -1)) {
                if (line.isEmpty()) {
                    continue; // after the last newline
                }
                Map<String, String> o = JsonLines.object(line);
                assertTrue(jsonNames.containsAll(o.keySet()), () -> "keys outside the schema's JSON names: " + o.keySet());
                assertEquals(held.name(), o.get("netns"));
                counters.add(Long.parseLong(o.get("recordCounter")));
                sizes.add(line.getBytes(StandardCharsets.UTF_8).length + 1); // --envelope-max-rows 1: a line is a batch
            }
            return new Parsed("", sizes, counters);
        });
        assertCountersEndAtLastRecord(files);
    }

    @Test
    void csvFilesRotateAtSizeEachWithOneHeader() throws Exception {
        Set<String> fieldNames = XtcpFlatRecord.getDescriptor().getFields().stream().map(FieldDescriptor::getName)
                .collect(Collectors.toSet());
        List<Parsed> files = run("out.csv", "csv", 16 << 10, 3, 1, (bytes) -> {
            String text = new String(bytes, StandardCharsets.UTF_8);
            assertTrue(text.endsWith("\n"), "whole lines only");
            List<String> lines = Arrays.asList(text.split("\n"));
            String header = lines.get(0);
            List<String> columns = cells(header);
            assertTrue(fieldNames.containsAll(columns), () -> "header names outside the schema: " + columns);
            int netns = columns.indexOf("netns");
            assertTrue(netns >= 0, header);
            List<Integer> sizes = new ArrayList<>();
            for (String row : lines.subList(1, lines.size())) {
                assertFalse(row.equals(header), "the header once per file");
                List<String> c = cells(row);
                assertEquals(columns.size(), c.size(), () -> "cells in row " + row);
                assertEquals(held.name(), c.get(netns));
                sizes.add(row.getBytes(StandardCharsets.UTF_8).length + 1);
            }
            return new Parsed(header, sizes, List.of());
        });
        assertEquals(1, files.stream().map(Parsed::header).distinct().count(), "the same header in every file");
        int rows = files.stream().mapToInt(p -> p.batchSizes().size()).sum();
        assertTrue(rows < POLLS * held.perPoll(), "older files were deleted: " + rows + " rows kept");
    }

    interface Parser {
        Parsed parse(byte[] file) throws Exception;
    }

    /**
     * Runs the daemon for {@link #POLLS} polls into DIR/name, then checks rotation and retention from
     * the files and returns each kept file parsed, oldest first (the active file last).
     */
    private List<Parsed> run(String name, String marshal, int rotateBytes, int retain, int rowsPerEnvelope, Parser parser)
            throws Exception {
        Path dir = E2e.tempDir("xtcp-file-run");
        try {
            Path out = dir.resolve("out").resolve(name);
            String log;
            try (DaemonProcess d = DaemonProcess.start(Xtcp.launcher("run"), dir, List.of("--netns", held.name(), "--dest", "file://" + out,
                    "--dest-opt", "rotate.bytes=" + rotateBytes + ",retain=" + retain, "--marshal", marshal,
                    "--envelope-max-rows", Integer.toString(rowsPerEnvelope), "--max-polls", Integer.toString(POLLS),
                    "--poll-interval", "300ms", "--poll-timeout", "250ms", "--http-listen", "off"))) {
                assertEquals(0, d.awaitExit(Duration.ofSeconds(120)), d::log);
                log = d.log();
            }
            TreeMap<Long, Path> rotated = new TreeMap<>();
            List<Path> others = new ArrayList<>();
            try (var s = Files.list(out.getParent())) {
                for (Path p : s.toList()) {
                    String f = p.getFileName().toString();
                    if (f.startsWith(name + ".") && f.substring(name.length() + 1).matches("[0-9]+")) {
                        rotated.put(Long.parseLong(f.substring(name.length() + 1)), p);
                    } else if (!f.equals(name)) {
                        others.add(p);
                    }
                }
            }
            assertTrue(Files.isRegularFile(out), "the active file " + out);
            assertEquals(List.of(), others, "no other files");
            long last = rotated.isEmpty() ? 0 : rotated.lastKey();
            assertTrue(last > retain, () -> "several rotations, some past retention: rotated " + rotated.keySet() + "\n" + log);
            List<Long> expectedKept = new ArrayList<>();
            for (long i = last - retain + 1; i <= last; i++) {
                expectedKept.add(i);
            }
            assertEquals(expectedKept, new ArrayList<>(rotated.keySet()), "the newest " + retain + " rotated files are kept");

            List<Path> files = new ArrayList<>(rotated.values());
            files.add(out);
            List<Parsed> parsed = new ArrayList<>();
            List<Long> sizes = new ArrayList<>();
            for (Path f : files) {
                byte[] bytes = Files.readAllBytes(f);
                sizes.add((long) bytes.length);
                assertTrue(bytes.length <= rotateBytes, () -> f + " has " + bytes.length + " bytes, over rotate.bytes=" + rotateBytes);
                Parsed p;
                try {
                    p = parser.parse(bytes);
                } catch (Exception | AssertionError e) {
                    throw new AssertionError(f + " does not parse completely as " + marshal + ": " + e, e);
                }
                assertFalse(p.batchSizes().isEmpty(), f + " holds at least one batch");
                parsed.add(p);
            }
            for (int i = 0; i + 1 < files.size(); i++) {
                long size = sizes.get(i);
                int next = parsed.get(i + 1).batchSizes().get(0);
                assertTrue(size + next > rotateBytes, files.get(i) + " (" + size + " bytes) was rotated though the next batch ("
                        + next + " bytes) fitted under " + rotateBytes);
            }
            System.out.printf("file run %s: rotate.bytes=%d retain=%d -> %d rotations, kept %s + active, sizes %s%n",
                    marshal, rotateBytes, retain, last, rotated.keySet(), sizes);
            return parsed;
        } finally {
            E2e.deleteTree(dir);
        }
    }

    /** The kept records are the last ones written: counters contiguous across the files, ending at the run's last record. */
    private static void assertCountersEndAtLastRecord(List<Parsed> files) {
        List<Long> all = files.stream().flatMap(p -> p.counters().stream()).toList();
        long total = (long) POLLS * held.perPoll();
        assertFalse(all.isEmpty());
        assertEquals(total, all.get(all.size() - 1), "the last record of the last poll is the active file's last");
        long first = all.get(0);
        assertTrue(first > 1, "the oldest records went with the deleted files");
        for (int i = 0; i < all.size(); i++) {
            assertEquals(first + i, all.get(i), "record_counter contiguous across the kept files at " + i);
        }
    }

    /** RFC 4180 cells of one line: quoted cells may hold commas and doubled quotes. */
    static List<String> cells(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"' && cell.length() == 0) {
                quoted = true;
            } else if (c == ',') {
                out.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("unterminated quote: " + line);
        }
        out.add(cell.toString());
        return out;
    }
}
