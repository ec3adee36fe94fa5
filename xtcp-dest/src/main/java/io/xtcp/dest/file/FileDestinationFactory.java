package io.xtcp.dest.file;

import io.xtcp.dest.Destination;
import io.xtcp.dest.DestinationFactory;
import io.xtcp.dest.DestinationOptionException;
import io.xtcp.dest.DestinationSpec;
import io.xtcp.dest.OptionValues;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * {@code file:///var/lib/xtcp/out.pb} with options {@code rotate.bytes} (e.g. {@code 64MiB}; default
 * 0, never), {@code rotate.interval} (e.g. {@code 1h}; default never), {@code retain} (rotated files
 * kept, default 10) and {@code fsync} ({@code none|rotate|always}, default {@code rotate}).
 */
public final class FileDestinationFactory implements DestinationFactory {
    static final Set<String> OPTIONS = Set.of("rotate.bytes", "rotate.interval", "retain", "fsync");

    @Override
    public String scheme() {
        return "file";
    }

    @Override
    public void check(DestinationSpec spec) {
        try {
            open(spec, true);
        } catch (IOException e) {
            throw new IllegalStateException("checking opens nothing", e);
        }
    }

    @Override
    public Destination open(DestinationSpec spec) throws IOException {
        return open(spec, false);
    }

    /** With {@code check}, the URI and options are checked and null is returned: nothing is opened. */
    private static Destination open(DestinationSpec spec, boolean check) throws IOException {
        if (!spec.authority().isEmpty() || !spec.path().startsWith("/")) {
            throw new IllegalArgumentException("destination '" + spec.uri() + "': expected file:///absolute/path");
        }
        spec.onlyOptions(OPTIONS);
        long rotateBytes = OptionValues.bytes("rotate.bytes", spec.option("rotate.bytes", "0"), 0, 1L << 40);
        Duration interval = spec.options().containsKey("rotate.interval")
                ? OptionValues.duration("rotate.interval", spec.option("rotate.interval", "0"), Duration.ZERO, Duration.ofDays(31)) : Duration.ZERO;
        int retain = (int) spec.longOption("retain", 10, 1, 10_000);
        FsyncPolicy fsync;
        try {
            fsync = FsyncPolicy.parse(spec.option("fsync", "rotate"));
        } catch (IllegalArgumentException e) {
            throw new DestinationOptionException(e.getMessage());
        }
        if (check) {
            if (java.nio.file.Files.isDirectory(Path.of(spec.path()))) {
                throw new IllegalArgumentException("destination '" + spec.uri() + "': " + spec.path() + " is a directory, not a file");
            }
            return null;
        }
        return new FileDestination(spec.uri(), Path.of(spec.path()), spec.header(), rotateBytes, interval, retain, fsync,
                System::nanoTime);
    }
}
