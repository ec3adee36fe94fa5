package io.xtcp.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/xtcp} itself: the JVM it runs, and the training run that makes its start-up archive,
 * which must ship nothing to the caller's destination and tell the caller's service manager
 * nothing.
 */
class LauncherIT {
    private static final Pattern JAVA_VERSION = Pattern.compile("^JAVA_VERSION=\"(\\d+)[.\"]", Pattern.MULTILINE);

    @Test
    void runsJavaHomesJdkElseTheOneOnThePath() throws Exception {
        // The oracle: the JDKs' own release files, read here.
        TreeMap<Integer, Path> byMajor = new TreeMap<>();
        Path pathJava = Path.of(Cmd.ok("sh", "-c", "readlink -f \"$(command -v java)\"").out().strip());
        Path pathHome = pathJava.getParent().getParent();
        addJdk(byMajor, pathHome);
        int pathMajor = byMajor.firstKey();
        addInstalledJdks(byMajor);

        assertEquals(pathMajor, launchedMajor(Map.of()), "no JAVA_HOME: the PATH's java, " + pathHome);
        for (Map.Entry<Integer, Path> jdk : byMajor.entrySet()) {
            assertEquals(jdk.getKey(), launchedMajor(Map.of("JAVA_HOME", jdk.getValue().toString())), "JAVA_HOME=" + jdk.getValue());
        }
    }

    /**
     * For the PATH's JDK (a class-data-sharing archive on 17) and every JDK 25+ the machine has (an
     * AOT cache, trained by polls).
     */
    @Test
    void theStartUpArchivesTrainingRunShipsNothingAndNotifiesNobody(@TempDir Path dirs) throws Exception {
        Xtcp.requireRootAnd("python3");
        forPathJdkAnd25Plus(dirs, LauncherIT::checkTraining);
    }

    /** A check run with the PATH's JDK and with every JDK 25+ under /usr/lib/jvm, in a folder each. */
    private interface JdkCheck {
        void run(Path dir, Map<String, String> jvm) throws Exception;
    }

    private static void forPathJdkAnd25Plus(Path dirs, JdkCheck check) throws Exception {
        TreeMap<Integer, Path> byMajor = new TreeMap<>();
        addInstalledJdks(byMajor);
        check.run(Files.createDirectory(dirs.resolve("path-java")), Map.of());
        for (Path home : byMajor.tailMap(25).values()) {
            check.run(Files.createDirectory(dirs.resolve(home.getFileName())), Map.of("JAVA_HOME", home.toString()));
        }
    }

    private static void checkTraining(Path dir, Map<String, String> jvm) throws Exception {
        Path jar = dir.resolve("xtcp.jar");
        Files.copy(Xtcp.jar(), jar);
        String notifySocket = dir.resolve("notify").toString();
        try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                NotifyReceiver manager = NotifyReceiver.bind(notifySocket)) {
            Map<String, String> env = new HashMap<>(jvm);
            env.putAll(Map.of("XTCP_JAR", jar.toString(), "XTCP_DEST", "udp://127.0.0.1:" + udp.getLocalPort(),
                    "XTCP_HTTP_LISTEN", "off", "NOTIFY_SOCKET", notifySocket));

            Cmd.Result version = launch(env, "--version");
            assertEquals(0, version.exit(), version::toString);
            List<Path> archives = new ArrayList<>();
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(f -> f.getFileName().toString().matches("xtcp-jdk[0-9.]+\\.(aot|jsa)")).forEach(archives::add);
            }
            assertEquals(1, archives.size(), jvm + ": one start-up archive made beside the jar: " + archives);
            assertNull(datagram(udp, 1000), "the training run sent nothing to the caller's XTCP_DEST");
            assertNull(manager.await("READY=1", 500), "the training run told NOTIFY_SOCKET nothing: " + manager.seen());

            // The same variables do reach the daemon the launcher then runs: the checks above can fail.
            Cmd.Result run = launch(env, "run", "--netns", "self", "--max-polls", "1", "--poll-interval", "1s",
                    "--poll-timeout", "500ms", "--startup-jitter", "0s");
            assertEquals(0, run.exit(), run::toString);
            assertNotNull(datagram(udp, 5000), "the daemon itself ships to XTCP_DEST");
            assertNotNull(manager.await("READY=1", 5000), "the daemon itself notifies: " + manager.seen());
            assertTrue(run.err().contains("first poll done"), run::toString);
        }
    }

    /**
     * A read-only install (the jar's folder mounted read-only, as /opt is under
     * ProtectSystem=strict): the archive goes to systemd's CACHE_DIRECTORY, named after the jar's
     * path, replacing another jar's; the next start loads xtcp's classes from it. For the PATH's
     * JDK and every JDK 25+ the machine has.
     */
    @Test
    void aReadOnlyInstallKeepsItsArchiveInTheCacheDirectory(@TempDir Path dirs) throws Exception {
        Xtcp.requireRootAnd("unshare", "mount");
        forPathJdkAnd25Plus(dirs, LauncherIT::checkReadOnlyInstall);
    }

    private static void checkReadOnlyInstall(Path dir, Map<String, String> jvm) throws Exception {
        Path install = Files.createDirectories(dir.resolve("opt/xtcp"));
        Path cache = Files.createDirectories(dir.resolve("cache"));
        Path jar = install.resolve("xtcp.jar");
        Files.copy(Xtcp.jar(), jar);
        Path otherJars = Files.writeString(cache.resolve("nix_store_old-xtcp_share_xtcp-jdk17.0.1.jsa"), "an older version's");
        Map<String, String> env = new HashMap<>(jvm);
        env.putAll(Map.of("XTCP_JAR", jar.toString(), "CACHE_DIRECTORY", cache.toString()));

        Cmd.Result first = launchReadOnly(install, env, "--version");
        assertEquals(0, first.exit(), first::toString);
        assertEquals(List.of("xtcp.jar"), names(install), jvm + ": nothing beside the read-only jar");
        String stem = (install.toString().substring(1) + "/xtcp").replace('/', '_');
        List<String> archives = names(cache);
        assertEquals(1, archives.size(), jvm + ": one archive in the cache, the other jar's gone: " + archives);
        assertTrue(archives.get(0).matches(Pattern.quote(stem) + "-jdk[0-9.]+\\.(aot|jsa)"), archives.get(0));
        assertTrue(Files.notExists(otherJars));

        // The oracle for "used": the JVM's class-load log names where each class came from.
        Path log = dir.resolve("class-load.log");
        env.put("JDK_JAVA_OPTIONS", "-Xlog:class+load=info:file=" + log);
        Cmd.Result second = launchReadOnly(install, env, "--version");
        assertEquals(0, second.exit(), second::toString);
        String loads = Files.readString(log);
        assertTrue(Pattern.compile("io\\.xtcp\\.daemon\\.\\S+ source: shared objects file").matcher(loads).find(),
                jvm + ": xtcp's classes come from the archive: " + grep(loads, "io.xtcp.daemon"));
    }

    /**
     * A read-only install run by a user with no writable cache anywhere ({@code nobody}, whose home
     * is /nonexistent; no CACHE_DIRECTORY, no XTCP_CACHE_DIR): the launcher runs without a
     * start-up archive instead of dying on an unset variable, and writes nothing.
     */
    @Test
    void aReadOnlyInstallRunsForAUserWithoutACache(@TempDir Path dir) throws Exception {
        Xtcp.requireRootAnd("unshare", "mount", "setpriv");
        Path install = Files.createDirectories(dir.resolve("opt/xtcp"));
        Path jar = install.resolve("xtcp.jar");
        Files.copy(Xtcp.jar(), jar);
        for (Path p = install; p != null && p.startsWith(dir); p = p.getParent()) {
            p.toFile().setExecutable(true, false);
            p.toFile().setReadable(true, false);
        }
        jar.toFile().setReadable(true, false);
        Map<String, String> env = Map.of("XTCP_JAR", jar.toString(), "HOME", "/nonexistent");
        List<String> argv = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private", "sh", "-c",
                "mount --bind \"$0\" \"$0\" && mount -o remount,bind,ro \"$0\" && exec \"$@\"", install.toString(),
                "setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"));
        argv.addAll(launcherArgv(env, "dump", "--format", "null"));
        Cmd.Result r = Cmd.run(Duration.ofSeconds(120), argv);
        assertEquals(0, r.exit(), r::toString);
        assertTrue(!r.err().contains("unbound variable"), r::toString);
        assertEquals(List.of("xtcp.jar"), names(install), "nothing beside the read-only jar");
    }

    /** XTCP_CACHE_DIR, the way out for such a user, is taken by the launcher and never refused by {@code run}. */
    @Test
    void xtcpCacheDirIsUsedAndIsNotARunOption(@TempDir Path dir) throws Exception {
        Xtcp.requireRootAnd("unshare", "mount");
        Path install = Files.createDirectories(dir.resolve("opt/xtcp"));
        Path cache = dir.resolve("my-cache");
        Path jar = install.resolve("xtcp.jar");
        Files.copy(Xtcp.jar(), jar);
        Map<String, String> env = Map.of("XTCP_JAR", jar.toString(), "XTCP_CACHE_DIR", cache.toString(), "XTCP_HEAP", "96m");
        Cmd.Result r = launchReadOnly(install, env, "run", "--netns", "self", "--max-polls", "1", "--poll-interval", "1s",
                "--poll-timeout", "500ms", "--startup-jitter", "0s", "--dest", "null:", "--http-listen", "off");
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.err().contains("first poll done"), r::toString);
        List<String> archives = names(cache);
        assertEquals(1, archives.size(), "the archive in XTCP_CACHE_DIR: " + archives);
        assertTrue(archives.get(0).matches(".*xtcp-jdk[0-9.]+\\.(aot|jsa)"), archives.get(0));
    }

    /**
     * A queue the launcher's heap cannot hold is refused before anything starts (with a dead
     * broker, {@code --queue-max-bytes 400MiB} ran out of memory in 12 s), naming the heap and
     * XTCP_HEAP; with XTCP_HEAP large enough the same flags run.
     */
    @Test
    void aQueueTheHeapCannotHoldIsRefusedUntilXtcpHeapRaisesIt() throws Exception {
        String[] run = {"run", "--netns", "self", "--max-polls", "1", "--poll-interval", "1s", "--poll-timeout", "500ms",
            "--startup-jitter", "0s", "--dest", "null:", "--http-listen", "off", "--queue-max-bytes", "400MiB"};
        Cmd.Result refused = launch(Map.of(), run);
        assertEquals(2, refused.exit(), refused::toString);
        assertTrue(refused.err().contains("--queue-max-bytes 400MiB (flag) does not fit the heap"), refused::toString);
        assertTrue(refused.err().contains("with bin/xtcp set XTCP_HEAP="), refused::toString);
        assertTrue(refused.err().lines().count() == 1, "one line: " + refused.err());

        Cmd.Result raised = launch(Map.of("XTCP_HEAP", "640m"), run);
        assertEquals(0, raised.exit(), raised::toString);
    }

    /** {@code bin/xtcp ARGS} in a mount namespace of its own where {@code readOnly} is mounted read-only. */
    private static Cmd.Result launchReadOnly(Path readOnly, Map<String, String> env, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private", "sh", "-c",
                "mount --bind \"$0\" \"$0\" && mount -o remount,bind,ro \"$0\" && exec \"$@\"", readOnly.toString()));
        argv.addAll(launcherArgv(env, args));
        return Cmd.run(Duration.ofSeconds(120), argv);
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    private static String grep(String text, String what) {
        return text.lines().filter(l -> l.contains(what)).limit(3).toList().toString();
    }

    /**
     * The JIT directives the launcher passes reach the JVM (its own flag table is the oracle),
     * {@code quiet} first so nothing is echoed on stdout, and each names a method that exists: a
     * renamed decoder would otherwise leave a directive that silently matches nothing.
     */
    @Test
    void theJitDirectivesReachTheJvmAndNameMethodsThatExist() throws Exception {
        Cmd.Result r = launch(Map.of("JDK_JAVA_OPTIONS", "-XX:+PrintFlagsFinal"), "--version");
        assertEquals(0, r.exit(), r::toString);
        Matcher m = Pattern.compile("^\\s*(?:ccstrlist )?CompileCommand\\s+\\+?= (\\S+)", Pattern.MULTILINE).matcher(r.out());
        List<String> commands = new ArrayList<>();
        while (m.find()) {
            commands.add(m.group(1));
        }
        assertTrue(commands.size() >= 2, "CompileCommand in the JVM's flags: " + commands);
        assertEquals("quiet", commands.get(0), commands.toString());
        assertTrue(r.out().lines().noneMatch(l -> l.startsWith("CompileCommand:")), "no directive echoed on stdout");
        for (String c : commands.subList(1, commands.size())) {
            Matcher d = Pattern.compile("dontinline,([\\w.]+)::(\\w+)").matcher(c);
            assertTrue(d.matches(), c);
            Class<?> type = Class.forName(d.group(1));
            assertTrue(java.util.Arrays.stream(type.getDeclaredMethods()).anyMatch(x -> x.getName().equals(d.group(2))), c);
        }
    }

    /**
     * XTCP_HEAP reaches the JVM as its maximum heap, with the default flags and after
     * XTCP_JAVA_OPTS, and the kill on out of memory is there either way (the JVM's flag table is
     * the oracle).
     */
    @Test
    void xtcpHeapAndTheKillOnOutOfMemoryReachTheJvm() throws Exception {
        for (Map<String, String> env : List.of(Map.of("XTCP_HEAP", "200m"), Map.of("XTCP_HEAP", "200m", "XTCP_JAVA_OPTS", "-XX:+UseSerialGC -Xmx64m"))) {
            Map<String, String> all = new HashMap<>(env);
            all.put("JDK_JAVA_OPTIONS", "-XX:+PrintFlagsFinal");
            Cmd.Result r = launch(all, "--version");
            assertEquals(0, r.exit(), r::toString);
            assertEquals(String.valueOf(200L << 20), flag(r.out(), "MaxHeapSize"), env.toString());
            assertEquals("kill -9 %p", flag(r.out(), "OnOutOfMemoryError"), env.toString());
            assertEquals("false", flag(r.out(), "ExitOnOutOfMemoryError"), env.toString());
        }
    }

    private static String flag(String flagsFinal, String name) {
        Matcher m = Pattern.compile("^\\s*\\S+ " + name + "\\s+:?= (.*?)\\s+\\{", Pattern.MULTILINE).matcher(flagsFinal);
        assertTrue(m.find(), name);
        return m.group(1);
    }

    /** The JDKs under /usr/lib/jvm, by major version (none when the folder is missing). */
    private static void addInstalledJdks(Map<Integer, Path> byMajor) {
        try (Stream<Path> homes = Files.list(Path.of("/usr/lib/jvm"))) {
            homes.filter(h -> Files.isExecutable(h.resolve("bin/java"))).forEach(h -> addJdk(byMajor, h));
        } catch (IOException noJvmFolder) {
            // only the PATH's java
        }
    }

    private static void addJdk(Map<Integer, Path> byMajor, Path home) {
        try {
            Matcher m = JAVA_VERSION.matcher(Files.readString(home.resolve("release"), StandardCharsets.UTF_8));
            if (m.find()) {
                byMajor.putIfAbsent(Integer.parseInt(m.group(1)), home);
            }
        } catch (IOException noRelease) {
            // not a JDK the launcher can read either
        }
    }

    private static int launchedMajor(Map<String, String> env) throws Exception {
        Cmd.Result r = launch(env, "--version");
        assertEquals(0, r.exit(), r::toString);
        Matcher m = Pattern.compile("JVM: .* (\\d+)[.\\d]*\\s*$", Pattern.MULTILINE).matcher(r.out());
        assertTrue(m.find(), r::toString);
        return Integer.parseInt(m.group(1));
    }

    /** {@code bin/xtcp ARGS} with this test's variables only (no JAVA_HOME, XTCP_* or systemd ones inherited). */
    private static Cmd.Result launch(Map<String, String> env, String... args) throws Exception {
        return Cmd.run(Duration.ofSeconds(120), launcherArgv(env, args));
    }

    private static List<String> launcherArgv(Map<String, String> env, String... args) {
        List<String> argv = new ArrayList<>(List.of("env", "-u", "JAVA_HOME", "-u", "NOTIFY_SOCKET", "-u", "CACHE_DIRECTORY",
                "-u", "JDK_JAVA_OPTIONS"));
        System.getenv().keySet().stream().filter(k -> k.startsWith("XTCP_") || k.startsWith("WATCHDOG_"))
                .forEach(k -> argv.addAll(List.of("-u", k)));
        env.forEach((k, v) -> argv.add(k + "=" + v));
        argv.addAll(Xtcp.launcher(args));
        return argv;
    }

    private static DatagramPacket datagram(DatagramSocket udp, int timeoutMillis) throws IOException {
        udp.setSoTimeout(timeoutMillis);
        DatagramPacket p = new DatagramPacket(new byte[65536], 65536);
        try {
            udp.receive(p);
            return p;
        } catch (SocketTimeoutException none) {
            return null;
        }
    }
}
