package io.xtcp.tests;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * A real single-node KRaft Kafka as a process of its own ({@code kafka.Kafka server.properties},
 * as kafka-server-start.sh runs it), on a fixed port with its data in {@code dir/data}, so a test
 * can freeze it (SIGSTOP), kill it (SIGKILL) and start it again on the same port and data. It runs
 * on this JVM's test class path with kafka-clients swapped for the broker's own version (the jar
 * in the folder named by {@code xtcp.kafka.broker.lib}, as for xtcp-dest's KafkaBroker).
 * {@link #close()} stops it.
 */
final class BrokerProcess implements AutoCloseable {
    private static final Duration READY = Duration.ofSeconds(90);
    private final Path dir;
    private final int port;
    private Process process;
    private int starts;

    private BrokerProcess(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Formats {@code dir/data}, starts the broker, waits until it serves and creates {@code topic} (one partition). */
    static BrokerProcess start(Path dir, String topic) throws Exception {
        int port = Metrics.freePort();
        int controller = Metrics.freePort();
        Files.write(dir.resolve("server.properties"), List.of(
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controller,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + dir.resolve("data"),
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "num.partitions=1"));
        Cmd.Result format = Cmd.run(Duration.ofSeconds(120), java("kafka.tools.StorageTool", "format", "-t", org.apache.kafka.common.Uuid.randomUuid().toString(),
                "-c", dir.resolve("server.properties").toString()));
        if (format.exit() != 0) {
            throw new IOException("kafka-storage format failed: " + format);
        }
        BrokerProcess b = new BrokerProcess(dir, port);
        b.restart();
        try (Admin admin = b.admin()) {
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(1), Optional.of((short) 1)))).all().get(60, TimeUnit.SECONDS);
        }
        return b;
    }

    String bootstrap() {
        return "127.0.0.1:" + port;
    }

    /** Starts the broker (again: same port, same data) and waits until it answers a metadata request. */
    void restart() throws Exception {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("the broker is running");
        }
        Path log = dir.resolve("broker-" + starts++ + ".log");
        process = new ProcessBuilder(java("kafka.Kafka", dir.resolve("server.properties").toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long end = System.nanoTime() + READY.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IOException("the broker exited " + process.exitValue() + "; see " + log);
            }
            try (Admin admin = admin()) {
                if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                    return;
                }
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException notYet) {
                // not serving yet
            }
            if (System.nanoTime() - end > 0) {
                throw new IOException("the broker did not serve within " + READY + "; see " + log);
            }
            Thread.sleep(200);
        }
    }

    /** Sends a signal with kill(1): "STOP" freezes the broker, "CONT" resumes it. */
    void signal(String name) {
        Cmd.ok("kill", "-s", name, Long.toString(process.pid()));
    }

    /** SIGKILL, and waits until it is gone: no shutdown of its own, its data as the kill left it. */
    void kill() throws InterruptedException {
        Cmd.ok("kill", "-s", "KILL", Long.toString(process.pid()));
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the broker outlived SIGKILL by 30 s");
        }
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000));
    }

    /** {@code java -cp BROKER_CLASS_PATH MAIN ARGS}: this JVM's test class path, kafka-clients swapped for the broker's. */
    private static List<String> java(String main, String... args) throws IOException {
        String lib = System.getProperty("xtcp.kafka.broker.lib");
        if (lib == null) {
            throw new IllegalStateException("system property xtcp.kafka.broker.lib is not set (the tests module's pom sets it)");
        }
        List<String> cp = new ArrayList<>();
        try (var jars = Files.newDirectoryStream(Path.of(lib), "kafka-clients-*.jar")) {
            jars.forEach(p -> cp.add(p.toString()));
        }
        for (String entry : System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")).split(File.pathSeparator)) {
            String name = entry.isEmpty() ? "" : Path.of(entry).getFileName().toString();
            if (name.endsWith(".jar") && !name.startsWith("kafka-clients-") && !name.startsWith("xtcp-")) {
                cp.add(entry);
            }
        }
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-XX:+UseSerialGC", "-cp", String.join(File.pathSeparator, cp), main));
        argv.addAll(List.of(args));
        return argv;
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            Cmd.run("kill", "-s", "CONT", Long.toString(process.pid()));
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
