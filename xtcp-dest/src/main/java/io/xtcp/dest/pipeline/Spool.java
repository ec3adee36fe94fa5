package io.xtcp.dest.pipeline;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded FIFO of batches on disk: a directory of append-only {@link SpoolSegment} files, read
 * in name order. This class manages the directory: which segment is written and which read, the
 * size limit, rolling to a new segment, deleting a segment once read, and what survives a restart
 * ({@code consumed}); the segment file format is {@link SpoolSegment}'s.
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
    static final String CONSUMED = "consumed";
    private static final long FIRST_SEQ = 1_000_000_000_000L;

    private final Path dir;
    private final long maxBytes;
    private final long segmentBytes;
    private final PipelineStats stats;
    private final ArrayDeque<SpoolSegment> segments = new ArrayDeque<>();
    private SpoolSegment writeSegment;
    private long pendingBytes;
    private long pendingEntries;
    private Batch peeked;
    private boolean closed;

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
        long need = SpoolSegment.entrySize(b);
        if (pendingBytes + need > maxBytes) {
            return false;
        }
        if (writeSegment == null || (writeSegment.end > SpoolSegment.MAGIC.length && writeSegment.end + need > segmentBytes)) {
            SpoolSegment last = segments.peekLast();
            writeSegment = SpoolSegment.create(dir, last == null ? FIRST_SEQ : last.seq + 1);
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
            need += SpoolSegment.entrySize(b);
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
        SpoolSegment s = SpoolSegment.create(dir, segments.peekFirst().seq - 1);
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
            SpoolSegment s = segments.peekFirst();
            if (s.start >= s.end) {
                if (s == writeSegment) {
                    return null;
                }
                remove(s);
                continue;
            }
            try {
                peeked = s.read(s.start);
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
        SpoolSegment s = segments.peekFirst();
        long size = SpoolSegment.entrySize(peeked);
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
        for (SpoolSegment s : segments) {
            try {
                s.ch.close();
                if (s.start >= s.end) {
                    Files.deleteIfExists(s.path);
                } else if (s.start > SpoolSegment.MAGIC.length) {
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

    /** Appends {@code b} to {@code s} and counts it as pending. */
    private void write(SpoolSegment s, Batch b) throws IOException {
        s.append(b);
        pendingBytes += SpoolSegment.entrySize(b);
        pendingEntries++;
    }

    private void remove(SpoolSegment s) {
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
                long seq = SpoolSegment.seqOf(p);
                if (seq >= 0) {
                    found.put(seq, p);
                }
            }
        }
        for (Map.Entry<Long, Path> e : found.entrySet()) {
            Path p = e.getValue();
            SpoolSegment s = SpoolSegment.openExisting(e.getKey(), p);
            if (s == null) {
                long size = Files.size(p);
                stats.spoolCorrupt(size);
                LOG.warn("spool {}: {} is not a spool segment; {} bytes discarded", dir, p.getFileName(), size);
                Files.delete(p);
                continue;
            }
            long size = s.end;
            long resume = consumed.getOrDefault(s.seq, (long) SpoolSegment.MAGIC.length);
            long pos = SpoolSegment.MAGIC.length;
            boolean resumeValid = false;
            long entriesAfter = 0;
            while (pos < size) {
                Batch b = s.read(pos);
                if (b == null) {
                    break;
                }
                if (pos == resume) {
                    resumeValid = true;
                }
                if (pos >= resume) {
                    entriesAfter++;
                }
                pos += SpoolSegment.entrySize(b);
            }
            if (pos == resume) {
                resumeValid = true;
            }
            if (pos < size) {
                stats.spoolCorrupt(size - pos);
                LOG.warn("spool {}: corrupt tail in {}: {} bytes cut off at byte {}", dir, p.getFileName(), size - pos, pos);
                s.ch.truncate(pos);
            }
            s.end = pos;
            if (resumeValid) {
                s.start = resume;
                s.entries = entriesAfter;
            } else {
                s.start = SpoolSegment.MAGIC.length;
                s.entries = s.countEntries();
            }
            if (s.start >= s.end) {
                s.ch.close();
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
        for (SpoolSegment s : segments) {
            l.add(s.path);
        }
        return l;
    }
}
