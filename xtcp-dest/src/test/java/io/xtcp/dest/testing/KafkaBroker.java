package io.xtcp.dest.testing;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A real single-node KRaft Kafka (combined broker + controller) in this JVM, for tests here and in
 * the {@code tests} module (through xtcp-dest's test-jar). Ready in about 3 s.
 *
 * <p>The broker (kafka_2.13 and kafka-test-common-runtime {@code ${kafka-broker.version}}, test
 * scope) needs kafka-clients of its own version, while the sink under test uses 4.4.0. So the
 * broker runs in its own class loader: the test class path with kafka-clients swapped for the jar
 * found in the directory named by the system property {@code xtcp.kafka.broker.lib} (xtcp-dest's
 * pom copies it there with maven-dependency-plugin; a module reusing this class does the same).
 * SLF4J and Logback are shared with the test so the broker logs through the test's config. Tests
 * talk to it with the 4.4.0 clients, as xtcp will.
 *
 * <p>{@link #stopBroker()} and {@link #startBroker()} make an outage: the broker comes back on the
 * same port, so clients reconnect by themselves.
 */
public final class KafkaBroker implements AutoCloseable {
    private static final String KIT = "org.apache.kafka.common.test.KafkaClusterTestKit";
    private static final String NODES = "org.apache.kafka.common.test.TestKitNodes";
    private static KafkaBroker shared;

    private final URLClassLoader loader;
    private final Object cluster;
    private final String bootstrap;
    private boolean closed;

    private KafkaBroker(URLClassLoader loader, Object cluster) throws Exception {
        this.loader = loader;
        this.cluster = cluster;
        this.bootstrap = (String) call(cluster, "bootstrapServers");
    }

    /** Starts a new broker; the caller closes it. */
    public static KafkaBroker start() throws Exception {
        URLClassLoader loader = brokerClassLoader();
        disarmExit(loader);
        Thread t = Thread.currentThread();
        ClassLoader saved = t.getContextClassLoader();
        t.setContextClassLoader(loader);
        Object cluster = null;
        try {
            Class<?> nodesBuilder = loader.loadClass(NODES + "$Builder");
            Object nb = nodesBuilder.getConstructor().newInstance();
            nodesBuilder.getMethod("setCombined", boolean.class).invoke(nb, true);
            nodesBuilder.getMethod("setNumBrokerNodes", int.class).invoke(nb, 1);
            nodesBuilder.getMethod("setNumControllerNodes", int.class).invoke(nb, 1);
            Object nodes = nodesBuilder.getMethod("build").invoke(nb);
            Class<?> kitBuilder = loader.loadClass(KIT + "$Builder");
            Object kb = kitBuilder.getConstructor(loader.loadClass(NODES)).newInstance(nodes);
            Map<String, String> props = Map.of(
                    "offsets.topic.replication.factor", "1",
                    "transaction.state.log.replication.factor", "1",
                    "transaction.state.log.min.isr", "1",
                    "group.initial.rebalance.delay.ms", "0",
                    "num.partitions", "1");
            for (Map.Entry<String, String> e : props.entrySet()) {
                kitBuilder.getMethod("setConfigProp", String.class, Object.class).invoke(kb, e.getKey(), e.getValue());
            }
            cluster = kitBuilder.getMethod("build").invoke(kb);
            call(cluster, "format");
            call(cluster, "startup");
            call(cluster, "waitForReadyBrokers");
            return new KafkaBroker(loader, cluster);
        } catch (Exception e) {
            if (cluster != null) {
                try {
                    call(cluster, "close");
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            loader.close();
            throw e;
        } finally {
            t.setContextClassLoader(saved);
        }
    }

    private static Object call(Object target, String method) throws Exception {
        try {
            return target.getClass().getMethod(method).invoke(target);
        } catch (InvocationTargetException e) {
            Throwable c = e.getCause();
            if (c instanceof Exception) {
                throw (Exception) c;
            }
            throw e;
        }
    }

    /** The test class path, kafka-clients replaced by the broker's version, our own classes left out. */
    private static URLClassLoader brokerClassLoader() throws IOException {
        String lib = System.getProperty("xtcp.kafka.broker.lib");
        if (lib == null) {
            throw new IllegalStateException("system property xtcp.kafka.broker.lib is not set (see KafkaBroker's javadoc)");
        }
        List<URL> urls = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(Path.of(lib), "kafka-clients-*.jar")) {
            for (Path p : ds) {
                urls.add(p.toUri().toURL());
            }
        }
        if (urls.isEmpty()) {
            throw new IllegalStateException("no kafka-clients jar in " + lib);
        }
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        for (String entry : cp.split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (entry.isEmpty() || name.startsWith("kafka-clients-") || !name.endsWith(".jar")
                    || name.startsWith("slf4j-") || name.startsWith("logback-") || name.startsWith("xtcp-")) {
                continue;
            }
            urls.add(Path.of(entry).toUri().toURL());
        }
        return new URLClassLoader("kafka-broker", urls.toArray(new URL[0]), new SharedLogging(KafkaBroker.class.getClassLoader()));
    }

    /** Exposes only SLF4J and Logback of the test's class loader; everything else comes from the platform. */
    private static final class SharedLogging extends ClassLoader {
        private final ClassLoader app;

        SharedLogging(ClassLoader app) {
            super("shared-logging", ClassLoader.getPlatformClassLoader());
            this.app = app;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith("org.slf4j.") || name.startsWith("ch.qos.logback.")) {
                return app.loadClass(name);
            }
            return super.loadClass(name, resolve);
        }

        @Override
        public URL getResource(String name) {
            if (name.startsWith("META-INF/services/org.slf4j") || name.startsWith("org/slf4j/") || name.startsWith("ch/qos/logback/")) {
                return app.getResource(name);
            }
            return super.getResource(name);
        }

        @Override
        public java.util.Enumeration<URL> getResources(String name) throws IOException {
            if (name.startsWith("META-INF/services/org.slf4j")) {
                return app.getResources(name);
            }
            return super.getResources(name);
        }
    }

    /**
     * One broker shared by the tests of this JVM, closed when the JVM exits. Do not close it; a test
     * that makes an outage with {@link #stopBroker()} starts it again (in a finally) before returning.
     */
    public static synchronized KafkaBroker shared() throws Exception {
        if (shared == null) {
            KafkaBroker b = start();
            Runtime.getRuntime().addShutdownHook(new Thread(KafkaBroker::closeShared, "kafka-broker-shutdown"));
            shared = b;
        }
        return shared;
    }

    /**
     * Closes the shared broker, if one was started. Called when the test session ends
     * ({@link BrokerSessionListener}), so the broker never shuts down inside the JVM's exit.
     */
    public static synchronized void closeShared() {
        if (shared != null) {
            try {
                shared.close();
            } catch (Exception ignored) {
                // the session is over either way
            } finally {
                shared = null;
            }
        }
    }

    /**
     * The broker's code ends the JVM through Kafka's Exit on fatal faults (e.g. while shutting
     * down); in a test JVM that would turn a passing run into a crashed fork. Make them no-ops.
     */
    private static void disarmExit(ClassLoader loader) {
        try {
            Class<?> exit = loader.loadClass("org.apache.kafka.common.utils.Exit");
            Class<?> procedure = loader.loadClass("org.apache.kafka.common.utils.Exit$Procedure");
            Object noop = java.lang.reflect.Proxy.newProxyInstance(loader, new Class<?>[] {procedure}, (proxy, m, args) -> {
                if (m.getDeclaringClass() == Object.class) {
                    return m.getName().equals("toString") ? "no-op exit" : m.getName().equals("hashCode") ? 0 : proxy == args[0];
                }
                System.err.println("kafka broker asked to exit " + java.util.Arrays.toString(args) + "; ignored in tests");
                return null;
            });
            exit.getMethod("setExitProcedure", procedure).invoke(null, noop);
            exit.getMethod("setHaltProcedure", procedure).invoke(null, noop);
        } catch (ReflectiveOperationException | RuntimeException e) {
            System.err.println("could not disarm Kafka's Exit: " + e);
        }
    }

    public String bootstrapServers() {
        return bootstrap;
    }

    public void createTopic(String topic, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(partitions), Optional.of((short) 1))))
                    .all().get(30, TimeUnit.SECONDS);
        }
    }

    private Object broker() throws Exception {
        Map<?, ?> brokers = (Map<?, ?>) call(cluster, "brokers");
        return brokers.values().iterator().next();
    }

    /** Shuts the broker down (the controller keeps running). */
    public void stopBroker() throws Exception {
        Object b = broker();
        call(b, "shutdown");
        call(b, "awaitShutdown");
    }

    /** Starts the broker again on the same port and waits until it serves. */
    public void startBroker() throws Exception {
        Thread t = Thread.currentThread();
        ClassLoader saved = t.getContextClassLoader();
        t.setContextClassLoader(loader);
        try {
            call(broker(), "startup");
            call(cluster, "waitForReadyBrokers");
        } finally {
            t.setContextClassLoader(saved);
        }
    }

    /** Reads the values of a topic's partition 0 from the beginning until {@code count} arrived or the timeout passed. */
    public List<byte[]> readValues(String topic, int count, Duration timeout) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<byte[]> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
            TopicPartition tp = new TopicPartition(topic, 0);
            c.assign(Set.of(tp));
            c.seekToBeginning(Set.of(tp));
            long end = System.nanoTime() + timeout.toNanos();
            while (out.size() < count && System.nanoTime() < end) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    out.add(r.value());
                }
            }
        }
        return out;
    }

    /** Every value in a topic's partition 0 at this moment (up to the end offset). */
    public List<byte[]> readAll(String topic, Duration timeout) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<byte[]> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
            TopicPartition tp = new TopicPartition(topic, 0);
            c.assign(Set.of(tp));
            Map<TopicPartition, Long> ends = c.endOffsets(Set.of(tp), timeout);
            long endOffset = ends.get(tp);
            c.seekToBeginning(Set.of(tp));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (c.position(tp) < endOffset && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    out.add(r.value());
                }
            }
        }
        return out;
    }

    @Override
    public synchronized void close() throws Exception {
        if (closed) {
            return;
        }
        closed = true;
        try {
            call(cluster, "close");
        } finally {
            loader.close();
        }
    }
}
