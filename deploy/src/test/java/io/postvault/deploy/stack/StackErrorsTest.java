package io.postvault.deploy.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The clear failures: taken ports, missing binaries, unreachable data folder, overrides. */
class StackErrorsTest {

    @TempDir
    Path tmp;

    private StackOptions options(Map<String, String> env) {
        Processes.makeTraversable(tmp);
        return StackOptions.randomPorts(tmp.resolve("stack")).withEnv(env);
    }

    @Test
    void takenPortFailsClearlyAndStartsNothing() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            StackOptions base = options(Map.of());
            StackOptions options = new StackOptions(base.layout(), base.postgresPort(), base.kafkaPort(),
                    base.kafkaControllerPort(), taken.getLocalPort(), "k", "secret-key", Map.of(), Duration.ofSeconds(60));
            StackException error = assertThrows(StackException.class, () -> LocalStack.start(options));
            assertTrue(error.getMessage().contains("port " + taken.getLocalPort() + " (S3Proxy) is already in use"),
                    error.getMessage());
            // The components that did start were stopped again.
            for (StackComponent component : options.managedComponents()) {
                assertTrue(component.runningPid().isEmpty(), component.name() + " left running");
            }
        }
    }

    @Test
    void takenKafkaControllerPortIsNamed() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            KafkaBroker broker = new KafkaBroker(new StackLayout(tmp), Processes.freePorts(1)[0], taken.getLocalPort(),
                    Duration.ofSeconds(5));
            StackException error = assertThrows(StackException.class, broker::start);
            assertTrue(error.getMessage().contains("(Kafka controller) is already in use"), error.getMessage());
        }
    }

    @Test
    void missingPostgresBinariesNameThePackageAndTheVariable() {
        StackException error = assertThrows(StackException.class,
                () -> PostgresServer.binDir(tmp.resolve("nothing").toString()));
        assertTrue(error.getMessage().contains("POSTVAULT_PG_BIN"), error.getMessage());
        assertTrue(PostgresServer.binDir(null).resolve("initdb").toFile().canExecute());
    }

    @Test
    void dataFolderThePostgresUserCannotReachIsNamed() throws Exception {
        assumeTrue(Processes.isRoot(), "only root hands the cluster to the postgres user");
        Path closed = Files.createDirectories(tmp.resolve("closed"));
        Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rwx------"));
        StackLayout layout = new StackLayout(closed.resolve("var"));
        layout.createDirectories();
        PostgresServer postgres = new PostgresServer(layout, Processes.freePorts(1)[0], null, Duration.ofSeconds(30));
        StackException error = assertThrows(StackException.class, postgres::start);
        assertTrue(error.getMessage().contains(closed.resolve("var").toString()), error.getMessage());
        assertTrue(error.getMessage().contains("POSTVAULT_VAR_DIR"), error.getMessage());
    }

    @Test
    void overriddenComponentsAreNotStarted() {
        StackOptions options = options(Map.of(
                "POSTVAULT_DB_URL", "jdbc:postgresql://db.example:5432/pv",
                "POSTVAULT_DB_USERNAME", "pv",
                "POSTVAULT_DB_PASSWORD", "pw",
                "POSTVAULT_S3_ENDPOINT", "http://s3.example:9000",
                "POSTVAULT_S3_ACCESS_KEY", "ak",
                "POSTVAULT_S3_SECRET_KEY", "sk"));
        assertEquals(List.of("kafka"), options.managedComponents().stream().map(StackComponent::name).toList());
        StackEndpoints endpoints = options.endpoints();
        assertEquals("jdbc:postgresql://db.example:5432/pv", endpoints.jdbcUrl());
        assertEquals("pv", endpoints.dbUsername());
        assertEquals("http://s3.example:9000", endpoints.s3Endpoint());
        assertEquals("sk", endpoints.s3SecretKey());
        assertEquals("127.0.0.1:" + options.kafkaPort(), endpoints.kafkaBootstrap());
        assertEquals("http://s3.example:9000", endpoints.asEnvironment().get("POSTVAULT_S3_ENDPOINT"));
        assertFalse(options.withEnv(Map.of()).externalDatabase());
    }
}
