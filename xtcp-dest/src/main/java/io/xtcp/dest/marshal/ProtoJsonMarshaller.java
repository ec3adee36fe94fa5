package io.xtcp.dest.marshal;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.xtcp.schema.v1.Envelope;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * {@code protoJson}: each batch as the protobuf JSON mapping of its Envelope
 * ({@code {"row":[{...},...]}}), on one line. 64-bit integers are strings and bytes base64, as
 * that mapping says; for per-record lines use {@code jsonl}.
 */
public final class ProtoJsonMarshaller implements Marshaller {
    private final JsonFormat.Printer printer = JsonFormat.printer().omittingInsignificantWhitespace();

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
        ByteBuffer b = framedEnvelope.duplicate();
        long len = 0;
        for (int shift = 0; ; shift += 7) {
            if (!b.hasRemaining() || shift > 28) {
                throw new MalformedBatchException("protobufList batch: bad length prefix");
            }
            byte x = b.get();
            len |= (long) (x & 0x7F) << shift;
            if (x >= 0) {
                break;
            }
        }
        if (len != b.remaining()) {
            throw new MalformedBatchException("protobufList batch: length prefix " + len + " but " + b.remaining() + " bytes follow");
        }
        try {
            String json = printer.print(Envelope.parseFrom(b));
            return ByteBuffer.wrap((json + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedBatchException("protobufList batch: " + e.getMessage());
        }
    }
}
