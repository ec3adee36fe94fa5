package io.xtcp.core.record;

import io.xtcp.core.netlink.DiagAttributes;
import io.xtcp.core.netlink.InetDiagMsg;
import io.xtcp.core.netlink.SocketHandler;
import io.xtcp.schema.v1.XtcpFlatRecord;

/**
 * The hot path's socket handler: stamp + record counter + decoded fields, as wire bytes, appended
 * to the envelope. Allocates nothing per socket.
 */
public final class RecordEncoder implements SocketHandler {
    private final SocketDecoder decoder;
    private final EnvelopeBuilder envelope;
    private final ProtoRecordWriter writer = new ProtoRecordWriter();
    private byte[] stamp = new byte[0];
    private long counter;

    public RecordEncoder(SocketDecoder decoder, EnvelopeBuilder envelope) {
        this.decoder = decoder;
        this.envelope = envelope;
    }

    /** Sets the stamp for the records that follow (once per poll per namespace). */
    public void stamp(RecordStamp s) {
        this.stamp = s.wire();
    }

    @Override
    public void onSocket(InetDiagMsg msg, DiagAttributes attrs) {
        ProtoRecordWriter w = writer;
        w.reset();
        w.raw(stamp, stamp.length);
        w.number(XtcpFlatRecord.RECORD_COUNTER_FIELD_NUMBER, ++counter);
        decoder.decode(msg, attrs, w);
        envelope.append(w.array(), w.length());
    }

    /** The wire bytes of the record encoded last: {@code lastRecord()[0, lastRecordLength())}, valid until the next. */
    public byte[] lastRecord() {
        return writer.array();
    }

    public int lastRecordLength() {
        return writer.length();
    }

    /** Records encoded so far. */
    public long records() {
        return counter;
    }

    public EnvelopeBuilder envelope() {
        return envelope;
    }
}
