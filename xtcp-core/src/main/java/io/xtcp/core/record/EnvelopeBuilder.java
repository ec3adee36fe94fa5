package io.xtcp.core.record;

/**
 * Accumulates encoded records into an {@link Envelope} and hands it to a consumer when it reaches
 * {@code maxRows} or {@code maxBytes}, and on {@link #flush()}. The envelope is reused after the
 * consumer returns: a consumer that keeps the bytes copies them.
 */
public final class EnvelopeBuilder {
    /** Envelope.row is field 10, length-delimited. */
    private static final byte ROW_TAG = (byte) (10 << 3 | Varints.WIRE_LEN);

    /** Receives full envelopes. */
    @FunctionalInterface
    public interface Consumer {
        void accept(Envelope envelope);
    }

    private final int maxRows;
    private final int maxBytes;
    private final Consumer consumer;
    private final Envelope env;
    private long envelopes;

    public EnvelopeBuilder(int maxRows, int maxBytes, Consumer consumer) {
        if (maxRows < 1 || maxBytes < 64) {
            throw new IllegalArgumentException("envelope limits too small: rows=" + maxRows + " bytes=" + maxBytes);
        }
        this.maxRows = maxRows;
        this.maxBytes = maxBytes;
        this.consumer = consumer;
        this.env = new Envelope(maxBytes);
    }

    /** Appends one record's wire bytes as a row. */
    public void append(byte[] record, int length) {
        int need = 1 + Varints.size(length) + length;
        if (env.rows > 0 && env.bodyLength() + need > maxBytes) {
            flush();
        }
        byte[] b = env.buf;
        if (env.end + need > b.length) {
            throw new IllegalStateException("record of " + length + " bytes exceeds the envelope buffer");
        }
        int p = env.end;
        b[p++] = ROW_TAG;
        p = Varints.write(b, p, length);
        System.arraycopy(record, 0, b, p, length);
        env.end = p + length;
        env.rows++;
        if (env.rows >= maxRows) {
            flush();
        }
    }

    /** Hands over the pending envelope, if it holds any row. */
    public void flush() {
        if (env.rows == 0) {
            return;
        }
        envelopes++;
        try {
            consumer.accept(env);
        } finally {
            env.clear();
        }
    }

    public long envelopes() {
        return envelopes;
    }

    public int pendingRows() {
        return env.rows;
    }
}
