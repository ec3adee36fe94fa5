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
                p.add("--profile-out " + SettingText.shown(out.toString()) + ": a directory; name a file in it, such as "
                        + SettingText.shown(out.resolve("xtcp.jfr").toString()));
            } else if (folder != null && !Files.isDirectory(folder)) {
                p.add("--profile-out " + SettingText.shown(out.toString()) + ": no such folder " + SettingText.shown(folder.toString())
                        + " (create it first, or name a file in an existing folder)");
            } else if (folder != null && !Files.isWritable(folder)) {
                p.add("--profile-out " + SettingText.shown(out.toString()) + ": the folder " + SettingText.shown(folder.toString())
                        + " is not writable by this user");
            }
        }
        if (config.http().enabled()) {
            String why = bindProblem(config.http().address());
            if (why != null) {
                p.add(bindRefusal("--http-listen", config.http().listen(), why));
            }
        }
        if (config.http().metricsEnabled()) {
            String why = bindProblem(config.http().metricsAddress());
            if (why != null) {
                p.add(bindRefusal("--metrics-listen", config.http().metricsListen(), why));
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

    /**
     * A bind failure as a refusal that names the flag and the address the user wrote, in the words of
     * the error and not of the socket call: {@code --http-listen 127.0.0.1:9088: address already in use}
     * (the refusal adds the value's source after the address).
     */
    public static String bindRefusal(String flag, String address, String error) {
        String why = error == null ? "cannot bind" : error.strip();
        int call = why.startsWith("bind(") ? why.indexOf("): ") : -1; // Netty: bind(..) failed with error(-98): Address already in use
        if (call >= 0) {
            why = why.substring(call + 3);
        }
        String hint = "";
        if (why.contains("already in use")) {
            why = "address already in use";
            hint = " (another process listens there: choose another port, or off)";
        } else if (why.contains("Cannot assign requested address")) {
            why = "no local interface has this address";
            hint = " (use 127.0.0.1, 0.0.0.0 or an address of this host)";
        } else if (why.contains("Permission denied")) {
            why = "permission denied";
            hint = " (ports below 1024 need CAP_NET_BIND_SERVICE: choose a port from 1024 up)";
        } else if (!why.isEmpty()) {
            why = Character.toLowerCase(why.charAt(0)) + why.substring(1);
        }
        return flag + " " + SettingText.shown(address) + ": " + why + hint;
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
