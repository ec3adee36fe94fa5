package io.xtcp.dest.file;

import io.xtcp.dest.AbstractDestination;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends batches to a file, rotating it by size and by age. The active file is always
 * {@code path}; a rotated file is renamed to {@code path.N} with N counting up across restarts, and
 * only the newest {@code retain} rotated files are kept.
 *
 * <p>Rotation happens only between batches, and a failed write is cut back off the file, so every
 * file holds whole batches: a protobufList file parses to its end, a CSV/TSV file starts with its
 * header. Age is checked when a batch arrives: an idle file is rotated by the next batch, not by a
 * timer.
 */
public final class FileDestination extends AbstractDestination {
    private static final Logger LOG = LoggerFactory.getLogger(FileDestination.class);

    private final Path path;
    private final byte[] header;
    private final long rotateBytes;
    private final long rotateNanos;
    private final int retain;
    private final FsyncPolicy fsync;
    private final LongSupplier nanoClock;

    private FileChannel channel;
    private long size;
    private long openedAt;
    private long nextIndex;
    private long rotations;

    /**
     * @param rotateBytes rotate before a batch that would take the file past this size; 0 never
     * @param rotateInterval rotate a file older than this when the next batch comes; zero never
     * @param retain rotated files to keep, at least 1
     */
    public FileDestination(String uri, Path path, byte[] header, long rotateBytes, Duration rotateInterval, int retain,
            FsyncPolicy fsync, LongSupplier nanoClock) throws IOException {
        super(uri);
        if (retain < 1) {
            throw new IllegalArgumentException(uri + ": retain must be at least 1");
        }
        if (rotateBytes < 0 || rotateInterval.isNegative()) {
            throw new IllegalArgumentException(uri + ": rotation limits must not be negative");
        }
        this.path = path.toAbsolutePath();
        this.header = header.clone();
        this.rotateBytes = rotateBytes;
        this.rotateNanos = rotateInterval.toNanos();
        this.retain = retain;
        this.fsync = fsync;
        this.nanoClock = nanoClock;
        Path dir = this.path.getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        List<Long> existing = rotatedIndexes();
        nextIndex = existing.isEmpty() ? 1 : existing.get(existing.size() - 1) + 1;
        openActive();
    }

    /** The file being written. */
    public Path path() {
        return path;
    }

    /** The rotated files that are kept, oldest first. */
    public synchronized List<Path> rotatedFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        for (long i : rotatedIndexes()) {
            files.add(rotated(i));
        }
        return files;
    }

    @Override
    public synchronized void send(ByteBuffer batch) throws IOException {
        ensureOpen();
        int n = batch.remaining();
        try {
            if (channel == null) {
                openActive();
            }
            if (shouldRotate(n)) {
                rotate();
            }
            write(batch.duplicate());
            if (fsync == FsyncPolicy.ALWAYS) {
                channel.force(false);
            }
        } catch (IOException e) {
            stats().error(e);
            throw e;
        }
        stats().sent(n);
    }

    private boolean shouldRotate(int next) {
        if (size <= header.length) {
            return false;
        }
        if (rotateBytes > 0 && size + next > rotateBytes) {
            return true;
        }
        return rotateNanos > 0 && nanoClock.getAsLong() - openedAt >= rotateNanos;
    }

    private void write(ByteBuffer b) throws IOException {
        long before = size;
        try {
            while (b.hasRemaining()) {
                size += channel.write(b);
            }
        } catch (IOException e) {
            try {
                channel.truncate(before);
                size = before;
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private void openActive() throws IOException {
        channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        size = channel.size();
        openedAt = nanoClock.getAsLong();
        if (size == 0 && header.length > 0) {
            write(ByteBuffer.wrap(header));
        }
    }

    private void rotate() throws IOException {
        if (fsync != FsyncPolicy.NONE) {
            channel.force(false);
        }
        channel.close();
        channel = null;
        Path target = rotated(nextIndex++);
        Files.move(path, target, StandardCopyOption.ATOMIC_MOVE);
        rotations++;
        openActive();
        List<Long> indexes = rotatedIndexes();
        for (int i = 0; i < indexes.size() - retain; i++) {
            Path old = rotated(indexes.get(i));
            try {
                Files.deleteIfExists(old);
            } catch (IOException e) {
                stats().error("retention");
                LOG.warn("file sink {}: cannot delete {} past retention: {}", uri(), old, e.toString());
            }
        }
    }

    private Path rotated(long index) {
        return path.resolveSibling(path.getFileName() + "." + index);
    }

    private List<Long> rotatedIndexes() throws IOException {
        List<Long> idx = new ArrayList<>();
        String prefix = path.getFileName() + ".";
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(path.getParent(), prefix + "*")) {
            for (Path p : ds) {
                String suffix = p.getFileName().toString().substring(prefix.length());
                if (!suffix.isEmpty() && suffix.chars().allMatch(Character::isDigit) && suffix.length() < 18) {
                    idx.add(Long.parseLong(suffix));
                }
            }
        }
        Collections.sort(idx);
        return idx;
    }

    /** Rotations since open. */
    public synchronized long rotations() {
        return rotations;
    }

    /** Waits for a send in progress, then syncs (unless fsync=none) and closes the active file. */
    @Override
    protected synchronized void onClose() throws IOException {
        if (channel == null) {
            return;
        }
        try {
            if (fsync != FsyncPolicy.NONE) {
                channel.force(false);
            }
        } finally {
            channel.close();
            channel = null;
        }
    }
}
