package io.xtcp.daemon.caps;

import io.xtcp.daemon.netns.NamespaceDiscovery;
import io.xtcp.daemon.netns.NamespaceSelector;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a configuration does that needs a capability: polling namespaces other than the daemon's
 * own (setns), scanning /proc/PID/ns/net, and bind-mount folders the daemon's user may not list.
 * {@link CapabilityRequirement#TABLE} decides from it which capabilities are used.
 */
public record CapabilityUse(boolean otherNamespaces, boolean procScan, List<Path> lockedFolders) {

    public CapabilityUse {
        lockedFolders = List.copyOf(lockedFolders);
    }

    /**
     * The use of {@code --netns} and {@code --netns-dirs} as given; the folders are listed once to
     * find those the daemon's credentials cannot read (root-only parents, as docker's /run/docker).
     */
    public static CapabilityUse of(List<String> netns, List<Path> netnsDirs) {
        return of(!NamespaceSelector.parse(netns, List.of()).selfOnly(), netnsDirs);
    }

    /** {@code other}: whether namespaces besides the daemon's own may be polled. */
    public static CapabilityUse of(boolean other, List<Path> netnsDirs) {
        boolean proc = other && netnsDirs.stream().anyMatch(NamespaceDiscovery::isProc);
        List<Path> locked = new ArrayList<>();
        if (other) {
            for (Path dir : netnsDirs) {
                if (!NamespaceDiscovery.isProc(dir) && cannotList(dir)) {
                    locked.add(dir);
                }
            }
        }
        return new CapabilityUse(other, proc, locked);
    }

    private static boolean cannotList(Path dir) {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            return false;
        } catch (AccessDeniedException e) {
            return true;
        } catch (IOException | RuntimeException e) {
            return false; // absent, or not a folder: nothing a capability would change
        }
    }
}
