package io.xtcp.core.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DecoderTest {

    @Test
    void parsesNamesCaseAndBlankInsensitively() {
        assertEquals(EnumSet.of(Decoder.INFO, Decoder.CONG, Decoder.SKMEM), Decoder.parse("info,cong,skmem"));
        assertEquals(EnumSet.of(Decoder.INFO, Decoder.TOS), Decoder.parse(" INFO , tos ,"));
        assertEquals(EnumSet.allOf(Decoder.class), Decoder.parse("all"));
        assertEquals(EnumSet.allOf(Decoder.class), Decoder.parse("info,all"));
        assertEquals(EnumSet.noneOf(Decoder.class), Decoder.parse(""));
        assertEquals(EnumSet.allOf(Decoder.class), Decoder.all());
    }

    @Test
    void unknownNameListsTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Decoder.parse("info,bbr"));
        assertTrue(e.getMessage().contains("'bbr'"), e.getMessage());
        for (Decoder d : Decoder.values()) {
            assertTrue(e.getMessage().contains(d.flagName()), d.flagName());
        }
    }

    /** idiag_ext bit n-1 asks for attribute n of linux/inet_diag.h. */
    @Test
    void extensionBitsAreTheKernelsAttributeNumbersMinusOne() {
        assertEquals(1 << (2 - 1), Decoder.INFO.extensionBit()); // INET_DIAG_INFO = 2
        assertEquals(1 << (4 - 1), Decoder.CONG.extensionBit()); // INET_DIAG_CONG = 4
        assertEquals(1 << (1 - 1), Decoder.MEMINFO.extensionBit()); // INET_DIAG_MEMINFO = 1
        assertEquals(1 << (7 - 1), Decoder.SKMEM.extensionBit()); // INET_DIAG_SKMEMINFO = 7
        assertEquals(1 << (3 - 1), Decoder.CCINFO.extensionBit()); // INET_DIAG_VEGASINFO = 3
        assertEquals(1 << (5 - 1), Decoder.TOS.extensionBit()); // INET_DIAG_TOS = 5
        assertEquals(1 << (6 - 1), Decoder.TCLASS.extensionBit()); // INET_DIAG_TCLASS = 6
        assertEquals(1 << (8 - 1), Decoder.SHUTDOWN.extensionBit()); // INET_DIAG_SHUTDOWN = 8
        assertEquals(0, Decoder.CGROUP.extensionBit());
        assertEquals(0, Decoder.SOCKOPT.extensionBit());
        assertEquals(0, Decoder.MARK.extensionBit());
    }

    @Test
    void extensionsOfASetAreTheOrOfItsBits() {
        // ss asks for idiag_ext 0x7f in every captured request (6_6_44/single/netlink_sock_diag_request_bytes_a).
        Set<Decoder> ssAsks = Decoder.parse("meminfo,info,ccinfo,cong,tos,tclass,skmem");
        assertEquals(0x7f, Decoder.extensions(ssAsks));
        assertEquals(0xff, Decoder.extensions(Decoder.all()));
        assertEquals(0, Decoder.extensions(EnumSet.of(Decoder.CGROUP, Decoder.MARK)));
        assertEquals(0, Decoder.extensions(EnumSet.noneOf(Decoder.class)));
    }
}
