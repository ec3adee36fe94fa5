package io.xtcp.dest.pipeline;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * One spool segment file and its format. The file is {@code NNNNNNNNNNNNNNNNNNN.spool} (its
 * sequence number, 19 digits, so name order is sequence order); it starts with the magic
 * {@code XTSPOOL1}, and each entry is {@code u32 length, u32 records, u32 crc32c(records, payload),
 * payload} (big-endian).
 *
 * <p>It holds the open file and the window of entries not yet sent: {@link #start} (the next entry
 * to read), {@link #end} (where the next entry is written) and {@link #entries} between them. The
 * {@link Spool} moves the window and decides which segment to write, read or delete; this class
 * only writes, reads and checks entries. Not thread-safe: the spool's lock guards it.
 */
final class SpoolSegment {
    static final byte[] MAGIC = "XTSPOOL1".getBytes(StandardCharsets.US_ASCII);
    static final int ENTRY_HEADER = 12;
    private static final Pattern NAME = Pattern.compile("(\\d{19})\\.spool");

    final long seq;
    final Path path;
    final FileChannel ch;
    long start = MAGIC.length;
    long end;
    long entries;
    private final CRC32C crc = new CRC32C();

    private SpoolSegment(long seq, Path path, FileChannel ch) {
        this.seq = seq;
        this.path = path;
        this.ch = ch;
    }

    /** The sequence number a segment file's name holds; -1 when the name is not a segment's. */
    static long seqOf(Path file) {
        Matcher m = NAME.matcher(file.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    /** A new, empty segment {@code seq} in {@code dir}: the file is created and holds the magic. */
    static SpoolSegment create(Path dir, long seq) throws IOException {
        Path p = dir.resolve(String.format("%019d.spool", seq));
        FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
        SpoolSegment s = new SpoolSegment(seq, p, ch);
        ByteBuffer m = ByteBuffer.wrap(MAGIC);
        while (m.hasRemaining()) {
            ch.write(m, MAGIC.length - m.remaining());
        }
        s.end = MAGIC.length;
        return s;
    }

    /**
     * A segment a previous run left, opened for reading and writing, its {@link #end} at the file's
     * size; null (the file closed, not deleted) when it does not start with the magic.
     */
    static SpoolSegment openExisting(long seq, Path p) throws IOException {
        FileChannel ch = FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE);
        long size = ch.size();
        ByteBuffer magic = ByteBuffer.allocate(MAGIC.length);
        if (size >= MAGIC.length) {
            readFully(ch, magic, 0);
        }
        if (size < MAGIC.length || !Arrays.equals(magic.array(), MAGIC)) {
            ch.close();
            return null;
        }
        SpoolSegment s = new SpoolSegment(seq, p, ch);
        s.end = size;
        return s;
    }

    /** The bytes an entry of {@code b} takes: its header and payload. */
    static long entrySize(Batch b) {
        return ENTRY_HEADER + (long) b.size();
    }

    /** Appends {@code b} at {@link #end}; a failed write is cut back off the file. */
    void append(Batch b) throws IOException {
        ByteBuffer h = ByteBuffer.allocate(ENTRY_HEADER);
        h.putInt(0, b.size()).putInt(4, b.records).putInt(8, checksum(b.records, b.data, b.size()));
        ByteBuffer[] srcs = {h, b.bytes()};
        long at = end;
        try {
            ch.position(at);
            long left = entrySize(b);
            while (left > 0) {
                left -= ch.write(srcs);
            }
        } catch (IOException e) {
            try {
                ch.truncate(at);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        end += entrySize(b);
        entries++;
    }

    /** The entry at {@code pos}, or null when it is corrupt or runs past {@link #end}. */
    Batch read(long pos) throws IOException {
        if (end - pos < ENTRY_HEADER) {
            return null;
        }
        ByteBuffer h = ByteBuffer.allocate(ENTRY_HEADER);
        readFully(ch, h, pos);
        int len = h.getInt(0);
        int records = h.getInt(4);
        int sum = h.getInt(8);
        if (len < 0 || records < 0 || end - pos - ENTRY_HEADER < len) {
            return null;
        }
        byte[] data = new byte[len];
        readFully(ch, ByteBuffer.wrap(data), pos + ENTRY_HEADER);
        if (checksum(records, data, len) != sum) {
            return null;
        }
        return new Batch(data, records);
    }

    /** Entries between {@link #start} and {@link #end}, by their length fields (already checked). */
    long countEntries() throws IOException {
        long n = 0;
        long pos = start;
        ByteBuffer h = ByteBuffer.allocate(4);
        while (pos < end) {
            h.clear();
            readFully(ch, h, pos);
            pos += ENTRY_HEADER + (long) h.getInt(0);
            n++;
        }
        return n;
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
                throw new EOFException("spool segment ends early");
            }
        }
    }
}
