package io.xtcp.core.fuzz;

import io.xtcp.core.netlink.DumpResult;
import io.xtcp.core.netlink.DumpStats;
import io.xtcp.core.netlink.InetDiagDumper;
import io.xtcp.core.netlink.InetDiagMsg;
import io.xtcp.core.netlink.NetlinkChannel;
import io.xtcp.core.record.Decoder;
import io.xtcp.core.record.EnvelopeBuilder;
import io.xtcp.core.record.RecordEncoder;
import io.xtcp.core.record.SocketDecoder;
import io.xtcp.schema.v1.Envelope;
import io.xtcp.schema.v1.XtcpFlatRecord;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The daemon's hot path over any {@link NetlinkChannel}: {@link InetDiagDumper} walks the replies,
 * {@link RecordEncoder} with every decoder writes each socket's wire bytes into envelopes, and
 * every envelope is read back with the generated protobuf classes, which know nothing of our
 * writer. What it checks, whatever the bytes:
 * <ul>
 *   <li>only the channel's IOException may leave the dumper (parsing is total);</li>
 *   <li>each readReplies call consumes at least one datagram, so the walk ends;</li>
 *   <li>the counters agree: datagrams and bytes are what the channel handed over, every socket
 *       counted is one message, one record and one envelope row, and each record's message fields
 *       are the inet_diag_msg bytes it came from;</li>
 *   <li>every envelope parses as {@code Envelope} and each row as {@code XtcpFlatRecord}.</li>
 * </ul>
 * A violated invariant is an {@link AssertionError}: a finding.
 */
final class ReplyPipeline {
    /** The smallest envelope the daemon accepts is far larger; a small one exercises flushing. */
    static final int ENVELOPE_ROWS = 16;
    static final int ENVELOPE_BYTES = 4096;

    private final DumpStats stats = new DumpStats();
    private final InetDiagDumper dumper = new InetDiagDumper(stats).checkSequence(false);
    private final RecordEncoder encoder;
    private long rows;
    private long envelopes;

    ReplyPipeline() {
        EnvelopeBuilder builder = new EnvelopeBuilder(ENVELOPE_ROWS, ENVELOPE_BYTES, env -> {
            envelopes++;
            ByteBuffer body = env.body();
            byte[] bytes = new byte[body.remaining()];
            body.get(bytes);
            Envelope parsed;
            try {
                parsed = Envelope.parseFrom(bytes);
            } catch (InvalidProtocolBufferException e) {
                throw new AssertionError("an envelope the protobuf library cannot parse: " + e.getMessage(), e);
            }
            if (parsed.getRowCount() != env.rows()) {
                throw new AssertionError("envelope says " + env.rows() + " rows, protobuf reads " + parsed.getRowCount());
            }
            rows += parsed.getRowCount();
        });
        encoder = new RecordEncoder(new SocketDecoder(Decoder.all()), builder);
    }

    /**
     * Replays {@code channel} to its end and checks the invariants on what this run added to the
     * counters (one pipeline serves many inputs: allocating its 64 KiB buffers per input would
     * cost more than the parsing). Returns this run's counts.
     */
    DumpStats run(CountingChannel channel) {
        DumpStats before = new DumpStats();
        stats.copyTo(before);
        long recordsBefore = encoder.records();
        long rowsBefore = rows;
        while (true) {
            long handed = channel.handedOver();
            DumpResult r;
            try {
                r = dumper.readReplies(channel, InetDiagDumper.ANY_REPLY_TYPE, 0, (msg, attrs) -> {
                    encoder.onSocket(msg, attrs);
                    checkRecord(msg);
                });
            } catch (IOException e) {
                throw new AssertionError("a memory channel threw " + e, e);
            }
            if (r == DumpResult.END_OF_STREAM) {
                break;
            }
            if (channel.handedOver() == handed) {
                throw new AssertionError("readReplies returned " + r + " without reading a datagram");
            }
        }
        encoder.envelope().flush();
        DumpStats run = minus(stats, before);
        long records = encoder.records() - recordsBefore;
        long read = rows - rowsBefore;
        check(run.datagrams == channel.handedOver(), "datagrams counted " + run.datagrams + ", handed over " + channel.handedOver());
        check(run.bytes == channel.bytes(), "bytes counted " + run.bytes + ", handed over " + channel.bytes());
        check(run.sockets == records, "sockets counted " + run.sockets + ", records encoded " + records);
        check(read == records, "records encoded " + records + ", envelope rows read back " + read);
        check(run.messages >= run.sockets + run.shortMessages, "messages " + run.messages + " < sockets + short");
        check(run.malformedAttributes <= run.sockets, "more malformed attribute lists than sockets");
        check(run.messages <= run.bytes / 16, "more messages than 16-byte headers fit: " + run);
        check(encoder.envelope().pendingRows() == 0, "rows left after a flush");
        return run;
    }

    private static DumpStats minus(DumpStats now, DumpStats before) {
        DumpStats d = new DumpStats();
        d.setDifference(now, before);
        d.lastErrno = 0; // a difference of counts only
        return d;
    }

    /** The record just encoded, read back: its inet_diag_msg fields are the message's bytes. */
    private void checkRecord(InetDiagMsg msg) {
        XtcpFlatRecord r;
        try {
            r = XtcpFlatRecord.parseFrom(Arrays.copyOf(encoder.lastRecord(), encoder.lastRecordLength()));
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError("a record the protobuf library cannot parse: " + e.getMessage(), e);
        }
        check(r.getInetDiagMsgFamily() == msg.family(), "family " + r.getInetDiagMsgFamily() + " != " + msg.family());
        check(r.getInetDiagMsgSocketSourcePort() == msg.sourcePort(), "source port differs");
        check(r.getInetDiagMsgSocketCookie() == msg.cookie(), "cookie differs");
        check(r.getInetDiagMsgSocketSource().size() == (r.getInetDiagMsgSocketSource().isEmpty() ? 0 : msg.addressLength()),
                "source address of " + r.getInetDiagMsgSocketSource().size() + " bytes for family " + msg.family());
        check(r.getRecordCounter() == encoder.records(), "record counter " + r.getRecordCounter() + " != " + encoder.records());
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }

    /** A channel that counts what it hands over. */
    interface CountingChannel extends NetlinkChannel {
        long handedOver();

        long bytes();
    }
}
