package io.xtcp.tests;

import com.google.protobuf.CodedInputStream;
import io.xtcp.schema.v1.Envelope;
import io.xtcp.schema.v1.XtcpFlatRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes xtcp's protobufList framing (varint length + Envelope, back to back) with protobuf-java
 * and the generated classes, strictly: every byte must belong to a whole frame.
 */
final class Wire {
    private Wire() {}

    /** The envelopes of a back-to-back stream; throws when a frame is cut short or bytes are left over. */
    static List<Envelope> stream(byte[] bytes) {
        List<Envelope> out = new ArrayList<>();
        try {
            CodedInputStream in = CodedInputStream.newInstance(bytes);
            while (!in.isAtEnd()) {
                int length = in.readRawVarint32();
                if (length < 0 || length > bytes.length - in.getTotalBytesRead()) {
                    throw new IllegalArgumentException("frame of " + length + " bytes at offset " + in.getTotalBytesRead()
                            + " runs past the end (" + bytes.length + " bytes)");
                }
                out.add(Envelope.parseFrom(in.readRawBytes(length)));
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("not a protobufList stream: " + e.getMessage(), e);
        }
        return out;
    }

    /** Exactly one frame: one Kafka record or one datagram. */
    static Envelope single(byte[] bytes) {
        List<Envelope> e = stream(bytes);
        if (e.size() != 1) {
            throw new IllegalArgumentException("expected one protobufList batch, found " + e.size());
        }
        return e.get(0);
    }

    /** The byte length of the Envelope inside a single frame (without its varint prefix). */
    static int envelopeBytes(byte[] frame) {
        try {
            return CodedInputStream.newInstance(frame).readRawVarint32();
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static List<XtcpFlatRecord> rows(List<Envelope> envelopes) {
        List<XtcpFlatRecord> out = new ArrayList<>();
        for (Envelope e : envelopes) {
            out.addAll(e.getRowList());
        }
        return out;
    }
}
