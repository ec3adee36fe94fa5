package io.xtcp.daemon.caps;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The hard limits the capability table mentions, read from {@code /proc/self/limits}
 * (the kernel's {@code proc_pid_limits}): what stays in force without CAP_SYS_RESOURCE.
 */
record ResourceLimits(String openFiles, String lockedMemory) {
    static ResourceLimits current() {
        String files = "its hard limit";
        String memlock = "its hard limit";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    files = hardLimit(line) + " (hard limit)";
                } else if (line.startsWith("Max locked memory")) {
                    memlock = bytes(hardLimit(line)) + " (hard limit)";
                }
            }
        } catch (IOException | RuntimeException e) {
            // keep the generic wording
        }
        return new ResourceLimits(files, memlock);
    }

    /** Columns: name (several words), soft, hard, unit; the hard limit is the second to last value. */
    private static String hardLimit(String line) {
        String[] words = line.trim().split("\\s+");
        return words[words.length - 2];
    }

    private static String bytes(String value) {
        try {
            long b = Long.parseLong(value);
            return b % (1 << 20) == 0 ? (b >> 20) + " MiB" : b + " bytes";
        } catch (NumberFormatException e) {
            return value;
        }
    }
}
