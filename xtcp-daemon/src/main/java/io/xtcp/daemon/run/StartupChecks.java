package io.xtcp.daemon.run;

import io.xtcp.daemon.cli.UsageException;
import io.xtcp.daemon.config.SettingText;
import io.xtcp.daemon.config.ValueOrigins;
import io.xtcp.daemon.config.XtcpConfig;
import io.xtcp.dest.pipeline.OverflowPolicy;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Settings checked against the machine before anything starts (exit 2, one line naming each value
 * and where it came from): the folders files go to exist and are folders, and the side server's
 * address can be bound. The address is probed with a socket closed at once; the side server binds
 * it for good before the first poll (Daemon), so an address taken in between still stops the
 * start before any record is sent.
 */
public final class StartupChecks {
    private StartupChecks() {}

    /** Throws one UsageException naming every problem found. */
    public static void check(XtcpConfig config, ValueOrigins origins) {
        List<String> p = new ArrayList<>();
        Path spool = config.spoolDir();
        if (Files.exists(spool) && !Files.isDirectory(spool)) {
            p.add("--spool-dir: " + SettingText.shown(spool.toString()) + " is not a directory");
        } else if (config.overflow() == OverflowPolicy.SPOOL && !Files.exists(spool) && !creatable(spool)) {
            p.add("--spool-dir: " + SettingText.shown(spool.toString()) + " cannot be created: a parent is not a directory");
        }
        Path out = config.profiling().profileOut();
        if (out != null) {
            Path folder = out.toAbsolutePath().getParent();
            if (Files.isDirectory(out)) {
                p.add("--profile-out: " + SettingText.shown(out.toString()) + " is a directory; name a file");
            } else if (folder != null && (!Files.isDirectory(folder) || !Files.isWritable(folder))) {
                p.add("--profile-out: the folder " + SettingText.shown(folder.toString()) + " does not exist or is not writable");
            }
        }
        if (config.http().enabled()) {
            String why = bindProblem(config.http().address());
            if (why != null) {
                p.add("--http-listen: cannot bind " + config.http().listen() + ": " + why);
            }
        }
        if (!p.isEmpty()) {
            List<String> lines = new ArrayList<>();
            for (String s : p) {
                lines.add(origins.refusal(s));
            }
            throw new UsageException(String.join("; ", lines));
        }
    }

    /** Why {@code address} cannot be bound now; null when it can. */
    public static String bindProblem(InetSocketAddress address) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(address);
            return null;
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    private static boolean creatable(Path dir) {
        for (Path p = dir.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                return Files.isDirectory(p);
            }
        }
        return false;
    }
}
