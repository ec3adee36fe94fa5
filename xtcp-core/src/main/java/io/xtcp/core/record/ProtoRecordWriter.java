package io.xtcp.core.record;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Writes one XtcpFlatRecord as protobuf wire bytes, field by field, skipping zero values as
 * proto3 does. The buffer is reused for every record. The varint path is written out by hand:
 * one capacity check per field, the tag's one to three bytes without a loop, and values below
 * 2^56 spread into 7-bit groups in a register and stored as one 8-byte write.
 */
public final class ProtoRecordWriter implements FieldSink {
    /** A tag (at most 3 bytes for field numbers below 2^18) plus a 10-byte varint. */
    private static final int MAX_NUMBER_FIELD = 13;
    /** The continuation bit of each of 8 varint bytes. */
    private static final long CONTINUATION = 0x8080808080808080L;
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** The 7-bit groups' positions: the low 7 bits of each byte. */
    static final long SEVEN_BIT_GROUPS = 0x7F7F7F7F7F7F7F7FL;

    /**
     * {@code Long.expand(v, 0x7F7F7F7F7F7F7F7FL)} where the JDK has it (19 and later): one
     * instruction (PDEP) on x86-64 with BMI2, the JIT's intrinsic reached through a constant
     * method handle. On JDK 17 the same spread in shifts and masks, {@link #spreadByMasks}.
     */
    private static final MethodHandle SPREAD = spreadHandle();

    private byte[] buf = new byte[2048];
    private int pos;

    public void reset() {
        pos = 0;
    }

    /**
     * Kept small (in bytecode) on purpose, as are the helpers it calls: the JIT inlines a hot
     * method only below 325 bytes, and an inlined copy at each of the decoder's ~100 call sites is
     * what lets the field numbers fold into constant tags.
     */
    @Override
    public void number(int field, long value) {
        if (value == 0) {
            return;
        }
        byte[] b = buf;
        int p = pos;
        if (p + MAX_NUMBER_FIELD > b.length) {
            b = grow(MAX_NUMBER_FIELD);
        }
        p = tag(b, p, field << 3); // wire type 0: varint
        pos = (value >>> 56) == 0 ? varint56(b, p, value) : varint64(b, p, value);
    }

    private static int tag(byte[] b, int p, int tag) {
        if (tag < 0x80) {
            b[p] = (byte) tag;
            return p + 1;
        }
        if (tag < 0x4000) {
            b[p] = (byte) (tag | 0x80);
            b[p + 1] = (byte) (tag >>> 7);
            return p + 2;
        }
        b[p] = (byte) (tag | 0x80);
        b[p + 1] = (byte) ((tag >>> 7) | 0x80);
        b[p + 2] = (byte) (tag >>> 14);
        return p + 3;
    }

    /**
     * A value below 2^56 as up to 8 varint bytes, built in a register and stored at once: no
     * loop and no branch on the value's size, which the CPU could not predict socket to socket.
     */
    private static int varint56(byte[] b, int p, long value) {
        int n = (70 - Long.numberOfLeadingZeros(value)) / 7;
        LONG_LE.set(b, p, spread56(value) | (CONTINUATION & ((1L << ((n - 1) << 3)) - 1)));
        return p + n;
    }

    /**
     * A value of 2^56 or more (u64 all-ones, as tcpi_max_pacing_rate "unlimited", comes with most
     * sockets): its low 56 bits as 8 continued bytes in one write, then the top 8 bits in 1 or 2.
     */
    private static int varint64(byte[] b, int p, long value) {
        LONG_LE.set(b, p, spread56(value) | CONTINUATION);
        int hi = (int) (value >>> 56);
        if (hi < 0x80) {
            b[p + 8] = (byte) hi;
            return p + 9;
        }
        b[p + 8] = (byte) (hi | 0x80);
        b[p + 9] = 1;
        return p + 10;
    }

    /** The low 56 bits of {@code value} as eight 7-bit groups, one per byte, continuation bits clear. */
    private static long spread56(long value) {
        try {
            return (long) SPREAD.invokeExact(value);
        } catch (Throwable t) { // neither target throws
            throw new AssertionError(t);
        }
    }

    private static MethodHandle spreadHandle() {
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        try {
            MethodHandle expand = lookup.findStatic(Long.class, "expand",
                    MethodType.methodType(long.class, long.class, long.class));
            return MethodHandles.insertArguments(expand, 1, SEVEN_BIT_GROUPS);
        } catch (NoSuchMethodException | IllegalAccessException e) {
            try {
                return lookup.findStatic(ProtoRecordWriter.class, "spreadByMasks", MethodType.methodType(long.class, long.class));
            } catch (NoSuchMethodException | IllegalAccessException impossible) {
                throw new ExceptionInInitializerError(impossible);
            }
        }
    }

    static long spreadByMasks(long value) {
        return (value & 0x7FL)
                | (value & 0x3F80L) << 1
                | (value & 0x1FC000L) << 2
                | (value & 0xFE00000L) << 3
                | (value & 0x7F0000000L) << 4
                | (value & 0x3F800000000L) << 5
                | (value & 0x1FC0000000000L) << 6
                | (value & 0xFE000000000000L) << 7;
    }

    @Override
    public void bytes(int field, byte[] src, int offset, int length) {
        if (length == 0) {
            return;
        }
        byte[] b = buf;
        int p = pos;
        if (p + MAX_NUMBER_FIELD + length > b.length) {
            b = grow(MAX_NUMBER_FIELD + length);
        }
        p = Varints.write(b, p, field << 3 | Varints.WIRE_LEN);
        p = Varints.write(b, p, length);
        System.arraycopy(src, offset, b, p, length);
        pos = p + length;
    }

    /** Appends bytes already in wire form (a pre-encoded stamp). */
    public void raw(byte[] wire, int length) {
        if (pos + length > buf.length) {
            grow(length);
        }
        System.arraycopy(wire, 0, buf, pos, length);
        pos += length;
    }

    private byte[] grow(int more) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
        return buf;
    }

    public byte[] array() {
        return buf;
    }

    public int length() {
        return pos;
    }
}
