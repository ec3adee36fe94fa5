package io.xtcp.daemon.run;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How long this process has been running, as the kernel counts it: /proc/uptime less the start
 * time in /proc/self/stat (clock ticks since boot, USER_HZ = 100). That start is the exec of
 * bin/xtcp (the launcher execs java in the same process), so the age includes the launcher and
 * the JVM's own creation; both are 10 ms resolution. Where /proc cannot be read, the JVM's uptime
 * (which starts after the JVM is created) stands in.
 *
 * <p>Not {@code ProcessHandle.info().startInstant()}: the JDK adds the start ticks to the boot
 * time in whole seconds (/proc/stat btime), so it is up to a second early.
 */
final class ProcessAge {
    private static final double USER_HZ = 100.0;

    private ProcessAge() {}

    static double seconds() {
        try {
            return seconds(Files.readString(Path.of("/proc/uptime")), Files.readString(Path.of("/proc/self/stat")));
        } catch (IOException | RuntimeException e) {
            return ManagementFactory.getRuntimeMXBean().getUptime() / 1e3;
        }
    }

    /** The age from the text of /proc/uptime and /proc/PID/stat. */
    static double seconds(String uptime, String stat) {
        double up = Double.parseDouble(uptime.trim().split("\\s+")[0]);
        // comm (field 2) may hold spaces and parentheses: count fields after the last ')'; starttime is field 22
        String[] rest = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        long startTicks = Long.parseLong(rest[22 - 3]);
        return up - startTicks / USER_HZ;
    }
}
