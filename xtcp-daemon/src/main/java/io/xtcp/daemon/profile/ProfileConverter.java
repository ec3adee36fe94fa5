package io.xtcp.daemon.profile;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import one.convert.Arguments;
import one.convert.JfrToFlame;
import one.convert.JfrToPprof;
import one.jfr.JfrReader;

/**
 * Turns an async-profiler JFR recording into the asked-for format with jfr-converter, keeping only
 * the samples of the profiled event (a recording also holds CPU-load and GC-summary events).
 */
final class ProfileConverter {
    private ProfileConverter() {}

    static void convert(Path jfr, ProfileEvent event, ProfileFormat format, String title, OutputStream out) throws IOException {
        switch (format) {
            case JFR:
                Files.copy(jfr, out);
                return;
            case PPROF: {
                Arguments args = new Arguments(event.converterArgs("-o", "pprof"));
                try (JfrReader reader = new JfrReader(jfr.toString())) {
                    JfrToPprof c = new JfrToPprof(reader, args);
                    c.convert();
                    GZIPOutputStream gz = new GZIPOutputStream(out, 64 * 1024);
                    c.dump(gz);
                    gz.finish();
                }
                return;
            }
            case FLAMEGRAPH:
            case COLLAPSED: {
                Arguments args = new Arguments(event.converterArgs("-o", format == ProfileFormat.FLAMEGRAPH ? "html" : "collapsed",
                        "--title", title));
                try (JfrReader reader = new JfrReader(jfr.toString())) {
                    JfrToFlame c = new JfrToFlame(reader, args);
                    c.convert();
                    c.dump(out);
                }
                return;
            }
            default:
                throw new IllegalArgumentException(String.valueOf(format));
        }
    }
}
