package io.xtcp.daemon.profile;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * A pprof {@code Profile} read straight from the protobuf wire format, following
 * github.com/google/pprof/proto/profile.proto (field numbers only; no generated code, no
 * converter classes): the independent reader for what /debug/profile and --profile-out write.
 */
final class PprofProfile {
    /** One sample: its stack as location ids (leaf first) and its values. */
    record Sample(List<Long> locationIds, List<Long> values) {}

    final List<String> strings = new ArrayList<>();
    final List<long[]> sampleTypes = new ArrayList<>(); // {type, unit} string indexes
    final List<Sample> samples = new ArrayList<>();
    final Map<Long, List<Long>> locationFunctions = new HashMap<>(); // location id -> function ids
    final Map<Long, Long> functionNames = new HashMap<>(); // function id -> name string index
    long durationNanos;

    /** Parses gzip'd or plain bytes. */
    static PprofProfile parse(byte[] data) {
        try {
            if (data.length > 2 && (data[0] & 0xff) == 0x1f && (data[1] & 0xff) == 0x8b) {
                data = new GZIPInputStream(new ByteArrayInputStream(data)).readAllBytes();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        PprofProfile p = new PprofProfile();
        Wire w = new Wire(data, 0, data.length);
        while (w.more()) {
            int tag = (int) w.varint();
            int field = tag >>> 3;
            int type = tag & 7;
            switch (field) {
                case 1: {
                    Wire m = w.message();
                    long[] vt = new long[2];
                    while (m.more()) {
                        int t = (int) m.varint();
                        if ((t >>> 3) == 1 || (t >>> 3) == 2) {
                            vt[(t >>> 3) - 1] = m.varint();
                        } else {
                            m.skip(t & 7);
                        }
                    }
                    p.sampleTypes.add(vt);
                    break;
                }
                case 2: {
                    Wire m = w.message();
                    List<Long> locs = new ArrayList<>();
                    List<Long> vals = new ArrayList<>();
                    while (m.more()) {
                        int t = (int) m.varint();
                        if ((t >>> 3) == 1) {
                            m.repeated(t & 7, locs);
                        } else if ((t >>> 3) == 2) {
                            m.repeated(t & 7, vals);
                        } else {
                            m.skip(t & 7);
                        }
                    }
                    p.samples.add(new Sample(locs, vals));
                    break;
                }
                case 4: {
                    Wire m = w.message();
                    long id = 0;
                    List<Long> fns = new ArrayList<>();
                    while (m.more()) {
                        int t = (int) m.varint();
                        if ((t >>> 3) == 1) {
                            id = m.varint();
                        } else if ((t >>> 3) == 4) {
                            Wire line = m.message();
                            while (line.more()) {
                                int lt = (int) line.varint();
                                if ((lt >>> 3) == 1) {
                                    fns.add(line.varint());
                                } else {
                                    line.skip(lt & 7);
                                }
                            }
                        } else {
                            m.skip(t & 7);
                        }
                    }
                    p.locationFunctions.put(id, fns);
                    break;
                }
                case 5: {
                    Wire m = w.message();
                    long id = 0;
                    long name = 0;
                    while (m.more()) {
                        int t = (int) m.varint();
                        if ((t >>> 3) == 1) {
                            id = m.varint();
                        } else if ((t >>> 3) == 2) {
                            name = m.varint();
                        } else {
                            m.skip(t & 7);
                        }
                    }
                    p.functionNames.put(id, name);
                    break;
                }
                case 6:
                    p.strings.add(w.string());
                    break;
                case 10:
                    p.durationNanos = w.varint();
                    break;
                default:
                    w.skip(type);
            }
        }
        return p;
    }

    String string(long index) {
        return strings.get((int) index);
    }

    /** The function names of one sample's stack, leaf first. */
    List<String> stack(Sample s) {
        List<String> out = new ArrayList<>();
        for (long loc : s.locationIds()) {
            for (long fn : locationFunctions.getOrDefault(loc, List.of())) {
                out.add(string(functionNames.getOrDefault(fn, 0L)));
            }
        }
        return out;
    }

    /** Sum of the first value over all samples. */
    long total() {
        long t = 0;
        for (Sample s : samples) {
            t += s.values().isEmpty() ? 0 : s.values().get(0);
        }
        return t;
    }

    /** Sum of the first value over the samples whose stack has a frame containing {@code text}. */
    long totalWithFrame(String text) {
        long t = 0;
        for (Sample s : samples) {
            if (stack(s).stream().anyMatch(f -> f.contains(text))) {
                t += s.values().isEmpty() ? 0 : s.values().get(0);
            }
        }
        return t;
    }

    /** Protobuf wire reading over a byte range. */
    private static final class Wire {
        private final byte[] b;
        private int pos;
        private final int end;

        Wire(byte[] b, int pos, int end) {
            this.b = b;
            this.pos = pos;
            this.end = end;
        }

        boolean more() {
            return pos < end;
        }

        long varint() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (pos >= end) {
                    throw new IllegalStateException("truncated varint");
                }
                byte x = b[pos++];
                v |= (long) (x & 0x7f) << shift;
                if (x >= 0) {
                    return v;
                }
            }
            throw new IllegalStateException("varint too long");
        }

        Wire message() {
            int len = (int) varint();
            if (len < 0 || pos + len > end) {
                throw new IllegalStateException("length " + len + " past the end");
            }
            Wire m = new Wire(b, pos, pos + len);
            pos += len;
            return m;
        }

        String string() {
            Wire m = message();
            return new String(b, m.pos, m.end - m.pos, StandardCharsets.UTF_8);
        }

        /** A repeated integer field, packed (wire type 2) or not (0). */
        void repeated(int type, List<Long> into) {
            if (type == 2) {
                Wire m = message();
                while (m.more()) {
                    into.add(m.varint());
                }
            } else if (type == 0) {
                into.add(varint());
            } else {
                throw new IllegalStateException("unexpected wire type " + type + " for a repeated integer");
            }
        }

        void skip(int type) {
            switch (type) {
                case 0:
                    varint();
                    break;
                case 1:
                    pos += 8;
                    break;
                case 2:
                    message();
                    break;
                case 5:
                    pos += 4;
                    break;
                default:
                    throw new IllegalStateException("unsupported wire type " + type);
            }
        }
    }
}
