package io.xtcp.daemon.config;

import io.xtcp.daemon.cli.UsageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Reads a file named by a setting ({@code --config}, {@code --http-token-file}): it must be a
 * regular file no larger than a cap. The type is checked before the file is opened, so a FIFO or a
 * device ({@code /dev/zero}) is refused instead of hanging the start or filling the heap, and at
 * most cap + 1 bytes are read, so a file that grows meanwhile is refused too.
 */
public final class BoundedFile {
    private BoundedFile() {}

    /** The file's text (UTF-8); every problem is a UsageException whose message starts with {@code what}. */
    public static String read(String what, Path file, long cap) {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new UsageException(what + ": no such file");
        } catch (IOException e) {
            throw new UsageException(what + ": " + e.getMessage());
        }
        if (!attrs.isRegularFile()) {
            throw new UsageException(what + ": not a regular file (" + (attrs.isDirectory() ? "a directory" : "a device, FIFO or socket") + ")");
        }
        if (attrs.size() > cap) {
            throw new UsageException(what + ": " + attrs.size() + " bytes, above the " + SizeConverter.format(cap) + " such a file may hold");
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes((int) cap + 1);
            if (bytes.length > cap) {
                throw new UsageException(what + ": grew above the " + SizeConverter.format(cap) + " such a file may hold");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsageException(what + ": " + e.getMessage());
        }
    }
}
