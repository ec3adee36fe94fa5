package io.xtcp.dest.marshal;

import java.nio.ByteBuffer;

/** {@code protobufList}: the batch as it is, a varint-length-prefixed Envelope. No copy. */
public final class ProtobufListMarshaller implements Marshaller {
    @Override
    public String name() {
        return "protobufList";
    }

    @Override
    public byte[] header() {
        return new byte[0];
    }

    @Override
    public ByteBuffer marshal(ByteBuffer framedEnvelope) {
        return framedEnvelope.duplicate();
    }
}
