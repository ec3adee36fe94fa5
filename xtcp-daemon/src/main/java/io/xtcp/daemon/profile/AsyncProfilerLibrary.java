package io.xtcp.daemon.profile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import one.profiler.AsyncProfiler;

/**
 * async-profiler's native library, shipped inside its jar as {@code linux-x64/libasyncProfiler.so}
 * (and linux-arm64): copied into a private directory, loaded once, and the copy deleted (the
 * mapping stays).
 */
final class AsyncProfilerLibrary {
    private AsyncProfilerLibrary() {}

    /** The resource name for this platform; IOException where there is none. */
    static String resource() throws IOException {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (!os.contains("linux")) {
            throw new IOException("async-profiler ships no library for " + os);
        }
        switch (arch) {
            case "amd64":
            case "x86_64":
                return "linux-x64/libasyncProfiler.so";
            case "aarch64":
            case "arm64":
                return "linux-arm64/libasyncProfiler.so";
            default:
                throw new IOException("async-profiler ships no library for linux/" + arch);
        }
    }

    /** Copies the library into {@code dir} and loads it; the JVM keeps one instance whatever the path. */
    static AsyncProfiler load(Path dir) throws IOException {
        String name = resource();
        Path lib = dir.resolve("libasyncProfiler.so");
        try (InputStream in = AsyncProfiler.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException(name + " is missing from the class path (the async-profiler jar)");
            }
            Files.copy(in, lib, StandardCopyOption.REPLACE_EXISTING);
        }
        try {
            return AsyncProfiler.getInstance(lib.toString());
        } catch (UnsatisfiedLinkError e) {
            throw new IOException("cannot load " + name + ": " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(lib);
        }
    }
}
