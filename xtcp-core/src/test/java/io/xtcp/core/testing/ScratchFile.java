package io.xtcp.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One real file rewritten for each input of a fuzz target that reads by path (a capture, a
 * config file): in /dev/shm where there is one, so millions of inputs do not wear a disk. Deleted
 * when the JVM exits. One instance per thread.
 */
public final class ScratchFile {
    private final String suffix;
    private Path file;

    public ScratchFile(String suffix) {
        this.suffix = suffix;
    }

    /** The file, now holding exactly {@code bytes}. */
    public Path holding(byte[] bytes) {
        try {
            if (file == null) {
                Path shm = Path.of("/dev/shm");
                Path dir = Files.isDirectory(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
                file = Files.createTempFile(dir, "xtcp-fuzz-", suffix);
                file.toFile().deleteOnExit();
            }
            Files.write(file, bytes);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
