package io.xtcp.core.record;

import io.xtcp.core.netlink.NativeBytes;
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
    private static final VarHandle SHORT_LE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

    /**
     * By the leading zeros of a value below 2^56 (8..63; zero values are never written): the
     * length of its varint, and the continuation bits of all its bytes but the last. Two loads
     * from these instead of a division by 7 and a variable shift.
     */
    private static final int[] VARINT_BYTES = new int[64];
    private static final long[] VARINT_CONTINUATION = new long[64];

    static {
        for (int z = 8; z < 64; z++) {
            int n = (70 - z) / 7;
            VARINT_BYTES[z] = n;
            VARINT_CONTINUATION[z] = CONTINUATION & ((1L << ((n - 1) << 3)) - 1);
        }
    }

    /** The 7-bit groups' positions: the low 7 bits of each byte. */
    static final long SEVEN_BIT_GROUPS = 0x7F7F7F7F7F7F7F7FL;

    /**
     * {@code Long.expand(v, 0x7F7F7F7F7F7F7F7FL)} where the JDK has it (19 and later): one
     * instruction (PDEP) on x86-64 with BMI2, the JIT's intrinsic reached through a constant
     * method handle. On JDK 17 the same spread in shifts and masks, {@link #spreadByMasks}.
     * (Where PDEP is fast, as here: Zen 3 and later, Intel since Haswell, the intrinsic is ~15 %
     * faster per socket than the masks; on Zen 1 and 2 PDEP is microcoded and slower.)
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

    /**
     * A run of u32 fields, each non-zero one as its two tag bytes and up to five varint bytes
     * built in one register and stored as one 8-byte write. Most of a socket's fields come in such
     * runs (tcp_info, skmeminfo), and this is where its per-field cost goes: no tag-size branch, no
     * capacity check and no separate stores per field. Field numbers outside 16..2047 (one- or
     * three-byte tags) take the general path.
     */
    @Override
    public void u32s(int field, byte[] src, int offset, int count) {
        if (!twoByteTags(field, count)) {
            FieldSink.super.u32s(field, src, offset, count);
            return;
        }
        byte[] b = room(8 * count);
        int p = pos;
        for (int i = 0, tagBytes = twoByteTag(field); i < count; i++, tagBytes = nextTwoByteTag(tagBytes)) {
            long value = NativeBytes.u32(src, offset + 4 * i);
            if (value == 0) {
                continue;
            }
            int z = Long.numberOfLeadingZeros(value);
            LONG_LE.set(b, p, tagBytes | (spread56(value) | VARINT_CONTINUATION[z]) << 16);
            p += 2 + VARINT_BYTES[z];
        }
        pos = p;
    }

    /** As {@link #u32s}, for u64s: the two tag bytes in one write, the varint in one or two more. */
    @Override
    public void u64s(int field, byte[] src, int offset, int count) {
        if (!twoByteTags(field, count)) {
            FieldSink.super.u64s(field, src, offset, count);
            return;
        }
        byte[] b = room(12 * count);
        int p = pos;
        for (int i = 0, tagBytes = twoByteTag(field); i < count; i++, tagBytes = nextTwoByteTag(tagBytes)) {
            long value = NativeBytes.i64(src, offset + 8 * i);
            if (value == 0) {
                continue;
            }
            SHORT_LE.set(b, p, (short) tagBytes);
            p = (value >>> 56) == 0 ? varint56(b, p + 2, value) : varint64(b, p + 2, value);
        }
        pos = p;
    }

    /** Whether fields {@code field..field + count - 1} all have two-byte tags (16..2047). */
    private static boolean twoByteTags(int field, int count) {
        return field >= 16 && field + count <= 2048;
    }

    /** A two-byte varint tag (wire type 0) as its two bytes, little-endian. */
    private static int twoByteTag(int field) {
        int tag = field << 3;
        return (tag & 0x7F | 0x80) | (tag >>> 7) << 8;
    }

    /**
     * The next field's two-byte tag: +8, carried from the low 7-bit group into the high one; the
     * carry clears the low byte's continuation bit, and the | sets it again.
     */
    private static int nextTwoByteTag(int tagBytes) {
        return (tagBytes + 8) | 0x80;
    }

    /** The buffer, grown if needed so {@code more} bytes fit after the current position. */
    private byte[] room(int more) {
        return pos + more > buf.length ? grow(more) : buf;
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
        int z = Long.numberOfLeadingZeros(value);
        LONG_LE.set(b, p, spread56(value) | VARINT_CONTINUATION[z]);
        return p + VARINT_BYTES[z];
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

    /**
     * The spread in three halvings, each moving the upper half of every lane up: 28-bit halves
     * into 32-bit lanes, 14-bit quarters into 16-bit lanes, 7-bit groups into bytes. Twelve
     * operations instead of the 22 of moving each group on its own: ~10 % of a socket on JDK 17.
     */
    static long spreadByMasks(long value) {
        long x = (value & 0x0FFFFFFFL) | (value & 0xFFFFFFF0000000L) << 4; // 28-bit halves into 32-bit lanes
        x = (x & 0x00003FFF00003FFFL) | (x & 0x0FFFC0000FFFC000L) << 2; // 14-bit quarters into 16-bit lanes
        return (x & 0x007F007F007F007FL) | (x & 0x3F803F803F803F80L) << 1; // 7-bit groups into bytes
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
