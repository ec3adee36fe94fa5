package io.xtcp.daemon;

import io.xtcp.core.netlink.SocketHandler;
import io.xtcp.core.record.Decoder;
import io.xtcp.core.record.EnvelopeBuilder;
import io.xtcp.core.record.RecordEncoder;
import io.xtcp.core.record.RecordStamp;
import io.xtcp.core.record.SocketDecoder;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Set;

/**
 * Where the one-shot commands send records: a text format on stdout, protobufList envelopes on
 * stdout ({@code proto}), or encoded and discarded ({@code null}, for measuring the poll path).
 */
final class DumpOutput {
    static final int ENVELOPE_ROWS = 10_000;
    static final int ENVELOPE_BYTES = 768 * 1024;

    private final RecordPrinter printer;
    private final RecordEncoder encoder;
    private long encodedBytes;

    private DumpOutput(RecordPrinter printer, RecordEncoder encoder) {
        this.printer = printer;
        this.encoder = encoder;
    }

    static DumpOutput create(OutputOptions options, Set<Decoder> decoders) {
        SocketDecoder decoder = new SocketDecoder(decoders);
        switch (options.format) {
            case "null":
            case "proto": {
                FileChannel stdout = new FileOutputStream(FileDescriptor.out).getChannel();
                boolean discard = options.format.equals("null");
                DumpOutput[] self = new DumpOutput[1];
                EnvelopeBuilder envelopes = new EnvelopeBuilder(ENVELOPE_ROWS, ENVELOPE_BYTES, env -> {
                    self[0].encodedBytes += env.bodyLength();
                    if (!discard) {
                        write(stdout, env.framed());
                    }
                });
                self[0] = new DumpOutput(null, new RecordEncoder(decoder, envelopes));
                return self[0];
            }
            default: {
                PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false);
                return new DumpOutput(new RecordPrinter(decoder, options.recordFormat(), out), null);
            }
        }
    }

    private static void write(FileChannel out, ByteBuffer b) {
        try {
            while (b.hasRemaining()) {
                out.write(b);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing envelopes to stdout failed", e);
        }
    }

    SocketHandler handler() {
        return printer != null ? printer : encoder;
    }

    void stamp(RecordStamp stamp) {
        if (printer != null) {
            printer.stamp(stamp);
        } else {
            encoder.stamp(stamp);
        }
    }

    /** Flushes envelopes or text; call after each poll. */
    void finish() {
        if (printer != null) {
            printer.finish();
        } else {
            encoder.envelope().flush();
        }
    }

    long encodedBytes() {
        return encodedBytes;
    }
}
