package io.xtcp.core.netlink;

/** How one dump ended. */
public enum DumpResult {
    /** NLMSG_DONE received for every request. */
    DONE,
    /** The kernel answered NLMSG_ERROR (or a failing NLMSG_DONE); {@link DumpStats#lastErrno} says why. */
    ERROR,
    /** A replay ran out of datagrams before NLMSG_DONE. */
    END_OF_STREAM
}
