package io.xtcp.core.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** State masks against include/net/tcp_states.h: ESTABLISHED=1 ... CLOSING=11, NEW_SYN_RECV=12, BOUND_INACTIVE=13. */
class TcpStateTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "established | 2",
        "ESTAB | 2",
        "syn-sent | 4",
        "syn-recv | 8",
        "syn_recv | 8",
        "fin-wait1 | 16",
        "fin-wait-1 | 16",
        "fin-wait2 | 32",
        "time-wait | 64",
        "close | 128",
        "close-wait | 256",
        "last-ack | 512",
        "listen | 1024",
        "closing | 2048",
        "new-syn-recv | 4096",
        "bound-inactive | 8192",
        "established,listen | 1026",
        " listen , time-wait ,, | 1088",
        "all | 4094",
        "connected | 2870",
        "0xFFF | 4095",
        "0x2 | 2",
        "1026 | 1026",
        "all,bound-inactive | 12286",
    })
    void parsesStateLists(String list, int mask) {
        assertEquals(mask, TcpState.parseMask(list));
    }

    @Test
    void allIsEveryStateButBoundInactive() {
        int all = TcpState.parseMask("all");
        for (int s = 1; s <= 11; s++) {
            assertTrue((all & (1 << s)) != 0, "state " + s);
        }
        assertEquals(0, all & 1, "bit 0 is no state");
        assertEquals(0, all & (1 << 13), "BOUND_INACTIVE");
        assertEquals(Netlink.ALL_STATES, all);
    }

    @Test
    void connectedLeavesOutWhatSsLeavesOut() {
        int c = TcpState.parseMask("connected");
        assertEquals(0, c & (1 << TcpState.LISTEN));
        assertEquals(0, c & (1 << 7));
        assertEquals(0, c & (1 << TcpState.TIME_WAIT));
        assertEquals(0, c & (1 << 3), "SYN_RECV");
        assertEquals(TcpState.parseMask("all") & ~(1 << 10) & ~(1 << 7) & ~(1 << 6) & ~(1 << 3), c);
    }

    @Test
    void unknownNamesAndEmptyListsAreErrorsThatSayWhy() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TcpState.parseMask("established,bogus"));
        assertTrue(e.getMessage().contains("'bogus'") && e.getMessage().contains("time-wait"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TcpState.parseMask(""));
        assertThrows(IllegalArgumentException.class, () -> TcpState.parseMask(" , "));
        assertThrows(IllegalArgumentException.class, () -> TcpState.parseMask("0x"));
    }

    @Test
    void namesAsSsPrintsThem() {
        assertEquals("ESTAB", TcpState.ssName(1));
        assertEquals("TIME-WAIT", TcpState.ssName(6));
        assertEquals("LISTEN", TcpState.ssName(10));
        assertEquals("SYN-RECV", TcpState.ssName(12));
        assertEquals("STATE_99", TcpState.ssName(99));
        assertEquals("CLOSE_WAIT", TcpState.name(8));
    }
}
