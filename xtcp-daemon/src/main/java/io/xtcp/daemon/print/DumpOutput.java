package io.xtcp.daemon.print;

import io.xtcp.core.netlink.SocketHandler;
import io.xtcp.core.record.Decoder;
import io.xtcp.core.record.Envelope;
import io.xtcp.daemon.cli.OutputOptions;
import io.xtcp.daemon.poll.NamespaceDumpHandler;
import io.xtcp.daemon.poll.PollWorker;
import io.xtcp.schema.v1.XtcpFlatRecord;
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
public final class DumpOutput {
    static final int ENVELOPE_ROWS = 10_000;
    static final int ENVELOPE_BYTES = 768 * 1024;

    private final SocketDecoder decoder;
    private final RecordPrinter printer;
    private final FileChannel stdout;
    private RecordEncoder encoder;
    private long encodedBytes;

    private DumpOutput(SocketDecoder decoder, RecordPrinter printer, FileChannel stdout) {
        this.decoder = decoder;
        this.printer = printer;
        this.stdout = stdout;
    }

    public static DumpOutput create(OutputOptions options, Set<Decoder> decoders) {
        SocketDecoder decoder = new SocketDecoder(decoders);
        switch (options.format) {
            case "null":
            case "proto": {
                FileChannel stdout = options.format.equals("null") ? null : new FileOutputStream(FileDescriptor.out).getChannel();
                DumpOutput out = new DumpOutput(decoder, null, stdout);
                out.encoder = new RecordEncoder(decoder, new EnvelopeBuilder(ENVELOPE_ROWS, ENVELOPE_BYTES, out::emit));
                return out;
            }
            default: {
                PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false);
                return new DumpOutput(decoder, new RecordPrinter(decoder, options.recordFormat(), out), null);
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

    /**
     * A handler for one poll worker of a multi-namespace dump: text goes through the shared
     * printer; protobuf envelopes are built per worker and written whole.
     */
    NamespaceDumpHandler workerHandler(XtcpFlatRecord base) {
        if (printer != null) {
            return new NamespaceRecordPrinter(printer, base);
        }
        EnvelopeBuilder envelopes = new EnvelopeBuilder(ENVELOPE_ROWS, ENVELOPE_BYTES, this::emit);
        return new PollWorker(new RecordEncoder(decoder, envelopes), base);
    }

    private synchronized void emit(Envelope env) {
        encodedBytes += env.bodyLength();
        if (stdout != null) {
            write(stdout, env.framed());
        }
    }

    public SocketHandler handler() {
        return printer != null ? printer : encoder;
    }

    public void stamp(RecordStamp stamp) {
        if (printer != null) {
            printer.stamp(stamp);
        } else {
            encoder.stamp(stamp);
        }
    }

    /** Flushes envelopes or text; call after each poll. Worker handlers flush their own envelopes. */
    public void finish() {
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
