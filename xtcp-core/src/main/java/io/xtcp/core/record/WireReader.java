package io.xtcp.core.record;

import java.nio.ByteBuffer;

/**
 * Reads protobuf wire bytes field by field: the one reader of the format {@link ProtoRecordWriter}
 * and {@link EnvelopeBuilder} write (an {@code Envelope}, its {@code XtcpFlatRecord} rows, and
 * the protobufList length prefix in front of a batch). A cursor over a byte array or a
 * {@code ByteBuffer} (array-backed or direct), read in place: no copy of the input, no
 * allocation per field, and reused from message to message with {@code wrap}.
 *
 * <pre>
 * message  := field*
 * field    := tag value                   tag = varint (field_number &lt;&lt; 3 | wire_type)
 * wire 0   := varint                      1 to 10 bytes, 7 bits each, low group first
 * wire 1   := 8 bytes (fixed64, LE)       wire 5 := 4 bytes (fixed32, LE)
 * wire 2   := varint length, then length bytes (bytes, string, nested message)
 * wire 3, 4 (groups), 6, 7                not written by any schema of ours: malformed
 * </pre>
 *
 * <p>Total: every read is bounds-checked against the limit of the wrapped region, and malformed
 * input (a truncated varint or fixed value, a varint longer than 10 bytes, a length past the
 * end, field number 0, an unknown wire type) never reads past it nor throws. {@link #next()}
 * answers false, and {@link #malformed()} and {@link #fault()} say what went wrong and at which
 * byte (counted from the start of the outermost region wrapped). The fields read before the fault
 * were delivered; callers decide whether that is a skip (the snapshot) or a refused batch (the
 * text marshallers).
 *
 * <p>Not thread-safe; one per thread, as the writer.
 */
public final class WireReader {
    public static final int WIRE_VARINT = 0;
    public static final int WIRE_FIXED64 = 1;
    public static final int WIRE_LEN = 2;
    public static final int WIRE_FIXED32 = 5;
    /** A varint holds at most 64 bits: 10 groups of 7. */
    static final int MAX_VARINT_BYTES = 10;

    /** What made the input malformed. */
    public enum Fault {
        TRUNCATED_VARINT("truncated varint"),
        VARINT_TOO_LONG("varint longer than 10 bytes"),
        TRUNCATED_FIXED("truncated fixed-size value"),
        LENGTH_PAST_END("length past the end"),
        FIELD_ZERO("field number 0"),
        UNKNOWN_WIRE_TYPE("unknown wire type");

        private final String text;

        Fault(String text) {
            this.text = text;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** The source when it is an array (a heap buffer's own array): read directly. */
    private byte[] array;
    /** The source when it is a direct buffer: read with absolute gets. */
    private ByteBuffer direct;
    /** Where positions in fault messages count from. */
    private int origin;
    private int start;
    private int pos;
    private int limit;

    private int field;
    private int wireType;
    /** A varint's or fixed value's value, or a length-delimited value's length. */
    private long value;
    /** Where a length-delimited value's bytes start. */
    private int valueOffset;

    private Fault fault;
    private int faultAt;
    private long faultValue;

    /** Scratch for handing a direct buffer's byte strings to a {@link FieldSink}; grown, never shrunk. */
    private byte[] copy;
    /** The reader of nested messages ({@link #rows}); made on first use. */
    private WireReader inner;

    /** Reads {@code b[offset, offset + length)}. */
    public WireReader wrap(byte[] b, int offset, int length) {
        if (offset < 0 || length < 0 || offset > b.length - length) {
            throw new IndexOutOfBoundsException("offset " + offset + ", length " + length + " of " + b.length);
        }
        array = b;
        direct = null;
        return reset(offset, offset + length, offset);
    }

    /** Reads {@code b} from its position to its limit, in place; the buffer's position is not moved. */
    public WireReader wrap(ByteBuffer b) {
        if (b.hasArray()) {
            int start = b.arrayOffset() + b.position();
            array = b.array();
            direct = null;
            return reset(start, start + b.remaining(), start);
        }
        array = null;
        direct = b;
        return reset(b.position(), b.limit(), b.position());
    }

    /** Reads the value of the length-delimited field {@code outer} is on (a nested message). */
    public WireReader wrapValue(WireReader outer) {
        if (outer.wireType != WIRE_LEN || outer.fault != null) {
            throw new IllegalStateException("not on a length-delimited field");
        }
        array = outer.array;
        direct = outer.direct;
        return reset(outer.valueOffset, outer.valueOffset + (int) outer.value, outer.origin);
    }

    private WireReader reset(int from, int end, int originAt) {
        start = from;
        pos = from;
        limit = end;
        origin = originAt;
        field = 0;
        wireType = 0;
        value = 0;
        valueOffset = 0;
        fault = null;
        return this;
    }

    /**
     * Reads the next field's tag and value. False at the end of the region or on malformed input
     * ({@link #malformed()} tells which); the cursor stays there.
     */
    public boolean next() {
        if (pos >= limit || fault != null) {
            return false;
        }
        int at = pos;
        long tag = varint();
        if (fault != null) {
            return false;
        }
        int wire = (int) tag & 7;
        long number = tag >>> 3;
        if (number == 0) {
            return fail(Fault.FIELD_ZERO, at, 0);
        }
        if (number > Integer.MAX_VALUE) {
            return fail(Fault.VARINT_TOO_LONG, at, 0);
        }
        field = (int) number;
        wireType = wire;
        switch (wire) {
            case WIRE_VARINT:
                value = varint();
                return fault == null;
            case WIRE_LEN:
                at = pos;
                long n = varint();
                if (fault != null) {
                    return false;
                }
                if (n < 0 || n > limit - pos) {
                    return fail(Fault.LENGTH_PAST_END, at, n);
                }
                valueOffset = pos;
                value = n;
                pos += (int) n;
                return true;
            case WIRE_FIXED64:
                return fixed(8);
            case WIRE_FIXED32:
                return fixed(4);
            default:
                return fail(Fault.UNKNOWN_WIRE_TYPE, at, wire);
        }
    }

    private boolean fixed(int size) {
        if (limit - pos < size) {
            return fail(Fault.TRUNCATED_FIXED, pos, size);
        }
        long v = 0;
        for (int i = size - 1; i >= 0; i--) {
            v = v << 8 | (byteAt(pos + i) & 0xFF);
        }
        value = v;
        pos += size;
        return true;
    }

    /**
     * Reads one bare varint at the cursor: the protobufList length prefix in front of an Envelope.
     * -1 when it is malformed ({@link #malformed()}).
     */
    public long prefix() {
        if (fault != null) {
            return -1;
        }
        long v = varint();
        return fault == null ? v : -1;
    }

    /** A varint at pos; on a fault, records it and returns 0. */
    private long varint() {
        int start = pos;
        long r = 0;
        for (int shift = 0; shift < 7 * MAX_VARINT_BYTES; shift += 7) {
            if (pos >= limit) {
                fail(Fault.TRUNCATED_VARINT, start, 0);
                return 0;
            }
            byte x = byteAt(pos++);
            r |= (long) (x & 0x7F) << shift;
            if (x >= 0) {
                return r;
            }
        }
        fail(Fault.VARINT_TOO_LONG, start, 0);
        return 0;
    }

    private byte byteAt(int i) {
        return array != null ? array[i] : direct.get(i);
    }

    private boolean fail(Fault f, int at, long detail) {
        fault = f;
        faultAt = at;
        faultValue = detail;
        return false;
    }

    /** The current field's number (after {@link #next()} answered true). */
    public int field() {
        return field;
    }

    /** The current field's wire type: {@link #WIRE_VARINT}, {@link #WIRE_LEN}, {@link #WIRE_FIXED64}, {@link #WIRE_FIXED32}. */
    public int wireType() {
        return wireType;
    }

    /** The current varint's value (unsigned in a long), or a fixed64/fixed32's bits. */
    public long number() {
        return value;
    }

    /** The current length-delimited value's length. */
    public int length() {
        return wireType == WIRE_LEN ? (int) value : 0;
    }

    /** Where the current length-delimited value starts, in {@link #array()} or the wrapped buffer. */
    public int valueOffset() {
        return valueOffset;
    }

    /** The array read (null when reading a direct buffer). */
    public byte[] array() {
        return array;
    }

    /** Whether reading stopped at malformed input. */
    public boolean malformed() {
        return fault != null;
    }

    /** What was malformed, or null. */
    public Fault faultKind() {
        return fault;
    }

    /**
     * What was malformed and where, e.g. {@code "length 900 past the end at byte 17"}, or null.
     * Built only when asked (the cold path).
     */
    public String fault() {
        if (fault == null) {
            return null;
        }
        switch (fault) {
            case LENGTH_PAST_END:
                return "length " + faultValue + " past the end at byte " + (faultAt - origin);
            case UNKNOWN_WIRE_TYPE:
                return "unknown wire type " + faultValue + " at byte " + (faultAt - origin);
            case TRUNCATED_FIXED:
                return "truncated " + (faultValue == 8 ? "fixed64" : "fixed32") + " at byte " + (faultAt - origin);
            default:
                return fault + " at byte " + (faultAt - origin);
        }
    }

    /** Bytes left in the region after the cursor. */
    public int remaining() {
        return limit - pos;
    }

    /**
     * Delivers the remaining fields of one {@code XtcpFlatRecord} to {@code sink}: varints as
     * numbers, length-delimited values as bytes (in place when reading an array). Fields the
     * schema does not know (a newer writer's) and fixed-size values are skipped, as protobuf
     * skips unknown fields. False when the record is malformed (the fields before the fault were
     * delivered).
     */
    public boolean record(FieldSink sink) {
        while (next()) {
            if (!RecordFields.exists(field)) {
                continue;
            }
            if (wireType == WIRE_VARINT) {
                sink.number(field, value);
            } else if (wireType == WIRE_LEN) {
                int n = (int) value;
                if (array != null) {
                    sink.bytes(field, array, valueOffset, n);
                } else {
                    if (copy == null || copy.length < n) {
                        copy = new byte[Math.max(n, 256)];
                    }
                    direct.get(valueOffset, copy, 0, n);
                    sink.bytes(field, copy, 0, n);
                }
            }
        }
        return fault == null;
    }

    /** Receives the rows of an Envelope, each as a reader wrapped on its bytes. */
    public interface RowVisitor {
        void row(WireReader row);
    }

    /**
     * Walks the remaining fields of an {@code Envelope} and hands each {@code row} (field 10,
     * length-delimited) to {@code visitor} as a reader of its own, reused from row to row. Other
     * fields are skipped. False when the envelope is malformed (the rows before the fault were
     * delivered); a malformed row is the visitor's to judge.
     */
    public boolean rows(RowVisitor visitor) {
        if (inner == null) {
            inner = new WireReader();
        }
        while (next()) {
            if (field == io.xtcp.schema.v1.Envelope.ROW_FIELD_NUMBER && wireType == WIRE_LEN) {
                visitor.row(inner.wrapValue(this));
            }
        }
        return fault == null;
    }

    /** Where the region this reader wraps starts, in {@link #array()} or the wrapped buffer (a row's first byte). */
    public int start() {
        return start;
    }

    /** Where the region this reader wraps ends (exclusive). */
    public int end() {
        return limit;
    }
}
