package io.xtcp.core.linux;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The capability sets of the calling thread, read with capget(2).
 *
 * <pre>
 * // &lt;linux/capability.h&gt;
 * struct __user_cap_header_struct { __u32 version; int pid; };              // 8 bytes
 * struct __user_cap_data_struct { __u32 effective, permitted, inheritable; }; // 12 bytes
 * </pre>
 *
 * With {@code _LINUX_CAPABILITY_VERSION_3} the kernel fills two data structs: the first holds
 * capabilities 0..31, the second 32..63. {@code pid = 0} asks about the calling thread; every
 * thread of xtcp has the same sets because nothing changes them after start.
 */
public final class Capabilities {
    /** {@code _LINUX_CAPABILITY_VERSION_3}: 64-bit sets in two data structs. */
    public static final int LINUX_CAPABILITY_VERSION_3 = 0x20080522;
    static final int HEADER_SIZE = 8;
    static final int DATA_SIZE = 12;
    static final int EFFECTIVE_OFFSET = 0;
    static final int PERMITTED_OFFSET = 4;

    private final long effective;
    private final long permitted;

    private Capabilities(long effective, long permitted) {
        this.effective = effective;
        this.permitted = permitted;
    }

    /** Reads the calling thread's sets. */
    public static Capabilities current() throws SyscallException {
        ByteBuffer header = ByteBuffer.allocateDirect(HEADER_SIZE).order(ByteOrder.nativeOrder());
        header.putInt(0, LINUX_CAPABILITY_VERSION_3);
        header.putInt(4, 0);
        ByteBuffer data = ByteBuffer.allocateDirect(2 * DATA_SIZE).order(ByteOrder.nativeOrder());
        Syscalls.capget(Syscalls.pointer(header), Syscalls.pointer(data));
        return new Capabilities(
                join(data.getInt(EFFECTIVE_OFFSET), data.getInt(DATA_SIZE + EFFECTIVE_OFFSET)),
                join(data.getInt(PERMITTED_OFFSET), data.getInt(DATA_SIZE + PERMITTED_OFFSET)));
    }

    /** Given sets, e.g. parsed from {@code CapEff:} in /proc/PID/status; for tests and callers that read them elsewhere. */
    public static Capabilities of(long effective, long permitted) {
        return new Capabilities(effective, permitted);
    }

    private static long join(int low, int high) {
        return Integer.toUnsignedLong(low) | (Integer.toUnsignedLong(high) << 32);
    }

    /** Whether {@code c} is in the effective set: what the kernel checks. */
    public boolean has(Capability c) {
        return (effective & (1L << c.number())) != 0;
    }

    /** The effective set as a bit mask, as {@code CapEff:} in /proc/PID/status shows it. */
    public long effective() {
        return effective;
    }

    /** The permitted set as a bit mask ({@code CapPrm:}). */
    public long permitted() {
        return permitted;
    }

    @Override
    public String toString() {
        return String.format("CapEff=%016x CapPrm=%016x", effective, permitted);
    }
}
