package io.xtcp.dest.marshal;

/** The bytes given to a marshaller are not one varint-length-prefixed Envelope. */
public final class MalformedBatchException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public MalformedBatchException(String message) {
        super(message);
    }
}
