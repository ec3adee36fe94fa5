package io.xtcp.dest.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.xtcp.dest.SinkRefusedException;
import java.io.IOException;
import java.net.PortUnreachableException;
import org.junit.jupiter.api.Test;

/** The health rules on a clock the test sets (milliseconds from 0). */
class DeliveryHealthTest {
    private static final long STALE_AFTER = 30_000;

    private static SinkHealth at(DeliveryHealth h, long now, boolean holding) {
        return h.at(now, holding, STALE_AFTER);
    }

    @Test
    void aFailureIsStaleOnlyAfterStaleAfterAndHealsOnTheNextConfirmation() {
        DeliveryHealth h = new DeliveryHealth();
        h.confirmed(1_000);
        h.failed(new IOException("No space left on device"), 2_000);
        h.failed(new IOException("No space left on device"), 20_000);
        assertEquals(new SinkHealth(SinkHealth.State.DELIVERING, "", 1_000, 0), at(h, 31_999, true));
        assertEquals(new SinkHealth(SinkHealth.State.STALE, "no space left on device", 1_000, 2_000), at(h, 32_000, true));
        assertEquals(SinkHealth.State.STALE, at(h, 40_000, false).state(), "a failure lasts even when the failed batches were dropped");
        h.confirmed(41_000);
        assertEquals(new SinkHealth(SinkHealth.State.DELIVERING, "", 41_000, 0), at(h, 80_000, false));
    }

    @Test
    void dataWaitingWithoutAnyFailureTurnsStaleFromWhenItCameOrTheLastConfirmation() {
        DeliveryHealth h = new DeliveryHealth();
        h.confirmed(1_000);
        assertEquals(SinkHealth.State.DELIVERING, at(h, 500_000, false).state(), "idle is not stale");
        h.waiting(true, 500_000);
        h.waiting(false, 510_000);
        assertEquals(SinkHealth.State.DELIVERING, at(h, 529_999, true).state());
        assertEquals(new SinkHealth(SinkHealth.State.STALE, "nothing confirmed for 30.0 s", 1_000, 500_000), at(h, 530_000, true));
        h.confirmed(520_000);
        assertEquals(SinkHealth.State.DELIVERING, at(h, 549_999, true).state(), "measured from the last confirmation now");
        assertEquals(SinkHealth.State.STALE, at(h, 550_000, true).state());
    }

    @Test
    void aRefusedSinkIsBrokenUntilAConfirmationAndDeadIsFinal() {
        DeliveryHealth h = new DeliveryHealth();
        h.failed(new SinkRefusedException("not authorized to write topic t", null), 5_000);
        h.failed(new SinkRefusedException("not authorized to write topic t", null), 9_000);
        assertEquals(new SinkHealth(SinkHealth.State.BROKEN, "not authorized to write topic t", 0, 5_000), at(h, 6_000, true));
        h.confirmed(10_000);
        assertEquals(SinkHealth.State.DELIVERING, at(h, 11_000, true).state());
        h.failed(new PortUnreachableException("refused"), 12_000);
        h.dead("sender thread died twice: java.lang.Error: x", 13_000);
        h.confirmed(14_000);
        assertEquals(new SinkHealth(SinkHealth.State.DEAD, "sender thread died twice: java.lang.Error: x", 14_000, 13_000),
                at(h, 15_000, false));
    }

    @Test
    void reasonsAreWordsAPersonCanActOn() {
        assertEquals("port unreachable", DeliveryHealth.describe(new PortUnreachableException("sendAddress(..) failed")));
        assertEquals("no space left on device",
                DeliveryHealth.describe(new IOException("write", new IOException("No space left on device"))));
        assertEquals("broker unreachable: timeout", DeliveryHealth.describe(new IOException("broker unreachable: timeout")));
    }
}
