package io.xtcp.daemon.print;

import io.xtcp.core.netlink.DiagAttributes;
import io.xtcp.core.netlink.InetDiagMsg;
import io.xtcp.core.netlink.SocketHandler;
import io.xtcp.core.record.DecodedRecord;
import io.xtcp.core.record.RecordStamp;
import io.xtcp.core.record.SocketDecoder;
import io.xtcp.dest.format.RecordFormat;
import java.io.PrintStream;

/**
 * Decodes each socket and prints it in a text format; for the one-shot commands. Workers that
 * decode on threads of their own (one namespace each) share one printer through {@link #print}.
 */
final class RecordPrinter implements SocketHandler {
    private static final int FLUSH_AT = 1 << 16;

    private final SocketDecoder decoder;
    private final RecordFormat format;
    private final PrintStream out;
    private final DecodedRecord record = new DecodedRecord();
    private final StringBuilder buf = new StringBuilder(FLUSH_AT + 4096);
    private RecordStamp stamp = RecordStamp.empty();
    private long printed;

    RecordPrinter(SocketDecoder decoder, RecordFormat format, PrintStream out) {
        this.decoder = decoder;
        this.format = format;
        this.out = out;
        buf.append(format.header());
    }

    void stamp(RecordStamp s) {
        this.stamp = s;
    }

    @Override
    public void onSocket(InetDiagMsg msg, DiagAttributes attrs) {
        record.reset();
        record.stamp(stamp.fields());
        decoder.decode(msg, attrs, record);
        print(record);
    }

    /** Formats one decoded record. */
    synchronized void print(DecodedRecord r) {
        format.append(r, buf);
        printed++;
        if (buf.length() >= FLUSH_AT) {
            flush();
        }
    }

    SocketDecoder decoder() {
        return decoder;
    }

    synchronized long printed() {
        return printed;
    }

    private void flush() {
        out.print(buf);
        buf.setLength(0);
    }

    /** Prints what is buffered and the format's footer. */
    synchronized void finish() {
        buf.append(format.footer());
        flush();
        out.flush();
    }
}
