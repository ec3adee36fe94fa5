package io.xtcp.daemon.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class ProcessAgeTest {
    @Test
    void readsTheStartTicksAfterACommandWithSpacesAndParentheses() {
        String stat = "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 100 0 0 0 5 6 0 0 20 0 23 0 123456 1000 200 "
                + "18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";
        assertEquals(1500.0 - 1234.56, ProcessAge.seconds("1500.00 2900.10\n", stat), 1e-9);
    }

    @Test
    void thisProcessIsAtLeastAsOldAsItsJvmAndYoungerThanTheMachine() throws Exception {
        double age = ProcessAge.seconds();
        double jvmUptime = ManagementFactory.getRuntimeMXBean().getUptime() / 1e3;
        double machine = Double.parseDouble(java.nio.file.Files.readString(java.nio.file.Path.of("/proc/uptime")).split(" ")[0]);
        assertTrue(age >= jvmUptime - 0.02, "process age " + age + " s, JVM uptime " + jvmUptime + " s (the JVM starts after the process)");
        assertTrue(age <= machine, "process age " + age + " s, machine up " + machine + " s");
    }
}
