package io.xtcp.daemon.snapshot;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the holders of one recycled object, starting at one (its publisher's): a holder takes a
 * reference with {@link #retain} and gives it back with {@link #release}; the release that brings
 * the count to zero says so, and from then on no one may retain it again, because its arrays go
 * back to be filled by a later poll. A plain {@link AtomicInteger} with a compare-and-set loop,
 * so a reader racing the last release either gets a reference or learns it came too late.
 */
final class ReferenceCount {
    private final AtomicInteger refs = new AtomicInteger(1);
    private final Object owner;

    /** @param owner named in the error of a release without a matching retain */
    ReferenceCount(Object owner) {
        this.owner = owner;
    }

    /** Takes a reference; false once the count reached zero (the object is gone for reuse). */
    boolean retain() {
        for (int r = refs.get(); r > 0; r = refs.get()) {
            if (refs.compareAndSet(r, r + 1)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Gives a reference back; true when it was the last, and the caller hands the object on.
     *
     * @throws IllegalStateException when released more often than retained
     */
    boolean release() {
        int r = refs.decrementAndGet();
        if (r < 0) {
            throw new IllegalStateException(owner + " released more often than retained");
        }
        return r == 0;
    }

    /** The references held now (for tests and diagnostics). */
    int count() {
        return Math.max(0, refs.get());
    }
}
