package io.xtcp.core.filter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resolves filter names on this host: a device through {@code /sys/class/net/NAME/ifindex} (the
 * network namespace sysfs was mounted in, normally the host's), a cgroup v2 path through its inode
 * number, which is the cgroup id on 64-bit kernels. As in ss, a cgroup path is taken as it is when
 * it names a cgroup2 directory, and otherwise relative to the cgroup2 mount
 * ({@code /sys/fs/cgroup}, or {@code /sys/fs/cgroup/unified} on hybrid hosts).
 */
public final class SystemFilterResolver implements FilterResolver {
    private final Path sysClassNet;
    private final Path mounts;

    public SystemFilterResolver() {
        this(Path.of("/sys/class/net"), Path.of("/proc/self/mounts"));
    }

    public SystemFilterResolver(Path sysClassNet, Path mounts) {
        this.sysClassNet = sysClassNet;
        this.mounts = mounts;
    }

    @Override
    public int interfaceIndex(String name) {
        Path p = sysClassNet.resolve(name).resolve("ifindex");
        try {
            return Integer.parseInt(Files.readString(p).strip());
        } catch (IOException | NumberFormatException | java.nio.file.InvalidPathException e) {
            throw new IllegalArgumentException("dev " + name + ": no such device in " + sysClassNet
                    + " (give its ifindex for a device of another namespace)");
        }
    }

    @Override
    public long cgroupId(String path) {
        try {
            Path p = Path.of(path);
            if (!isCgroup2Dir(p)) {
                Path mount = cgroup2Mount();
                if (mount == null) {
                    throw new IllegalArgumentException("cgroup " + path + ": no cgroup2 file system is mounted");
                }
                String rel = path.replaceFirst("^/+", "");
                p = rel.isEmpty() ? mount : mount.resolve(rel).normalize();
                if (!p.startsWith(mount) || !isCgroup2Dir(p)) {
                    throw new IllegalArgumentException("cgroup " + path + ": not a cgroup2 directory (nor under " + mount + ")");
                }
            }
            return ((Number) Files.getAttribute(p, "unix:ino")).longValue();
        } catch (IOException | UnsupportedOperationException | java.nio.file.InvalidPathException e) {
            throw new IllegalArgumentException("cgroup " + path + ": " + e.getMessage());
        }
    }

    private static boolean isCgroup2Dir(Path p) throws IOException {
        return Files.isDirectory(p) && Files.getFileStore(p).type().equals("cgroup2");
    }

    private Path cgroup2Mount() throws IOException {
        for (String line : Files.readAllLines(mounts)) {
            String[] f = line.split(" ");
            if (f.length > 2 && f[2].equals("cgroup2")) {
                return Path.of(f[1].replace("\\040", " "));
            }
        }
        return null;
    }
}
