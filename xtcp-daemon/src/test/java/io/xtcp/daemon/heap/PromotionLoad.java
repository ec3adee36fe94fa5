package io.xtcp.daemon.heap;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;

/**
 * Run in a JVM of its own by {@link OldGenTriggerTest}: makes garbage the way a queue of
 * envelopes does (arrays larger than a survivor space, alive across one young collection, dead
 * soon after) and prints the old generation's peak. Arguments: headroom in bytes (0: no
 * trigger), minimum gap between requested collections in milliseconds, iterations.
 */
public final class PromotionLoad {
    public static void main(String[] args) throws Exception {
        long headroom = Long.parseLong(args[0]);
        long gapMillis = Long.parseLong(args[1]);
        int iterations = Integer.parseInt(args[2]);
        OldGenTrigger trigger = OldGenTrigger.start(headroom, gapMillis * 1_000_000L);
        MemoryPoolMXBean old = null;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getName().equals(OldGenTrigger.SERIAL_OLD_POOL)) {
                old = p;
            }
        }
        // A first round warms up the JIT and the JVM's notification thread (its first notifications
        // come late while it loads classes); the peak is reset after it.
        long touched = load(iterations / 2);
        if (old != null) {
            System.gc();
            old.resetPeakUsage();
        }
        long fullBefore = fullCollections();
        long askedBefore = trigger == null ? 0 : trigger.collections();
        touched += load(iterations);
        System.out.println("result trigger=" + (trigger != null ? "on" : "off")
                + " peak=" + (old == null ? -1 : old.getPeakUsage().getUsed())
                + " asked=" + (trigger == null ? 0 : trigger.collections() - askedBefore)
                + " full=" + (fullCollections() - fullBefore)
                + " touched=" + touched);
        if (trigger != null) {
            trigger.close();
        }
    }

    private static long load(int iterations) throws InterruptedException {
        byte[][] ring = new byte[4][];
        long touched = 0;
        for (int i = 0; i < iterations; i++) {
            ring[i % ring.length] = new byte[768 * 1024]; // an envelope: lives for four iterations
            for (int j = 0; j < 8; j++) {
                byte[] garbage = new byte[64 * 1024];
                touched += garbage.length;
            }
            if (i % 4 == 3) {
                Thread.sleep(1);
            }
        }
        return touched + ring.length;
    }

    private static long fullCollections() {
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc.getName().equals("MarkSweepCompact")) {
                n += gc.getCollectionCount();
            }
        }
        return n;
    }
}
