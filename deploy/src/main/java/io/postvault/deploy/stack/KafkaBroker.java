package io.postvault.deploy.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * A single-node KRaft Kafka broker (combined broker + controller) as its own JVM
 * ({@code kafka.Kafka server.properties}); storage formatted on first start; topics from
 * {@link Topics} created after start.
 */
public final class KafkaBroker implements StackComponent {

    public static final String NAME = "kafka";
    private static final String MAIN_CLASS = "kafka.Kafka";

    private final StackLayout layout;
    private final int port;
    private final int controllerPort;
    private final Duration timeout;

    public KafkaBroker(StackLayout layout, int port, int controllerPort, Duration timeout) {
        this.layout = layout;
        this.port = port;
        this.controllerPort = controllerPort;
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Integer> ports() {
        return List.of(port, controllerPort);
    }

    public String bootstrap() {
        return "127.0.0.1:" + port;
    }

    private Path dir() {
        return layout.componentDir(NAME);
    }

    @Override
    public void start() {
        Processes.requirePortFree(port, "Kafka");
        Processes.requirePortFree(controllerPort, "Kafka controller");
        String classpath = StackClasspath.joined(StackClasspath.kafka());
        Path log = layout.logFile(NAME);
        Path config = dir().resolve("server.properties");
        Path dataDir = dir().resolve("data");
        try {
            Files.createDirectories(dataDir);
            writeConfig(config, dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + dir(), e);
        }
        if (!Files.exists(dataDir.resolve("meta.properties"))) {
            List<String> format = new ArrayList<>(List.of(Processes.javaExecutable(), "-Xmx256m",
                    "-XX:TieredStopAtLevel=1", "-cp", classpath, "kafka.tools.StorageTool",
                    "format", "-t", Uuid.randomUuid().toString(), "-c", config.toString()));
            int rc = Processes.run(format, dir(), log, Duration.ofMinutes(2));
            if (rc != 0) {
                throw new StackException("formatting the Kafka storage failed (exit " + rc + ")" + Processes.tailHint(log));
            }
        }
        List<String> command = List.of(Processes.javaExecutable(), "-Xms128m", "-Xmx512m", "-XX:+UseSerialGC",
                "-Djava.awt.headless=true",
                "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd'T'HH:mm:ss.SSS",
                "-Dorg.slf4j.simpleLogger.log.org.apache.kafka.clients=warn",
                "-Dorg.slf4j.simpleLogger.log.org.apache.kafka.common.utils.AppInfoParser=warn",
                "-cp", classpath, MAIN_CLASS, config.toString());
        Process process = Processes.startDetached(command, dir(), Map.of(), log, layout.pidFile(NAME));
        try {
            awaitReady(process, log);
            createTopics();
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    private void writeConfig(Path config, Path dataDir) throws IOException {
        Properties props = new Properties();
        props.setProperty("process.roles", "broker,controller");
        props.setProperty("node.id", "1");
        props.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        props.setProperty("controller.listener.names", "CONTROLLER");
        props.setProperty("inter.broker.listener.name", "PLAINTEXT");
        props.setProperty("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
        props.setProperty("log.dirs", dataDir.toString());
        props.setProperty("num.partitions", "1");
        props.setProperty("default.replication.factor", "1");
        props.setProperty("min.insync.replicas", "1");
        props.setProperty("offsets.topic.replication.factor", "1");
        props.setProperty("offsets.topic.num.partitions", "10");
        props.setProperty("transaction.state.log.replication.factor", "1");
        props.setProperty("transaction.state.log.min.isr", "1");
        props.setProperty("transaction.state.log.num.partitions", "10");
        props.setProperty("share.coordinator.state.topic.replication.factor", "1");
        props.setProperty("share.coordinator.state.topic.min.isr", "1");
        props.setProperty("group.initial.rebalance.delay.ms", "0");
        props.setProperty("auto.create.topics.enable", "false");
        try (Writer writer = Files.newBufferedWriter(config)) {
            props.store(writer, "PostVault local single-node KRaft broker (written at every start)");
        }
    }

    private void awaitReady(Process process, Path log) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String lastError = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new StackException("the Kafka broker exited (code " + process.exitValue() + ") during start-up"
                        + Processes.tailHint(log));
            }
            if (Processes.accepts(port)) {
                try (Admin admin = admin()) {
                    admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                    return;
                } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                    lastError = String.valueOf(e.getCause() == null ? e : e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StackException("interrupted while waiting for Kafka", e);
                }
            }
            Processes.sleep(250);
        }
        throw new StackException("the Kafka broker did not become ready on " + bootstrap() + " within "
                + timeout.toSeconds() + " s (" + lastError + ")" + Processes.tailHint(log));
    }

    Admin admin() {
        Properties props = new Properties();
        props.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        props.setProperty(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        props.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        return Admin.create(props);
    }

    /** Creates the topics of {@link Topics#ALL} on a broker; existing topics are left as they are. */
    public static void createTopics(String bootstrap) {
        Properties props = new Properties();
        props.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        try (Admin admin = Admin.create(props)) {
            createTopics(admin);
        }
    }

    private void createTopics() {
        try (Admin admin = admin()) {
            createTopics(admin);
        }
    }

    private static void createTopics(Admin admin) {
        List<NewTopic> topics = Topics.ALL.stream()
                .map(spec -> new NewTopic(spec.name(), spec.partitions(), (short) 1)
                        .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(spec.retention().toMillis()))))
                .collect(Collectors.toList());
        admin.createTopics(topics).values().forEach((name, future) -> {
            try {
                future.get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new StackException("cannot create the Kafka topic " + name + ": " + e.getCause(), e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StackException("interrupted while creating Kafka topics", e);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new StackException("timeout creating the Kafka topic " + name, e);
            }
        });
    }

    @Override
    public void stop() {
        Processes.stopFromPidFile(layout.pidFile(NAME), MAIN_CLASS, Duration.ofSeconds(30));
    }

    @Override
    public Optional<Long> runningPid() {
        return Processes.fromPidFile(layout.pidFile(NAME), MAIN_CLASS).map(ProcessHandle::pid);
    }
}
