package io.xtcp.daemon.profile;

import java.nio.file.Path;
import java.util.Locale;

/** What a profile is delivered as. Every format but JFR is converted from a JFR recording. */
public enum ProfileFormat {
    /** The recording itself (JDK Flight Recorder format; JMC, {@code jfr print}, IntelliJ). */
    JFR("jfr", "application/octet-stream", ".jfr"),
    /** gzip'd pprof protobuf ({@code go tool pprof}, Pyroscope, Grafana). */
    PPROF("pprof", "application/octet-stream", ".pb.gz"),
    /** A self-contained interactive flame graph page. */
    FLAMEGRAPH("flamegraph", "text/html; charset=utf-8", ".html"),
    /** Folded stacks, one {@code frame;frame;frame count} line per stack (flamegraph.pl, speedscope). */
    COLLAPSED("collapsed", "text/plain; charset=utf-8", ".collapsed");

    private final String id;
    private final String contentType;
    private final String suffix;

    ProfileFormat(String id, String contentType, String suffix) {
        this.id = id;
        this.contentType = contentType;
        this.suffix = suffix;
    }

    public String id() {
        return id;
    }

    public String contentType() {
        return contentType;
    }

    /** The usual file name ending. */
    public String suffix() {
        return suffix;
    }

    /** jfr, pprof, flamegraph or collapsed; IllegalArgumentException otherwise. */
    public static ProfileFormat parse(String s) {
        for (ProfileFormat f : values()) {
            if (f.id.equals(s.toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        throw new IllegalArgumentException("format must be jfr, pprof, flamegraph or collapsed, got '" + ProfileEvent.clip(s) + "'");
    }

    /** From a file name: .jfr, .pb.gz or .pprof, .html, .collapsed; IllegalArgumentException otherwise. */
    public static ProfileFormat ofFile(Path file) {
        String name = String.valueOf(file.getFileName()).toLowerCase(Locale.ROOT);
        if (name.endsWith(".jfr")) {
            return JFR;
        }
        if (name.endsWith(".pb.gz") || name.endsWith(".pprof")) {
            return PPROF;
        }
        if (name.endsWith(".html")) {
            return FLAMEGRAPH;
        }
        if (name.endsWith(".collapsed")) {
            return COLLAPSED;
        }
        throw new IllegalArgumentException(file + ": the name must end in .jfr, .pb.gz, .pprof, .html or .collapsed");
    }
}
