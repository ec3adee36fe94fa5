package io.xtcp.core.netlink;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Reads of host-order integers from a byte array, as the kernel writes netlink messages. Bounds
 * are checked like any array access (an out-of-range offset throws), but without the per-read
 * scope and order checks of a {@code ByteBuffer}: the reply walker and the decoders read about a
 * hundred values per socket through here.
 */
public final class NativeBytes {
    private static final VarHandle I16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.nativeOrder());
    private static final VarHandle I32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.nativeOrder());
    private static final VarHandle I64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());

    private NativeBytes() {}

    public static int u8(byte[] b, int i) {
        return b[i] & 0xFF;
    }

    public static int u16(byte[] b, int i) {
        return Short.toUnsignedInt((short) I16.get(b, i));
    }

    /** A big-endian (network order) u16, as ports are stored. */
    public static int u16be(byte[] b, int i) {
        return (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF);
    }

    public static int i32(byte[] b, int i) {
        return (int) I32.get(b, i);
    }

    public static long u32(byte[] b, int i) {
        return Integer.toUnsignedLong((int) I32.get(b, i));
    }

    public static long i64(byte[] b, int i) {
        return (long) I64.get(b, i);
    }
}
