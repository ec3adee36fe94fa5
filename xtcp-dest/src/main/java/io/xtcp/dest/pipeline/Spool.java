package io.xtcp.dest.pipeline;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded FIFO of batches on disk: append-only segment files {@code NNNNNNNNNNNNNNNNNNN.spool}
 * read in name order. A segment starts with the magic {@code XTSPOOL1}; each entry is
 * {@code u32 length, u32 records, u32 crc32c(records, payload), payload} (big-endian).
 *
 * <p>Opening a directory recovers what a previous run left: every entry is checked, the first bad
 * one ends its segment (a corrupt tail, counted and cut off), and the read positions saved by
 * {@link #close()} in {@code consumed} are applied so sent entries are not sent again. After a crash
 * (no {@code consumed} written) the head segment may be replayed from its start: at least once.
 *
 * <p>Entries are written without fsync. Thread-safe; the pipeline appends from the offering thread
 * and reads from its sender.
 */
final class Spool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Spool.class);
    static final byte[] MAGIC = "XTSPOOL1".getBytes(StandardCharsets.US_ASCII);
    static final int ENTRY_HEADER = 12;
    static final String CONSUMED = "consumed";
    private static final Pattern NAME = Pattern.compile("(\\d{19})\\.spool");
    private static final long FIRST_SEQ = 1_000_000_000_000L;

    private final Path dir;
    private final long maxBytes;
    private final long segmentBytes;
    private final PipelineStats stats;
    private final ArrayDeque<Segment> segments = new ArrayDeque<>();
    private final CRC32C crc = new CRC32C();
    private Segment writeSegment;
    private long pendingBytes;
    private long pendingEntries;
    private Batch peeked;
    private boolean closed;

    private static final class Segment {
        final long seq;
        final Path path;
        final FileChannel ch;
        long start = MAGIC.length;
        long end;
        long entries;

        Segment(long seq, Path path, FileChannel ch) {
            this.seq = seq;
            this.path = path;
            this.ch = ch;
        }
    }

    Spool(Path dir, long maxBytes, long segmentBytes, PipelineStats stats) throws IOException {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.segmentBytes = segmentBytes;
        this.stats = stats;
        Files.createDirectories(dir);
        recover();
        publish();
    }

    synchronized boolean isEmpty() {
        return pendingEntries == 0;
    }

    synchronized long pendingBytes() {
        return pendingBytes;
    }

    synchronized long pendingEntries() {
        return pendingEntries;
    }

    /** Appends a batch at the tail; false when it would take the spool past its limit. */
    synchronized boolean append(Batch b) throws IOException {
        checkOpen();
        long need = ENTRY_HEADER + (long) b.size();
        if (pendingBytes + need > maxBytes) {
            return false;
        }
        if (writeSegment == null || (writeSegment.end > MAGIC.length && writeSegment.end + need > segmentBytes)) {
            Segment last = segments.peekLast();
            writeSegment = create(last == null ? FIRST_SEQ : last.seq + 1);
            segments.addLast(writeSegment);
        }
        write(writeSegment, b);
        publish();
        return true;
    }

    /**
     * Puts batches in front of everything spooled, in the given order (those the pipeline still
     * held in memory at close: older than the spool's contents). All or nothing: false when they do
     * not fit.
     */
    synchronized boolean prepend(List<Batch> batches) throws IOException {
        checkOpen();
        if (batches.isEmpty()) {
            return true;
        }
        long need = 0;
        for (Batch b : batches) {
            need += ENTRY_HEADER + (long) b.size();
        }
        if (pendingBytes + need > maxBytes) {
            return false;
        }
        if (segments.isEmpty()) {
            for (Batch b : batches) {
                append(b);
            }
            return true;
        }
        Segment s = create(segments.peekFirst().seq - 1);
        try {
            for (Batch b : batches) {
                write(s, b);
            }
        } catch (IOException e) {
            pendingBytes -= s.end - s.start;
            pendingEntries -= s.entries;
            s.ch.close();
            Files.deleteIfExists(s.path);
            throw e;
        }
        if (peeked != null) {
            peeked = null;
        }
        segments.addFirst(s);
        publish();
        return true;
    }

    /** The oldest batch, without removing it (see {@link #ack()}); null when the spool is empty. */
    synchronized Batch peek() {
        if (closed) {
            return null;
        }
        while (peeked == null && !segments.isEmpty()) {
            Segment s = segments.peekFirst();
            if (s.start >= s.end) {
                if (s == writeSegment) {
                    return null;
                }
                remove(s);
                continue;
            }
            try {
                peeked = readEntry(s, s.start);
            } catch (IOException e) {
                LOG.warn("spool {}: cannot read {}: {}", dir, s.path, e.toString());
                peeked = null;
            }
            if (peeked == null) {
                long lost = s.end - s.start;
                stats.spoolCorrupt(lost);
                LOG.warn("spool {}: corrupt entry in {} at byte {}: {} bytes skipped", dir, s.path.getFileName(), s.start, lost);
                pendingBytes -= lost;
                pendingEntries -= s.entries;
                s.start = s.end;
                s.entries = 0;
                if (s == writeSegment) {
                    writeSegment = null;
                }
                remove(s);
                publish();
            }
        }
        return peeked;
    }

    /** Removes the batch {@link #peek()} returned; nothing when a {@link #prepend} came between. */
    synchronized void ack() {
        if (peeked == null) {
            return;
        }
        Segment s = segments.peekFirst();
        long size = ENTRY_HEADER + (long) peeked.size();
        s.start += size;
        s.entries--;
        pendingBytes -= size;
        pendingEntries--;
        peeked = null;
        if (s.start >= s.end && s != writeSegment) {
            remove(s);
        }
        publish();
    }

    /** Saves read positions so a restart does not resend, and closes the files. Idempotent. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        StringBuilder consumed = new StringBuilder();
        IOException first = null;
        for (Segment s : segments) {
            try {
                s.ch.close();
                if (s.start >= s.end) {
                    Files.deleteIfExists(s.path);
                } else if (s.start > MAGIC.length) {
                    consumed.append(s.seq).append(' ').append(s.start).append('\n');
                }
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        segments.clear();
        Path tmp = dir.resolve(CONSUMED + ".tmp");
        if (consumed.length() > 0) {
            Files.writeString(tmp, consumed);
            Files.move(tmp, dir.resolve(CONSUMED), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        if (first != null) {
            throw first;
        }
    }

    private void checkOpen() throws IOException {
        if (closed) {
            throw new IOException("spool " + dir + " is closed");
        }
    }

    private Segment create(long seq) throws IOException {
        Path p = dir.resolve(String.format("%019d.spool", seq));
        FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
        Segment s = new Segment(seq, p, ch);
        ByteBuffer m = ByteBuffer.wrap(MAGIC);
        while (m.hasRemaining()) {
            ch.write(m, MAGIC.length - m.remaining());
        }
        s.end = MAGIC.length;
        return s;
    }

    private void write(Segment s, Batch b) throws IOException {
        ByteBuffer h = ByteBuffer.allocate(ENTRY_HEADER);
        h.putInt(0, b.size()).putInt(4, b.records).putInt(8, checksum(b.records, b.data, b.size()));
        ByteBuffer[] srcs = {h, b.bytes()};
        long at = s.end;
        try {
            s.ch.position(at);
            long left = ENTRY_HEADER + (long) b.size();
            while (left > 0) {
                left -= s.ch.write(srcs);
            }
        } catch (IOException e) {
            try {
                s.ch.truncate(at);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        long size = ENTRY_HEADER + (long) b.size();
        s.end += size;
        s.entries++;
        pendingBytes += size;
        pendingEntries++;
    }

    /** The entry at {@code pos}, or null when it is corrupt or runs past the segment's end. */
    private Batch readEntry(Segment s, long pos) throws IOException {
        if (s.end - pos < ENTRY_HEADER) {
            return null;
        }
        ByteBuffer h = ByteBuffer.allocate(ENTRY_HEADER);
        readFully(s.ch, h, pos);
        int len = h.getInt(0);
        int records = h.getInt(4);
        int sum = h.getInt(8);
        if (len < 0 || records < 0 || s.end - pos - ENTRY_HEADER < len) {
            return null;
        }
        byte[] data = new byte[len];
        readFully(s.ch, ByteBuffer.wrap(data), pos + ENTRY_HEADER);
        if (checksum(records, data, len) != sum) {
            return null;
        }
        return new Batch(data, records);
    }

    private int checksum(int records, byte[] data, int len) {
        crc.reset();
        crc.update(ByteBuffer.allocate(4).putInt(0, records));
        crc.update(data, 0, len);
        return (int) crc.getValue();
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        while (b.hasRemaining()) {
            int n = ch.read(b, pos + b.position());
            if (n < 0) {
                throw new java.io.EOFException("spool segment ends early");
            }
        }
    }

    private void remove(Segment s) {
        segments.remove(s);
        try {
            s.ch.close();
            Files.deleteIfExists(s.path);
        } catch (IOException e) {
            LOG.warn("spool {}: cannot delete {}: {}", dir, s.path, e.toString());
        }
    }

    private void publish() {
        stats.spoolBytes = pendingBytes;
        stats.spoolBatches = pendingEntries;
    }

    private void recover() throws IOException {
        Map<Long, Long> consumed = readConsumed();
        TreeMap<Long, Path> found = new TreeMap<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.spool")) {
            for (Path p : ds) {
                Matcher m = NAME.matcher(p.getFileName().toString());
                if (m.matches()) {
                    found.put(Long.parseLong(m.group(1)), p);
                }
            }
        }
        for (Map.Entry<Long, Path> e : found.entrySet()) {
            Path p = e.getValue();
            FileChannel ch = FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE);
            long size = ch.size();
            ByteBuffer magic = ByteBuffer.allocate(MAGIC.length);
            if (size >= MAGIC.length) {
                readFully(ch, magic, 0);
            }
            if (size < MAGIC.length || !Arrays.equals(magic.array(), MAGIC)) {
                stats.spoolCorrupt(size);
                LOG.warn("spool {}: {} is not a spool segment; {} bytes discarded", dir, p.getFileName(), size);
                ch.close();
                Files.delete(p);
                continue;
            }
            Segment s = new Segment(e.getKey(), p, ch);
            s.end = size;
            long resume = consumed.getOrDefault(s.seq, (long) MAGIC.length);
            long pos = MAGIC.length;
            boolean resumeValid = false;
            long entriesAfter = 0;
            while (pos < size) {
                Batch b = readEntry(s, pos);
                if (b == null) {
                    break;
                }
                if (pos == resume) {
                    resumeValid = true;
                }
                if (pos >= resume) {
                    entriesAfter++;
                }
                pos += ENTRY_HEADER + (long) b.size();
            }
            if (pos == resume) {
                resumeValid = true;
            }
            if (pos < size) {
                stats.spoolCorrupt(size - pos);
                LOG.warn("spool {}: corrupt tail in {}: {} bytes cut off at byte {}", dir, p.getFileName(), size - pos, pos);
                ch.truncate(pos);
            }
            s.end = pos;
            if (resumeValid) {
                s.start = resume;
                s.entries = entriesAfter;
            } else {
                s.start = MAGIC.length;
                s.entries = countEntries(s);
            }
            if (s.start >= s.end) {
                ch.close();
                Files.delete(p);
                continue;
            }
            segments.addLast(s);
            pendingBytes += s.end - s.start;
            pendingEntries += s.entries;
        }
        Files.deleteIfExists(dir.resolve(CONSUMED));
        if (pendingEntries > 0) {
            LOG.info("spool {}: {} batches ({} bytes) left by a previous run will be replayed", dir, pendingEntries, pendingBytes);
        }
    }

    private long countEntries(Segment s) throws IOException {
        long n = 0;
        long pos = s.start;
        ByteBuffer h = ByteBuffer.allocate(4);
        while (pos < s.end) {
            h.clear();
            readFully(s.ch, h, pos);
            pos += ENTRY_HEADER + (long) h.getInt(0);
            n++;
        }
        return n;
    }

    private Map<Long, Long> readConsumed() {
        Map<Long, Long> m = new HashMap<>();
        Path p = dir.resolve(CONSUMED);
        if (!Files.exists(p)) {
            return m;
        }
        try {
            for (String line : Files.readAllLines(p)) {
                String[] f = line.trim().split(" ");
                if (f.length == 2) {
                    m.put(Long.parseLong(f[0]), Long.parseLong(f[1]));
                }
            }
        } catch (IOException | NumberFormatException e) {
            LOG.warn("spool {}: ignoring unreadable {}: {}", dir, p, e.toString());
        }
        return m;
    }

    /** For tests: the segment files, in order. */
    synchronized List<Path> segmentFiles() {
        List<Path> l = new ArrayList<>();
        for (Segment s : segments) {
            l.add(s.path);
        }
        return l;
    }
}
