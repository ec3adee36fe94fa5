package io.xtcp.core.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CapabilitiesTest {
    /** capget(2) through JNR against the kernel's text view of the same sets. */
    @Test
    void capgetMatchesProcStatus() throws Exception {
        Capabilities caps = Capabilities.current();
        assertEquals(status("CapEff:"), caps.effective(), caps::toString);
        assertEquals(status("CapPrm:"), caps.permitted(), caps::toString);
        for (Capability c : Capability.values()) {
            assertEquals((status("CapEff:") & (1L << c.number())) != 0, caps.has(c), c::capName);
        }
    }

    @Test
    void namesFollowTheKernelsSpelling() {
        assertEquals("CAP_NET_ADMIN", Capability.NET_ADMIN.capName());
        assertEquals("cap_sys_ptrace", Capability.SYS_PTRACE.shellName());
        assertEquals(21, Capability.SYS_ADMIN.number());
    }

    private static long status(String field) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(field)) {
                return Long.parseUnsignedLong(line.substring(field.length()).trim(), 16);
            }
        }
        throw new AssertionError(field + " missing");
    }
}
