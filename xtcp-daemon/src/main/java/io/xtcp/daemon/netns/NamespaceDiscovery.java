package io.xtcp.daemon.netns;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds every network namespace reachable from this host: the bind mounts in the configured
 * folders ({@code /run/netns} of {@code ip netns}, {@code /run/docker/netns} of docker) and
 * {@code /proc/PID/ns/net} of every process. A namespace is identified by the inode of its nsfs
 * file (stat(2) {@code st_ino}), so one found both ways, or under several names, counts once; the
 * daemon's own is among them. It is named after its first bind mount (folders in the configured
 * order, names sorted), else after the lowest PID in it ({@code pid:PID}).
 *
 * <p>A file in a bind-mount folder that is not on nsfs is not a namespace (yet):
 * {@code ip netns add} creates the file first and mounts the namespace over it a moment later;
 * such files are counted as {@link Scan#unmounted()}. {@code /proc} among the folders turns the
 * {@code /proc/PID/ns/net} scan on (the default has it; without it only bind mounts and the daemon's
 * own namespace, named after the daemon's PID, are found). Without CAP_SYS_PTRACE the namespace files of processes with other
 * credentials cannot be opened (EACCES): counted as {@link Scan#procDenied()}.
 */
public final class NamespaceDiscovery {
    /** The folder that stands for the /proc/PID/ns/net scan in {@code --netns-dirs}. */
    public static final Path PROC = Path.of("/proc");
    /** {@code --netns-dirs}' default as the flag spells it: ip netns, docker, and the /proc scan. */
    public static final String DEFAULT_DIRS_FLAG = "/run/netns,/run/docker/netns,/proc";
    /** {@link #DEFAULT_DIRS_FLAG} as paths. */
    public static final List<Path> DEFAULT_DIRS = java.util.Arrays.stream(DEFAULT_DIRS_FLAG.split(",")).map(Path::of).toList();

    private final List<Path> bindMountDirs;
    private final Path proc;
    private final boolean scanProc;

    /** {@code dirs}: bind-mount folders, and {@link #PROC} to scan /proc/PID/ns/net too. */
    public NamespaceDiscovery(List<Path> dirs) {
        this(dirs.stream().filter(d -> !isProc(d)).toList(), PROC, dirs.stream().anyMatch(NamespaceDiscovery::isProc));
    }

    NamespaceDiscovery(List<Path> bindMountDirs, Path proc) {
        this(bindMountDirs, proc, true);
    }

    private NamespaceDiscovery(List<Path> bindMountDirs, Path proc, boolean scanProc) {
        this.bindMountDirs = List.copyOf(bindMountDirs);
        this.proc = proc;
        this.scanProc = scanProc;
    }

    /** Whether {@code dir} names the /proc scan rather than a bind-mount folder. */
    public static boolean isProc(Path dir) {
        return dir.normalize().equals(PROC);
    }

    /** Bind mounts in the default folders, plus /proc. */
    public static NamespaceDiscovery defaults() {
        return new NamespaceDiscovery(DEFAULT_DIRS);
    }

    /** Whether /proc/PID/ns/net of every process is scanned. */
    public boolean scansProc() {
        return scanProc;
    }

    public List<Path> bindMountDirs() {
        return bindMountDirs;
    }

    /** What one scan found. */
    public record Scan(Map<Long, Namespace> namespaces, long selfInode, int unmounted, int procDenied) {}

    /**
     * Scans the folders and /proc once.
     *
     * @throws IOException when the daemon's own namespace file cannot be read (no /proc)
     */
    public Scan scan() throws IOException {
        FileId self = FileId.of(proc.resolve("self/ns/net"));
        Map<Long, Namespace> found = new LinkedHashMap<>();
        int unmounted = 0;
        for (Path dir : bindMountDirs) {
            for (Path file : sortedEntries(dir)) {
                FileId id = FileId.ofOrNull(file);
                if (id == null) {
                    continue; // deleted since listed
                }
                if (id.dev != self.dev) {
                    unmounted++;
                    continue;
                }
                String name = file.getFileName().toString();
                found.putIfAbsent(id.ino, new Namespace(name, id.ino, 0, file.toString(), id.ino == self.ino));
            }
        }
        long host = hostInode(proc);
        int denied = 0;
        for (int pid : scanProc ? sortedPids() : new int[0]) {
            Path link = proc.resolve(pid + "/ns/net");
            long ino;
            try {
                ino = linkInode(link);
            } catch (AccessDeniedException e) {
                denied++;
                continue;
            } catch (IOException | RuntimeException e) {
                continue; // the process exited (ENOENT), or is a zombie without namespaces
            }
            if (!found.containsKey(ino)) {
                found.put(ino, new Namespace(ino == host ? Namespace.HOST : Namespace.PID_PREFIX + pid, ino, 0, link.toString(), ino == self.ino));
            }
        }
        if (!found.containsKey(self.ino)) { // without the /proc scan, the daemon's own is still polled
            found.put(self.ino, new Namespace(self.ino == host ? Namespace.HOST : Namespace.PID_PREFIX + ProcessHandle.current().pid(), self.ino, 0,
                    proc.resolve("self/ns/net").toString(), true));
        }
        return new Scan(Collections.unmodifiableMap(found), self.ino, unmounted, denied);
    }

    /**
     * The inode of the host's network namespace, the kernel's initial one, or -1 when it cannot be
     * read: that of kthreadd (PID 2 with parent 0, a kernel thread, always in the initial namespace)
     * when this PID namespace shows it, else that of PID 1.
     */
    public static long hostInode(Path proc) {
        try {
            String stat = Files.readString(proc.resolve("2/stat"));
            int close = stat.lastIndexOf(')');
            String[] after = close < 0 ? new String[0] : stat.substring(close + 1).trim().split(" ");
            if (stat.contains("(kthreadd)") && after.length > 1 && after[1].equals("0")) {
                return linkInode(proc.resolve("2/ns/net"));
            }
        } catch (IOException | RuntimeException e) {
            // no kthreadd here (a PID namespace of its own): PID 1's
        }
        try {
            return linkInode(proc.resolve("1/ns/net"));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** {@link #hostInode(Path)} of this machine's /proc. */
    public static long hostInode() {
        return hostInode(PROC);
    }

    /**
     * The inode a {@code /proc/PID/ns/net} link names: readlink gives {@code net:[INODE]}, about half
     * the cost of stat (no nsfs lookup), with the same ptrace access check.
     */
    static long linkInode(Path link) throws IOException {
        String target = Files.readSymbolicLink(link).toString();
        int open = target.indexOf('[');
        int close = target.indexOf(']', open + 1);
        if (!target.startsWith("net:") || open < 0 || close < 0) {
            throw new IOException(link + " -> " + target + ": not a network namespace");
        }
        return Long.parseLong(target, open + 1, close, 10);
    }

    private static List<Path> sortedEntries(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            ds.forEach(out::add);
        } catch (NoSuchFileException | NotDirectoryException e) {
            return out;
        }
        out.sort(null);
        return out;
    }

    private int[] sortedPids() throws IOException {
        int[] pids = new int[256];
        int n = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(proc)) {
            for (Path p : ds) {
                String s = p.getFileName().toString();
                if (!s.isEmpty() && s.length() < 10 && s.chars().allMatch(Character::isDigit)) {
                    if (n == pids.length) {
                        pids = Arrays.copyOf(pids, n * 2);
                    }
                    pids[n++] = Integer.parseInt(s);
                }
            }
        }
        int[] out = Arrays.copyOf(pids, n);
        Arrays.sort(out);
        return out;
    }

    /** st_dev and st_ino of a file, following symbolic links (the /proc ns links resolve to nsfs). */
    private record FileId(long dev, long ino) {
        static FileId of(Path p) throws IOException {
            Map<String, Object> a = Files.readAttributes(p, "unix:dev,ino");
            return new FileId((Long) a.get("dev"), (Long) a.get("ino"));
        }

        /** Null when the file is gone or unreadable: a bind mount being deleted. */
        static FileId ofOrNull(Path p) {
            try {
                return of(p);
            } catch (IOException e) {
                return null;
            }
        }
    }
}
