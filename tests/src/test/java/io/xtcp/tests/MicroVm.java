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
     * systemd boots only the test's target; device coldplug (udev) is masked: the units under test
     * need no devices, and under emulation it is the slowest part of reaching basic.target.
     */
    private static final String SYSTEMD_ARGS = " xtcp.mode=systemd systemd.unit=xtcp-vm.target systemd.show_status=0"
            + " systemd.mask=systemd-udevd.service systemd.mask=systemd-udevd-control.socket systemd.mask=systemd-udevd-kernel.socket"
            + " systemd.mask=systemd-udev-trigger.service systemd.mask=systemd-udev-settle.service";

    private MicroVm() {}

    /** The folder of the guest scripts and helpers, as the guest sees it (same path: / is shared). */
    public static Path resources() {
        return Proc.root().resolve("tests/src/test/resources");
    }

    /** Builds the assets on first use (installing qemu/busybox when missing), then reuses them. */
    public static synchronized Path assets() throws IOException, InterruptedException {
        if (assets == null) {
            String cache = System.getenv().getOrDefault("XTCP_VM_CACHE", "/var/cache/xtcp-test/vm");
            Proc p = Proc.run(List.of(resources().resolve("microvm/make-assets.sh").toString(), cache), 900);
            if (p.exit != 0) {
                throw new IOException("make-assets.sh failed (" + p.exit + "):\n" + p.err + p.out);
            }
            assets = Path.of(p.out.strip());
        }
        return assets;
    }

    /**
     * Boots a guest that runs {@code microvm/guest/<job>} with {@code env} exported (plus
     * XTCP_ROOT, XTCP_JAR, XTCP_JSA and XTCP_RESOURCES) and waits for it to power off.
     */
    public static Result run(String job, Map<String, String> env, Duration timeout) throws IOException, InterruptedException {
        Path a = assets();
        Path base = Proc.root().resolve("tests/target/microvm");
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
        Map<String, String> all = new LinkedHashMap<>();
        all.put("XTCP_ROOT", Proc.root().toString());
        Path jar = Proc.root().resolve("xtcp-daemon/target/xtcp.jar");
        all.put("XTCP_JAR", jar.toString());
        Path jsa = classDataArchive(jar, base);
        if (jsa != null) {
            all.put("XTCP_JSA", jsa.toString());
        }
        all.put("XTCP_RESOURCES", resources().toString());
        all.putAll(env);
        StringBuilder sh = new StringBuilder();
        all.forEach((k, v) -> sh.append("export ").append(k).append("='").append(v.replace("'", "'\\''")).append("'\n"));
        Files.writeString(dir.resolve("job.env"), sh);

        String accel = System.getenv().getOrDefault("XTCP_VM_ACCEL", "tcg");
        List<String> cmd = new ArrayList<>(List.of(
                "qemu-system-x86_64", "-M", "pc", "-accel", accel, "-m", "1024", "-smp", "2",
                "-nodefaults", "-no-user-config", "-display", "none", "-no-reboot",
                "-serial", "file:" + dir.resolve("console.log"),
                "-kernel", a.resolve("vmlinux").toString(),
                "-initrd", a.resolve("initramfs.cpio.gz").toString(),
                "-append", "console=ttyS0 panic=-1 quiet"
                        + (systemd ? SYSTEMD_ARGS : ""),
                "-fsdev", "local,id=rootfs,path=/,readonly=on,security_model=none,multidevs=remap",
                "-device", "virtio-9p-pci,fsdev=rootfs,mount_tag=rootfs",
                "-fsdev", "local,id=modules,path=" + a.resolve("root/lib/modules") + ",readonly=on,security_model=none",
                "-device", "virtio-9p-pci,fsdev=modules,mount_tag=modules",
                "-fsdev", "local,id=job,path=" + dir + ",security_model=none",
                "-device", "virtio-9p-pci,fsdev=job,mount_tag=job",
                "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"));
        if (accel.equals("kvm")) {
            cmd.addAll(List.of("-cpu", "host"));
        }
        Process qemu = new ProcessBuilder(cmd).redirectErrorStream(true)
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

    /**
     * A dynamic class-data archive of the classes a dump loads, made on the host (the guest sees
     * the same JDK and jar at the same paths): it halves a JVM launch under emulation. Remade when
     * the jar changes; null when the JVM cannot make one (the guest then runs without it).
     */
    private static synchronized Path classDataArchive(Path jar, Path base) throws IOException, InterruptedException {
        Path jsa = base.resolve("xtcp.jsa");
        if (Files.exists(jsa) && Files.getLastModifiedTime(jsa).compareTo(Files.getLastModifiedTime(jar)) > 0) {
            return jsa;
        }
        Files.deleteIfExists(jsa);
        Proc p = Proc.run(List.of("java", "-XX:ArchiveClassesAtExit=" + jsa, "-Xlog:cds=off", "-Xlog:cds+dynamic=off",
                "-XX:TieredStopAtLevel=1", "-jar", jar.toString(), "dump", "--format", "null"), 120);
        return p.exit == 0 && Files.exists(jsa) ? jsa : null;
    }

    private static String read(Path p) throws IOException {
        return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
    }
}
