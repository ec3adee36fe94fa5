package io.xtcp.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xtcp.core.netlink.TcpState;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * packaging/systemd/xtcp.service run by a real systemd (PID 1 in a QEMU guest; this machine's
 * PID 1 is not systemd): installed as an operator would, with the env file, started by a target.
 * What systemd and the kernel report about it is the oracle: Type=notify readiness, watchdog
 * pings, the process's identity and capabilities, the sandbox still able to enter another
 * network namespace, and a clean stop.
 */
class SystemdUnitVmIT {
    /** CAP_NET_ADMIN (12) and CAP_SYS_ADMIN (21): what `xtcp caps --for systemd` grants. */
    private static final long UNIT_CAPS = (1L << 12) | (1L << 21);
    private static MicroVm.Result vm;

    @BeforeAll
    static void boot() throws Exception {
        Xtcp.requireRootAnd("apt-get", "python3");
        vm = MicroVm.run("systemd-unit", Map.of(), Duration.ofSeconds(300));
        assertEquals(0, vm.jobExit(), vm.transcript() + journal());
    }

    private static String journal() {
        try {
            return "\n--- journal\n" + vm.file("journal.txt");
        } catch (IOException e) {
            return "";
        }
    }

    private static Map<String, String> props(String file) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : vm.file(file).split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                m.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return m;
    }

    private static Map<String, String> procStatus() throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : vm.file("proc-status.txt").split("\n")) {
            String[] kv = line.split(":\\s*", 2);
            m.put(kv[0], kv[1].strip());
        }
        return m;
    }

    @Test
    void becomesActiveThroughReadyNotification() throws Exception {
        Map<String, String> p = props("show-started.txt");
        assertEquals("notify", p.get("Type"), p.toString());
        assertEquals("active", p.get("ActiveState"), p + journal());
        assertEquals("running", p.get("SubState"), p.toString());
        assertEquals("0", p.get("NRestarts"), p.toString());
        assertTrue(p.get("StatusText").matches("\\d+ polls, 0 failed; last poll succeeded"), "STATUS= reached systemd: " + p);
    }

    @Test
    void watchdogPingsReachSystemd() throws Exception {
        assertEquals("6s", props("show-started.txt").get("WatchdogUSec"));
        long first = Long.parseLong(vm.file("watchdog-1.txt").strip());
        long second = Long.parseLong(vm.file("watchdog-2.txt").strip());
        assertTrue(first > 0, "a WATCHDOG=1 before the check started");
        assertTrue(second > first, "WatchdogTimestamp moved during 7 s of 3 s pings: " + first + " → " + second);
    }

    @Test
    void runsAsATransientUserWithExactlyTheUnitsCapabilities() throws Exception {
        Map<String, String> s = procStatus();
        for (String id : s.get("Uid").split("\\s+")) {
            assertNotEquals("0", id, "DynamicUser: not root: " + s);
        }
        assertEquals(UNIT_CAPS, Long.parseLong(s.get("CapEff"), 16), "effective: " + s);
        assertEquals(UNIT_CAPS, Long.parseLong(s.get("CapAmb"), 16), "ambient: " + s);
        assertEquals(UNIT_CAPS, Long.parseLong(s.get("CapBnd"), 16), "bounding: " + s);
        assertEquals("1", s.get("NoNewPrivs"), s.toString());
        assertEquals("2", s.get("Seccomp"), "a seccomp filter is installed: " + s);
        assertEquals(vm.file("host-netns.txt"), vm.file("service-netns.txt"), "no private network namespace");
    }

    @Test
    void recordsReachTheJournalFromInsideTheSandbox() throws Exception {
        assertTrue(vm.file("journal.txt").contains("7300," + TcpState.LISTEN), "the listener on 127.0.0.1:7300 was polled" + journal());
    }

    @Test
    void theSandboxCanEnterAnotherNetworkNamespace() throws Exception {
        Map<String, String> p = props("dump-blue-show.txt");
        assertEquals("success", p.get("Result"), p + "\n" + vm.file("dump-blue.err"));
        assertTrue(vm.file("dump-blue.csv").contains("7301," + TcpState.LISTEN), vm.file("dump-blue.csv") + vm.file("dump-blue.err"));
        assertTrue(!vm.file("dump-blue.csv").contains("7300,"), "only namespace blue's sockets: " + vm.file("dump-blue.csv"));
    }

    @Test
    void stopsCleanlyOnSigterm() throws Exception {
        Map<String, String> p = props("show-stopped.txt");
        assertEquals("inactive", p.get("ActiveState"), p.toString());
        assertEquals("success", p.get("Result"), "a clean stop on SIGTERM is success: " + p);
        assertTrue(vm.file("journal.txt").contains("xtcp stopped"), "the daemon closed down in order" + journal());
    }
}
