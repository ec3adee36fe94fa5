package io.xtcp.dest.marshal;

import java.nio.ByteBuffer;

/**
 * Turns one protobufList batch (an Envelope preceded by its varint length, as
 * {@code io.xtcp.core.record.Envelope#framed()} gives it) into what a {@code Destination} sends.
 * An instance is used by one thread (the pipeline's sender); the returned buffer is valid until
 * the next call.
 */
public interface Marshaller {
    /** The name the daemon selects it by: {@code protobufList}, {@code jsonl}, ... */
    String name();

    /** Written once at the start of each stream a sink opens (the CSV/TSV header line); empty for most. */
    byte[] header();

    /**
     * Marshals one batch.
     *
     * @throws MalformedBatchException when the bytes are not a protobufList batch
     */
    ByteBuffer marshal(ByteBuffer framedEnvelope);
}
