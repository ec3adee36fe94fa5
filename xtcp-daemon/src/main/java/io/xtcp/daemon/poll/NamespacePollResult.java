package io.xtcp.daemon.poll;

import io.xtcp.daemon.netns.Namespace;

/**
 * How the poll of one namespace went.
 *
 * @param sockets sockets handed to the handler
 * @param durationNanos wall time of the dump
 * @param errno the kernel's errno when {@link Status#FAILED} (NLMSG_ERROR or a failed syscall); 0 otherwise
 * @param error a one-line reason when FAILED; empty otherwise
 */
public record NamespacePollResult(Namespace namespace, Status status, long sockets, long durationNanos, int errno,
        String error) {

    public enum Status {
        /** Dumped to NLMSG_DONE. */
        OK,
        /** Dropped by the registry before its turn: not polled, not an error. */
        GONE,
        /** The dump failed; the sockets before the failure were delivered. */
        FAILED,
        /** Not polled: the cycle's deadline had passed before its turn. */
        LATE
    }

    public boolean ok() {
        return status == Status.OK;
    }
}
