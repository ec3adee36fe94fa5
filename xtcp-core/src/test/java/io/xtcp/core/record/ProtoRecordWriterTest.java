package io.xtcp.core.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The hand-written varint paths against protobuf-java's own encoder, byte for byte. */
class ProtoRecordWriterTest {
    /** Field numbers whose tags take one, two and three bytes, and the schema's extremes. */
    private static final int[] FIELDS = {1, 15, 16, 2047, 2048, 1274, 2003, 16383, 16384, 262_143};

    @Test
    void everyVarintSizeAndTagSizeMatchesCodedOutputStream() throws Exception {
        long[] values = new long[3 + 64 * 3];
        int n = 0;
        values[n++] = 1;
        values[n++] = -1L; // u64 all ones: the 10-byte path
        values[n++] = Long.MAX_VALUE;
        for (int bit = 0; bit < 64; bit++) {
            long v = 1L << bit;
            values[n++] = v;
            values[n++] = v - 1 == 0 ? 3 : v - 1;
            values[n++] = v | (v >>> 1) | 1;
        }
        for (int field : FIELDS) {
            ProtoRecordWriter w = new ProtoRecordWriter();
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(expected);
            for (long v : values) {
                w.number(field, v);
                out.writeUInt64(field, v);
            }
            out.flush();
            assertArrayEquals(expected.toByteArray(), Arrays.copyOf(w.array(), w.length()), "field " + field);
        }
    }

    @Test
    void randomValuesOfEveryWidthRoundTripThroughTheGrowingBuffer() throws Exception {
        SplittableRandom random = new SplittableRandom(42);
        ProtoRecordWriter w = new ProtoRecordWriter();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(expected);
        for (int i = 0; i < 20_000; i++) {
            long v = random.nextLong() >>> random.nextInt(64);
            int field = FIELDS[random.nextInt(FIELDS.length)];
            w.number(field, v);
            if (v != 0) {
                out.writeUInt64(field, v);
            }
        }
        out.flush();
        assertEquals(expected.size(), w.length());
        assertArrayEquals(expected.toByteArray(), Arrays.copyOf(w.array(), w.length()));
    }

    /**
     * Runs of u32 and u64 fields (the writer's run paths for two-byte tags, the per-field path for
     * the rest) against CodedOutputStream: runs that start and end on both sides of the two-byte
     * tag range (16..2047), values of every width with many zeros (u64s up to all ones), from a
     * small buffer that grows.
     */
    @Test
    void u32AndU64RunsMatchCodedOutputStream() throws Exception {
        for (int width : new int[] {4, 8}) {
            SplittableRandom random = new SplittableRandom(11 + width);
            ProtoRecordWriter w = new ProtoRecordWriter();
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(expected);
            int[] starts = {1, 10, 15, 16, 17, 1215, 1501, 2030, 2040, 2047, 2048, 16380};
            for (int i = 0; i < 5_000; i++) {
                int first = starts[random.nextInt(starts.length)];
                int count = 1 + random.nextInt(24);
                int offset = random.nextInt(8);
                byte[] src = new byte[offset + width * count];
                ByteBuffer view = ByteBuffer.wrap(src).order(ByteOrder.nativeOrder());
                for (int f = 0; f < count; f++) {
                    long v = random.nextInt(3) == 0 ? 0 : random.nextLong() >>> (64 - 8 * width + random.nextInt(8 * width));
                    if (width == 4) {
                        view.putInt(offset + 4 * f, (int) v);
                    } else {
                        view.putLong(offset + 8 * f, v);
                    }
                    if (v != 0) {
                        out.writeUInt64(first + f, v);
                    }
                }
                if (width == 4) {
                    w.u32s(first, src, offset, count);
                } else {
                    w.u64s(first, src, offset, count);
                }
            }
            out.flush();
            assertEquals(expected.size(), w.length(), "u" + 8 * width);
            assertArrayEquals(expected.toByteArray(), Arrays.copyOf(w.array(), w.length()), "u" + 8 * width);
        }
    }

    @Test
    void zeroIsLeftOutAsProto3Does() {
        ProtoRecordWriter w = new ProtoRecordWriter();
        w.number(5, 0);
        w.bytes(6, new byte[] {1, 2}, 0, 0);
        assertEquals(0, w.length());
    }

    /**
     * The shift-and-mask spread (JDK 17) against a bit-by-bit one, and the JDK's
     * {@code Long.expand} where it has one (what the writer uses there) against both. The
     * byte-for-byte tests above run on whichever JDK runs the tests; xtcp-core's pom runs the
     * record tests again on JDK 25 when the machine has it.
     */
    @Test
    void theVarintSpreadMatchesABitByBitOneAndLongExpand() throws Exception {
        java.lang.reflect.Method expand = null;
        try {
            expand = Long.class.getMethod("expand", long.class, long.class);
        } catch (NoSuchMethodException jdk17) {
            // only the masks to check
        }
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 100_000; i++) {
            long v = random.nextLong() >>> random.nextInt(64);
            long bitByBit = 0;
            for (int bit = 0; bit < 56; bit++) {
                bitByBit |= ((v >>> bit) & 1) << (bit / 7 * 8 + bit % 7);
            }
            assertEquals(bitByBit, ProtoRecordWriter.spreadByMasks(v), "masks, value " + v);
            if (expand != null) {
                assertEquals(bitByBit, (long) expand.invoke(null, v, ProtoRecordWriter.SEVEN_BIT_GROUPS), "Long.expand, value " + v);
            }
        }
        assertEquals(Runtime.version().feature() >= 19, expand != null, "Long.expand exists from JDK 19 on");
    }
}
