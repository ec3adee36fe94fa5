package io.xtcp.daemon.caps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xtcp.core.linux.Capabilities;
import io.xtcp.core.linux.Capability;
import io.xtcp.daemon.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CapabilityCheckTest {
    static final ResourceLimits LIMITS = new ResourceLimits("20000 (hard limit)", "8 MiB (hard limit)");

    static long set(Capability... caps) {
        long m = 0;
        for (Capability c : caps) {
            m |= 1L << c.number();
        }
        return m;
    }

    @Test
    void missingFatalStopsWithExit3AndOneMessageNamingIt() {
        long all = set(Capability.values());
        for (Capability fatal : new Capability[] {Capability.NET_ADMIN, Capability.SYS_ADMIN}) {
            long eff = all & ~(1L << fatal.number());
            CapabilityCheck check = new CapabilityCheck(Capabilities.of(eff, eff), CapabilityRequirement.TABLE, LIMITS);
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            assertEquals(Main.EXIT_CAPABILITY, check.enforce(new PrintStream(err, true, StandardCharsets.UTF_8)));
            String msg = err.toString(StandardCharsets.UTF_8);
            assertTrue(msg.startsWith("xtcp: missing capability " + fatal.capName() + " (fatal)"), msg);
            assertTrue(msg.contains("AmbientCapabilities=CAP_NET_ADMIN CAP_SYS_ADMIN"), msg);
            assertTrue(msg.contains("capsh --user="), msg);
        }
    }

    @Test
    void warningsOnlyLetItRun() {
        long eff = set(Capability.NET_ADMIN, Capability.SYS_ADMIN);
        CapabilityCheck check = new CapabilityCheck(Capabilities.of(eff, eff), CapabilityRequirement.TABLE, LIMITS);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, check.enforce(new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertEquals("", err.toString(StandardCharsets.UTF_8), "warnings go to the log, not to stderr as a failure");
        assertEquals(3, check.missing().size());
    }

    @Test
    void tableShowsStateSeverityAndTheLimitsThatStay() {
        long eff = set(Capability.NET_ADMIN, Capability.SYS_ADMIN, Capability.SYS_PTRACE, Capability.NET_RAW);
        CapabilityCheck check = new CapabilityCheck(Capabilities.of(eff, eff), CapabilityRequirement.TABLE, LIMITS);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        check.printTable(new PrintStream(out, true, StandardCharsets.UTF_8));
        String table = out.toString(StandardCharsets.UTF_8);
        assertTrue(table.lines().anyMatch(l -> l.matches("CAP_NET_ADMIN +present +fatal .*")), table);
        assertTrue(table.lines().anyMatch(l -> l.matches("CAP_SYS_RESOURCE +MISSING +warning .*")), table);
        assertTrue(table.contains("open files stay at 20000 (hard limit)"), table);
        assertTrue(table.contains("locked memory stays at 8 MiB (hard limit)"), table);
    }
}
