package io.xtcp.dest.testing;

import io.xtcp.core.record.EnvelopeBuilder;
import io.xtcp.schema.v1.Envelope;
import io.xtcp.schema.v1.XtcpFlatRecord;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Real protobufList batches for tests: records numbered by {@code record_counter}, built by the
 * core's {@link EnvelopeBuilder} exactly as the poller builds them, and the inverse: the record
 * numbers found in batches, decoded with the generated {@link Envelope}.
 */
public final class TestBatches {
    private TestBatches() {}

    /** One framed batch and its record count. */
    public static final class Batch {
        public final byte[] framed;
        public final int records;

        Batch(byte[] framed, int records) {
            this.framed = framed;
            this.records = records;
        }

        public ByteBuffer buffer() {
            return ByteBuffer.wrap(framed);
        }
    }

    /** A record as the encoder would write it: stamp fields plus a counter and some socket fields. */
    public static byte[] record(long counter, int padding) {
        XtcpFlatRecord.Builder r = XtcpFlatRecord.newBuilder()
                .setSchemaVersion(1)
                .setHostname("test-host")
                .setNetns("ns-" + (counter % 7))
                .setTimestampNs(1_700_000_000_000_000_000L + counter)
                .setRecordCounter(counter)
                .setInetDiagMsgSocketSourcePort((int) (counter % 65536))
                .setInetDiagMsgSocketDestinationPort(443)
                .setTcpInfoRtt((int) (counter * 7 % 100000) + 1)
                .setCongestionAlgorithmString("cubic");
        if (padding > 0) {
            r.setLabel("x".repeat(padding));
        }
        return r.build().toByteArray();
    }

    /**
     * Records {@code first..first+count-1} split into batches of at most {@code rowsPerBatch} rows
     * and {@code maxBytes} bytes.
     */
    public static List<Batch> batches(long first, int count, int rowsPerBatch, int maxBytes, int padding) {
        List<Batch> out = new ArrayList<>();
        EnvelopeBuilder eb = new EnvelopeBuilder(rowsPerBatch, maxBytes, env -> {
            ByteBuffer f = env.framed();
            byte[] b = new byte[f.remaining()];
            f.get(b);
            out.add(new Batch(b, env.rows()));
        });
        for (long c = first; c < first + count; c++) {
            byte[] r = record(c, padding);
            eb.append(r, r.length);
        }
        eb.flush();
        return out;
    }

    /** The record counters in one framed batch, checking that the length prefix covers it exactly. */
    public static List<Long> counters(byte[] framed) throws IOException {
        List<Long> out = new ArrayList<>();
        InputStream in = new ByteArrayInputStream(framed);
        Envelope e = Envelope.parseDelimitedFrom(in);
        if (e == null || in.available() != 0) {
            throw new IOException("not exactly one delimited Envelope: " + framed.length + " bytes, " + in.available() + " left");
        }
        for (XtcpFlatRecord r : e.getRowList()) {
            out.add(r.getRecordCounter());
        }
        return out;
    }

    /** The record counters in a stream of batches back to back (a file, kcat's output). */
    public static List<Long> streamCounters(byte[] stream) throws IOException {
        List<Long> out = new ArrayList<>();
        InputStream in = new ByteArrayInputStream(stream);
        while (in.available() > 0) {
            Envelope e = Envelope.parseDelimitedFrom(in);
            if (e == null) {
                throw new IOException("truncated protobufList stream");
            }
            for (XtcpFlatRecord r : e.getRowList()) {
                out.add(r.getRecordCounter());
            }
        }
        return out;
    }

    /** Asserts {@code actual} is exactly first..first+count-1, reporting the first difference, not the lists. */
    public static void assertRange(long first, long count, List<Long> actual) {
        assertRange(first, count, actual, "");
    }

    public static void assertRange(long first, long count, List<Long> actual, String message) {
        for (int i = 0; i < Math.min(count, actual.size()); i++) {
            if (actual.get(i) != first + i) {
                throw new AssertionError(message + ": at index " + i + " expected record " + (first + i) + " but got "
                        + actual.get(i) + " (" + actual.size() + " records, expected " + count + "); around: "
                        + actual.subList(Math.max(0, i - 3), Math.min(actual.size(), i + 4)));
            }
        }
        if (actual.size() != count) {
            throw new AssertionError(message + ": expected " + count + " records " + first + ".." + (first + count - 1)
                    + " but got " + actual.size() + (actual.isEmpty() ? "" : ", last " + actual.get(actual.size() - 1)));
        }
    }

    /** first, first+1, ..., first+count-1 */
    public static List<Long> range(long first, long count) {
        List<Long> l = new ArrayList<>();
        for (long i = first; i < first + count; i++) {
            l.add(i);
        }
        return l;
    }
}
