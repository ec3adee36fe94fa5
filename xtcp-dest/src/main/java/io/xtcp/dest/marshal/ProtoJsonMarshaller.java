package io.xtcp.dest.marshal;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.xtcp.core.record.WireReader;
import io.xtcp.schema.v1.Envelope;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * {@code protoJson}: each batch as the protobuf JSON mapping of its Envelope
 * ({@code {"row":[{...},...]}}), on one line. 64-bit integers are strings and bytes base64, as
 * that mapping says; enums are numbers, as in every machine format (only {@code table} shows
 * names); for per-record lines use {@code jsonl}.
 */
public final class ProtoJsonMarshaller implements Marshaller {
    /** A protobufList prefix is a varint32: at most 5 bytes. */
    private static final int MAX_PREFIX_BYTES = 5;

    private final WireReader prefix = new WireReader();
    private final JsonFormat.Printer printer = JsonFormat.printer().omittingInsignificantWhitespace().printingEnumsAsInts();

    @Override
    public String name() {
        return "protoJson";
    }

    @Override
    public byte[] header() {
        return new byte[0];
    }

    @Override
    public ByteBuffer marshal(ByteBuffer framedEnvelope) {
        long len = prefix.wrap(framedEnvelope).prefix();
        if (len < 0 || framedEnvelope.remaining() - prefix.remaining() > MAX_PREFIX_BYTES) {
            throw new MalformedBatchException("protobufList batch: bad length prefix");
        }
        if (len != prefix.remaining()) {
            throw new MalformedBatchException("protobufList batch: length prefix " + len + " but " + prefix.remaining() + " bytes follow");
        }
        ByteBuffer b = framedEnvelope.duplicate();
        b.position(b.limit() - prefix.remaining());
        try {
            String json = printer.print(Envelope.parseFrom(b));
            return ByteBuffer.wrap((json + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedBatchException("protobufList batch: " + e.getMessage());
        }
    }
}
