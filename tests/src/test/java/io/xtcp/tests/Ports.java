package io.xtcp.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/** Port ranges for test listeners that no client socket of the host picks by itself. */
final class Ports {
    private Ports() {}

    /**
     * The first of {@code count} consecutive ports, chosen at random between 10000 and the low end
     * of net.ipv4.ip_local_port_range, so the kernel never hands one to an outgoing connection.
     */
    static int belowEphemeral(int count) {
        int low = 32768;
        try {
            // readAllLines: sysctl files answer only a read at offset 0, and readString reads a byte first
            low = Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            // the kernel's default
        }
        int span = low - 10000 - count;
        if (span <= 0) {
            throw new IllegalStateException("ip_local_port_range starts at " + low + ": no room for " + count + " ports below it");
        }
        return 10000 + ThreadLocalRandom.current().nextInt(span);
    }
}
