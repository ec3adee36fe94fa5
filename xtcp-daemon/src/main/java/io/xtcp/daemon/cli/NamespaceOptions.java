package io.xtcp.daemon.cli;

import io.xtcp.daemon.netns.NamespaceDiscovery;
import io.xtcp.daemon.poll.NamespacePoller;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** Flags for polling many namespaces, besides {@code --netns} itself: exclusions, bind-mount folders, pool size. */
public final class NamespaceOptions {
    @Option(names = "--netns-exclude", split = ",", paramLabel = "GLOB",
            description = "Namespaces to leave out of --netns all|GLOB: names or globs (* ? [a-z]), or self.")
    List<String> exclude;

    @Option(names = "--netns-dirs", split = ",", paramLabel = "DIR",
            description = "Folders of namespace bind mounts to discover; /proc among them scans /proc/PID/ns/net "
                    + "of every process (default: " + NamespaceDiscovery.DEFAULT_DIRS_FLAG + ").")
    List<Path> dirs;

    @Option(names = "--netns-threads", paramLabel = "N",
            description = "Platform threads polling namespaces in parallel (default: 2, or the number of cores up to 4).")
    Integer threads;

    List<String> excludes() {
        return exclude == null ? List.of() : exclude;
    }

    public List<Path> bindMountDirs() {
        return dirs == null ? NamespaceDiscovery.DEFAULT_DIRS : dirs;
    }

    public int pollThreads() {
        if (threads == null) {
            return NamespacePoller.defaultThreads();
        }
        if (threads < 1) {
            throw new UsageException("--netns-threads must be at least 1, got " + threads);
        }
        return threads;
    }
}
