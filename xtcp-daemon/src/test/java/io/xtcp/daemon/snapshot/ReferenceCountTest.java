package io.xtcp.daemon.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The reference counting that lets a snapshot's arrays fill a later poll: the publisher's
 * reference, readers' references, the one last release that hands the snapshot on, and no
 * reference after it. Oracle: the count's own answers and the recycler's calls.
 */
class ReferenceCountTest {
    @Test
    void startsWithThePublishersReferenceAndTheLastReleaseSaysSo() {
        ReferenceCount refs = new ReferenceCount("x");
        assertEquals(1, refs.count());
        assertTrue(refs.retain());
        assertTrue(refs.retain());
        assertEquals(3, refs.count());
        assertFalse(refs.release());
        assertFalse(refs.release());
        assertTrue(refs.release(), "the third release was the last");
        assertEquals(0, refs.count());
    }

    @Test
    void noReferenceIsTakenAfterTheLastRelease() {
        ReferenceCount refs = new ReferenceCount("x");
        assertTrue(refs.release());
        assertFalse(refs.retain(), "gone for reuse: the reader reads the feed again");
        assertEquals(0, refs.count());
    }

    @Test
    void aReleaseWithoutARetainIsAnErrorNamingTheOwner() {
        ReferenceCount refs = new ReferenceCount("poll snapshot 7");
        assertTrue(refs.release());
        IllegalStateException e = assertThrows(IllegalStateException.class, refs::release);
        assertEquals("poll snapshot 7 released more often than retained", e.getMessage());
    }

    @Test
    void readersRacingTheLastReleaseEitherHoldAReferenceOrAreToldTooLate() throws Exception {
        for (int round = 0; round < 200; round++) {
            ReferenceCount refs = new ReferenceCount("x");
            AtomicInteger lasts = new AtomicInteger();
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> readers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                Thread th = new Thread(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int k = 0; k < 100; k++) {
                        if (refs.retain() && refs.release()) {
                            lasts.incrementAndGet();
                        }
                    }
                });
                th.start();
                readers.add(th);
            }
            go.countDown();
            if (refs.release()) {
                lasts.incrementAndGet();
            }
            for (Thread th : readers) {
                th.join();
            }
            assertEquals(1, lasts.get(), "exactly one release was the last, in round " + round);
            assertFalse(refs.retain());
        }
    }

    @Test
    void aSnapshotGoesToItsRecyclerOnceWhenItsLastReferenceIsReleased() {
        List<PollSnapshot> recycled = new ArrayList<>();
        PollSnapshot s = PollSnapshot.builder(4).build(3, 0, recycled::add);
        assertTrue(s.retain(), "a reader's reference");
        s.release();
        assertTrue(recycled.isEmpty(), "the publisher still holds it");
        s.release();
        assertEquals(1, recycled.size());
        assertSame(s, recycled.get(0));
        assertFalse(s.retain(), "recycled: no reference any more");
        IllegalStateException e = assertThrows(IllegalStateException.class, s::release);
        assertEquals("poll snapshot 3 released more often than retained", e.getMessage());
        assertEquals(1, recycled.size());
    }

    @Test
    void aSnapshotWithoutARecyclerIgnoresTheCounting() {
        PollSnapshot s = PollSnapshot.builder(4).build(1, 0);
        s.release();
        s.release();
        assertTrue(s.retain());
        assertTrue(PollSnapshot.empty().retain());
    }

    @Test
    void aBuilderTakingARecycledSnapshotsArraysFillsThemWithoutTouchingTheSpentSnapshotsFigures() {
        PollSnapshot spent = PollSnapshot.builder(100).expect(100, 8192).build(1, 0, s -> { });
        long held = spent.retainedBytes();
        spent.release();
        SnapshotBuilder next = PollSnapshot.builder(100).reuse(spent);
        assertEquals(held, next.capacityBytes(), "the arrays were taken, not allocated");
        next.expect(200, 16384);
        assertEquals(held, spent.retainedBytes(), "the spent snapshot's figures stay as they were");
    }
}
