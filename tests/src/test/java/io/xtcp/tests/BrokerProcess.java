package io.xtcp.tests;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real single-node KRaft broker in a JVM of its own (xtcp-dest's StandaloneKafkaBroker on this
 * JVM's test class path), so a test can freeze it with SIGSTOP, which an in-JVM broker cannot
 * take. {@link #close()} resumes and stops it.
 */
final class BrokerProcess implements AutoCloseable {
    private final Process process;
    private final String bootstrap;

    private BrokerProcess(Process process, String bootstrap) {
        this.process = process;
        this.bootstrap = bootstrap;
    }

    /** Starts the broker with {@code topic} (one partition) and waits until it prints its bootstrap address. */
    static BrokerProcess start(String topic, Path log) throws IOException {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String lib = System.getProperty("xtcp.kafka.broker.lib");
        if (lib == null) {
            throw new IllegalStateException("system property xtcp.kafka.broker.lib is not set (the tests module's pom sets it)");
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(java.toString(), "-Xmx512m", "-XX:+UseSerialGC", "-Dxtcp.kafka.broker.lib=" + lib,
                "-cp", cp, "io.xtcp.dest.testing.StandaloneKafkaBroker", topic))
                .redirectError(log.toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith("bootstrap ")) {
                Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "broker-stdout");
                drain.setDaemon(true);
                drain.start();
                return new BrokerProcess(p, line.substring("bootstrap ".length()).trim());
            }
        }
        p.destroyForcibly();
        throw new IOException("the broker exited before serving; see " + log);
    }

    String bootstrap() {
        return bootstrap;
    }

    /** Sends a signal with kill(1): "STOP" freezes the broker, "CONT" resumes it. */
    void signal(String name) {
        Cmd.ok("kill", "-s", name, Long.toString(process.pid()));
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            Cmd.run("kill", "-s", "CONT", Long.toString(process.pid()));
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
