package io.xtcp.daemon.profile;

import java.util.ArrayList;
import java.util.List;

/** Busy threads with known method names, so a profile of the test JVM has stacks to look for. */
final class Workload implements AutoCloseable {
    static volatile long sink;
    private volatile boolean stop;
    private final List<Thread> threads = new ArrayList<>();

    static Workload start() {
        Workload w = new Workload();
        w.spawn("xtcp-test-burn", w::burnCpu);
        w.spawn("xtcp-test-alloc", w::allocate);
        return w;
    }

    private void spawn(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
        threads.add(t);
    }

    /** Integer hashing in a loop: on-CPU time. */
    void burnCpu() {
        long x = 1;
        while (!stop) {
            for (int i = 0; i < 100_000; i++) {
                x = x * 6364136223846793005L + 1442695040888963407L;
                x ^= x >>> 29;
            }
            sink += x;
        }
    }

    /** Fresh arrays and strings in a loop: allocations, with short naps so it is not all CPU. */
    void allocate() {
        while (!stop) {
            List<byte[]> keep = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                keep.add(new byte[256 + (i & 1023)]);
            }
            sink += keep.size() + String.valueOf(sink).length();
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        for (Thread t : threads) {
            t.join(5_000);
        }
    }
}
