package io.xtcp.tests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A throw-away QEMU guest running a Debian kernel other than the host's (see
 * ../shared/microvm/README.md): the host's {@code /} shared read-only over 9p under a tmpfs
 * overlay, the guest kernel's modules over a second share, and a per-run job folder over a third.
 * The guest runs {@code job.sh} from that folder as root and leaves its results there. A job that
 * is a folder holding {@code prepare.sh} boots systemd as PID 1 instead: prepare.sh installs
 * units, and a unit of the job runs {@code job.sh} and ends the VM.
 *
 * <p>Assets (kernel, modules, busybox initramfs) are built once by {@code make-assets.sh} into
 * {@code /var/cache/xtcp-test/vm} (or {@code $XTCP_VM_CACHE}) and reused. Emulation is TCG unless
 * {@code XTCP_VM_ACCEL=kvm} (a runner with real KVM).
 */
public final class MicroVm {
    /** What a boot left behind. */
    public record Result(int jobExit, String console, String jobLog, Path dir) {
        public String file(String name) throws IOException {
            return Files.readString(dir.resolve(name), StandardCharsets.UTF_8);
        }

        /** Console and job log, for failure messages. */
        public String transcript() {
            return "--- console\n" + console + "\n--- job.log\n" + jobLog;
        }
    }

    private static Path assets;
    /**
     * systemd boots only the test's target, without the early-boot units the units under test do
     * not need (device coldplug, module preloads, clock sync, binfmt, utmp): under emulation each
     * costs a second or more on the way to basic.target.
     */
    private static final String SYSTEMD_ARGS = " xtcp.mode=systemd systemd.unit=xtcp-vm.target systemd.show_status=0"
            + Stream.of("systemd-udevd.service", "systemd-udevd-control.socket", "systemd-udevd-kernel.socket",
                    "systemd-udev-trigger.service", "systemd-udev-settle.service", "modprobe@.service", "systemd-timesyncd.service",
                    "systemd-binfmt.service", "systemd-update-utmp.service", "systemd-journal-flush.service")
                    .map(u -> " systemd.mask=" + u).collect(Collectors.joining());

    private MicroVm() {}

    /** The folder of the guest scripts and helpers, as the guest sees it (same path: / is shared). */
    public static Path resources() {
        return Xtcp.root().resolve("tests/src/test/resources");
    }

    /** Builds the assets on first use (installing qemu/busybox when missing), then reuses them. */
    public static synchronized Path assets() throws IOException, InterruptedException {
        if (assets == null) {
            String cache = System.getenv().getOrDefault("XTCP_VM_CACHE", "/var/cache/xtcp-test/vm");
            Cmd.Result p = Cmd.run(Duration.ofSeconds(900), List.of(resources().resolve("microvm/make-assets.sh").toString(), cache));
            if (p.exit() != 0) {
                throw new IOException("make-assets.sh failed (" + p.exit() + "):\n" + p.err() + p.out());
            }
            assets = Path.of(p.out().strip());
        }
        return assets;
    }

    /**
     * Boots a guest that runs {@code microvm/guest/<job>} with {@code env} exported (plus
     * XTCP_ROOT, XTCP_JAR, XTCP_JSA and XTCP_RESOURCES) and waits for it to power off.
     */
    public static Result run(String job, Map<String, String> env, Duration timeout) throws IOException, InterruptedException {
        Path a = assets();
        Path base = Xtcp.root().resolve("tests/target/microvm");
        Files.createDirectories(base);
        Path dir = Files.createTempDirectory(base, job.replaceAll("\\W", "-") + "-");
        Path source = resources().resolve("microvm/guest").resolve(job);
        boolean systemd = Files.isDirectory(source);
        if (systemd) {
            try (var files = Files.list(source)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.copy(f, dir.resolve(f.getFileName()));
                }
            }
        } else {
            Files.copy(source, dir.resolve("job.sh"));
        }
        StringBuilder sh = new StringBuilder();
        jobEnv(base, systemd, env).forEach((k, v) ->
                sh.append("export ").append(k).append("='").append(v.replace("'", "'\\''")).append("'\n"));
        Files.writeString(dir.resolve("job.env"), sh);

        Process qemu = new ProcessBuilder(qemuCommand(a, dir, systemd)).redirectErrorStream(true)
                .redirectOutput(dir.resolve("qemu.log").toFile()).start();
        try {
            if (!qemu.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                throw new IOException("the VM did not finish within " + timeout + "; console:\n" + read(dir.resolve("console.log")));
            }
        } finally {
            qemu.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String rc = read(dir.resolve("rc")).strip();
        if (rc.isEmpty()) {
            throw new IOException("the guest never ran its job (qemu exit " + qemu.exitValue() + "):\n"
                    + read(dir.resolve("qemu.log")) + read(dir.resolve("console.log")));
        }
        return new Result(Integer.parseInt(rc), read(dir.resolve("console.log")), read(dir.resolve("job.log")), dir);
    }

    /** What the guest job finds in /job/job.env: where things are on the shared root, and the test's own. */
    private static Map<String, String> jobEnv(Path base, boolean systemd, Map<String, String> env)
            throws IOException, InterruptedException {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("XTCP_ROOT", Xtcp.root().toString());
        Path jar = Xtcp.root().resolve("xtcp-daemon/target/xtcp.jar");
        all.put("XTCP_JAR", jar.toString());
        Path jsa = classDataArchive(jar, jar.toString(), base.resolve("xtcp.jsa"), "dump", "--format", "null");
        if (jsa != null) {
            all.put("XTCP_JSA", jsa.toString());
        }
        if (systemd) {
            Path installed = classDataArchive(jar, INSTALLED_JAR, base.resolve("xtcp-installed.jsa"), "run", "--max-polls", "1",
                    "--poll-interval", "1s", "--poll-timeout", "500ms", "--dest", "null:", "--http-listen", "off");
            if (installed != null) {
                all.put("XTCP_INSTALLED_JSA", installed.toString());
            }
        }
        all.put("XTCP_RESOURCES", resources().toString());
        all.putAll(env);
        return all;
    }

    /** PVH boot of the ELF kernel on a PC machine, three 9p shares, isa-debug-exit to end it. */
    private static List<String> qemuCommand(Path assets, Path dir, boolean systemd) {
        String accel = System.getenv().getOrDefault("XTCP_VM_ACCEL", "tcg");
        List<String> cmd = new ArrayList<>(List.of(
                "qemu-system-x86_64", "-M", "pc", "-accel", accel, "-m", "1024", "-smp", "2",
                "-nodefaults", "-no-user-config", "-display", "none", "-no-reboot",
                "-serial", "file:" + dir.resolve("console.log"),
                "-kernel", assets.resolve("vmlinux").toString(),
                "-initrd", assets.resolve("initramfs.cpio.gz").toString(),
                "-append", "console=ttyS0 panic=-1 quiet xtcp.repo=" + Xtcp.root() + (systemd ? SYSTEMD_ARGS : ""),
                "-fsdev", "local,id=rootfs,path=/,readonly=on,security_model=none,multidevs=remap",
                "-device", "virtio-9p-pci,fsdev=rootfs,mount_tag=rootfs",
                "-fsdev", "local,id=modules,path=" + assets.resolve("root/lib/modules") + ",readonly=on,security_model=none",
                "-device", "virtio-9p-pci,fsdev=modules,mount_tag=modules",
                "-fsdev", "local,id=repo,path=" + Xtcp.root() + ",readonly=on,security_model=none,multidevs=remap",
                "-device", "virtio-9p-pci,fsdev=repo,mount_tag=repo",
                "-fsdev", "local,id=job,path=" + dir + ",security_model=none",
                "-device", "virtio-9p-pci,fsdev=job,mount_tag=job",
                "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"));
        if (accel.equals("kvm")) {
            cmd.addAll(List.of("-cpu", "host"));
        }
        return cmd;
    }

    /** Where packaging/ installs the jar; the systemd job installs it there in the guest. */
    public static final String INSTALLED_JAR = "/opt/xtcp/lib/xtcp.jar";

    /**
     * A dynamic class-data archive of the classes {@code args} loads, made on the host for the jar
     * as the guest will name it (the guest sees the same JDK): it halves a JVM launch under
     * emulation. An archive names its jar by path, size and mtime, so one for another path is made
     * in a private mount namespace with a copy of the jar there. Remade when the jar changes; null
     * when the JVM cannot make one (the guest then runs without it).
     */
    private static synchronized Path classDataArchive(Path jar, String guestJar, Path out, String... args)
            throws IOException, InterruptedException {
        if (Files.exists(out) && Files.getLastModifiedTime(out).compareTo(Files.getLastModifiedTime(jar)) > 0) {
            return out;
        }
        Files.deleteIfExists(out);
        List<String> java = new ArrayList<>(List.of("java", "-XX:+UseSerialGC", "-Xmx128m", "-XX:TieredStopAtLevel=1",
                "-XX:ArchiveClassesAtExit=" + out, "-Xlog:cds=off", "-Xlog:cds+dynamic=off", "-jar", guestJar));
        java.addAll(List.of(args));
        List<String> cmd = new ArrayList<>();
        if (!guestJar.equals(jar.toString())) {
            // a tmpfs over the jar path's top folder (/opt), seen by this command only
            String script = "mount -t tmpfs tmpfs \"$1\"; mkdir -p \"$(dirname \"$3\")\"; cp -p \"$2\" \"$3\"; shift 3; exec \"$@\"";
            cmd.addAll(List.of("unshare", "--mount", "--propagation", "private", "sh", "-ec", script, "sh",
                    "/" + Path.of(guestJar).getName(0), jar.toString(), guestJar));
        }
        cmd.addAll(java);
        Cmd.Result p = Cmd.run(Duration.ofSeconds(120), cmd);
        return p.exit() == 0 && Files.exists(out) ? out : null;
    }

    private static String read(Path p) throws IOException {
        return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
    }
}
