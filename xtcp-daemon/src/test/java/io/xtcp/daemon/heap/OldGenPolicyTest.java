package io.xtcp.daemon.heap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OldGenPolicyTest {
    private static final long MIB = 1 << 20;
    private static final long SECOND = 1_000_000_000L;

    @Test
    void collectsOnceTheOldGenerationOutgrowsTheHeadroomAboveTheLastLiveSize() {
        OldGenPolicy p = new OldGenPolicy(24 * MIB, SECOND);
        assertEquals(24 * MIB, p.limit(), "before any full collection the live size counts as 0");
        assertFalse(p.afterYoung(24 * MIB, 24 * MIB, 0), "at the limit is not above it");
        assertTrue(p.afterYoung(24 * MIB + 1, 24 * MIB + 1, 10 * SECOND));

        p.afterFull(20 * MIB, 28 * MIB);
        assertEquals(44 * MIB, p.limit());
        assertFalse(p.afterYoung(40 * MIB, 42 * MIB, 20 * SECOND));
        assertTrue(p.afterYoung(45 * MIB, 45 * MIB, 21 * SECOND));
    }

    @Test
    void anOldGenerationLeftExpandedByABurstIsCollectedToo() {
        OldGenPolicy p = new OldGenPolicy(24 * MIB, SECOND);
        p.afterFull(20 * MIB, 28 * MIB);
        // a burst was promoted and has died since, but the collector expanded the generation for it
        assertTrue(p.afterYoung(22 * MIB, 60 * MIB, 5 * SECOND), "committed 60 MiB against a limit of 44");
    }

    @Test
    void whatAFullCollectionLeftCommittedDoesNotAskAgain() {
        OldGenPolicy p = new OldGenPolicy(24 * MIB, SECOND);
        p.afterFull(60 * MIB, 86 * MIB); // a full queue is live: the collector keeps room around it
        assertFalse(p.afterYoung(62 * MIB, 86 * MIB, 10 * SECOND), "committed above the limit, but no more than after the full collection");
        assertFalse(p.afterYoung(80 * MIB, 86 * MIB, 11 * SECOND));
        assertTrue(p.afterYoung(70 * MIB, 90 * MIB, 12 * SECOND), "grown since, and above the limit");
    }

    @Test
    void asksAtMostOncePerGap() {
        OldGenPolicy p = new OldGenPolicy(8 * MIB, SECOND);
        assertTrue(p.afterYoung(9 * MIB, 9 * MIB, 5 * SECOND));
        assertFalse(p.afterYoung(30 * MIB, 30 * MIB, 5 * SECOND + SECOND / 2), "half a second later");
        assertFalse(p.afterYoung(30 * MIB, 30 * MIB, 6 * SECOND - 1));
        assertTrue(p.afterYoung(30 * MIB, 30 * MIB, 6 * SECOND));
    }

    @Test
    void aLiveSetThatGrowsMovesTheLimitWithIt() {
        OldGenPolicy p = new OldGenPolicy(8 * MIB, SECOND);
        p.afterFull(50 * MIB, 72 * MIB); // a full queue is live, not garbage: collecting again would free nothing
        assertFalse(p.afterYoung(57 * MIB, 72 * MIB, 100 * SECOND));
        assertTrue(p.afterYoung(59 * MIB, 72 * MIB, 100 * SECOND));
        p.afterFull(10 * MIB, 15 * MIB);
        assertEquals(18 * MIB, p.limit(), "and drops again when it shrinks");
    }

    @Test
    void refusesANonPositiveHeadroom() {
        assertThrows(IllegalArgumentException.class, () -> new OldGenPolicy(0, SECOND));
    }
}
