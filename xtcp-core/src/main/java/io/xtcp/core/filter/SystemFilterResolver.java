package io.xtcp.core.filter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resolves filter names on this host: a device through {@code /sys/class/net/NAME/ifindex} (the
 * network namespace sysfs was mounted in, normally the host's), a cgroup v2 path through its inode
 * number, which is the cgroup id on 64-bit kernels. Relative cgroup paths are taken under
 * {@code /sys/fs/cgroup}, as ss does.
 */
public final class SystemFilterResolver implements FilterResolver {
    private final Path sysClassNet;
    private final Path cgroupRoot;

    public SystemFilterResolver() {
        this(Path.of("/sys/class/net"), Path.of("/sys/fs/cgroup"));
    }

    public SystemFilterResolver(Path sysClassNet, Path cgroupRoot) {
        this.sysClassNet = sysClassNet;
        this.cgroupRoot = cgroupRoot;
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
        Path p = path.startsWith("/") ? Path.of(path) : cgroupRoot.resolve(path);
        if (!p.startsWith(cgroupRoot) && !path.startsWith("/")) {
            throw new IllegalArgumentException("cgroup " + path + ": not under " + cgroupRoot);
        }
        try {
            if (!Files.isDirectory(p)) {
                throw new IllegalArgumentException("cgroup " + path + ": not a directory");
            }
            Object ino = Files.getAttribute(p, "unix:ino");
            return ((Number) ino).longValue();
        } catch (IOException | UnsupportedOperationException e) {
            throw new IllegalArgumentException("cgroup " + path + ": " + e.getMessage());
        }
    }
}
