package io.xtcp.core.filter;

/**
 * Turns the names in a filter into the numbers the kernel compares: a device name into an ifindex,
 * a cgroup v2 path into its id. Kept apart from the compiler because both answers depend on where
 * they are asked (device names are per network namespace).
 */
public interface FilterResolver {
    /** The ifindex of {@code name}; throws IllegalArgumentException when there is none. */
    int interfaceIndex(String name);

    /** The cgroup v2 id of {@code path} (its inode number); throws IllegalArgumentException when it is not one. */
    long cgroupId(String path);
}
