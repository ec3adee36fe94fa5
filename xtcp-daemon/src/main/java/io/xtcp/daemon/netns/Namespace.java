package io.xtcp.daemon.netns;

/**
 * One network namespace as discovered.
 *
 * @param name the best name available: the bind mount's file name ({@code ip netns} name, docker's
 *     sandbox id), else {@code host} for the host's namespace, else {@code pid:PID} for the lowest
 *     PID whose {@code /proc/PID/ns/net} is it
 * @param inode the namespace's identity: {@code st_ino} of its nsfs file (what {@code lsns} and
 *     {@code ip netns identify} use); unique among live namespaces
 * @param nsid the id the daemon's own namespace has assigned to it (RTM_GETNSID), filled in by the
 *     {@link NamespaceRegistry} for the namespaces it holds; 0 = none assigned (or not looked up:
 *     discovery alone leaves it 0). The kernel's ids start at 0 too, but {@code ip netns set NAME 0}
 *     is indistinguishable from none here
 * @param path the file it is entered through: the bind mount, or {@code /proc/PID/ns/net}
 * @param self whether it is the daemon's own namespace ({@code /proc/self/ns/net})
 */
public record Namespace(String name, long inode, int nsid, String path, boolean self) {
    /** The name prefix of namespaces known only through a process. */
    public static final String PID_PREFIX = "pid:";
    /**
     * The name of the host's namespace (the kernel's initial one, where its threads live) when no
     * bind mount names it: the same in {@code run}, {@code dump}, records, the API and metrics.
     */
    public static final String HOST = "host";

    /** The {@code pid:PID} name a namespace found through {@code /proc/PID/ns/net} had before it was named {@link #HOST}; null otherwise. */
    public String pidAlias() {
        if (!path.startsWith("/proc/") || !path.endsWith("/ns/net")) {
            return null;
        }
        String pid = path.substring("/proc/".length(), path.length() - "/ns/net".length());
        return !pid.isEmpty() && pid.chars().allMatch(Character::isDigit) ? PID_PREFIX + pid : null;
    }

    /**
     * The names a selector matches: {@link #name()}, and for the host's namespace found through
     * /proc also its earlier {@code pid:PID} name, kept as an alias so a documented {@code pid:*}
     * glob or a {@code pid:1} written before still selects it.
     */
    public java.util.List<String> selectableNames() {
        String alias = HOST.equals(name) ? pidAlias() : null;
        return alias == null ? java.util.List.of(name) : java.util.List.of(name, alias);
    }

    /** This namespace with another nsid. */
    public Namespace withNsid(int id) {
        return id == nsid ? this : new Namespace(name, inode, id, path, self);
    }

    @Override
    public String toString() {
        return name + "(inode " + inode + ")";
    }
}
