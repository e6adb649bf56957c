package io.postvault.deploy.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How to run a stack: where its state lives, its ports and credentials, and the environment
 * whose {@code POSTVAULT_*} variables point at external servers instead:
 * <ul>
 *   <li>{@code POSTVAULT_DB_URL} (+ {@code POSTVAULT_DB_USERNAME}, {@code POSTVAULT_DB_PASSWORD}): no PostgreSQL is started;</li>
 *   <li>{@code POSTVAULT_KAFKA_BOOTSTRAP}: no broker is started (the topics are still created there);</li>
 *   <li>{@code POSTVAULT_S3_ENDPOINT} (+ {@code POSTVAULT_S3_ACCESS_KEY}, {@code POSTVAULT_S3_SECRET_KEY}): no S3Proxy is started.</li>
 * </ul>
 * {@code POSTVAULT_PG_BIN} names the PostgreSQL server binaries (default: the highest /usr/lib/postgresql/N/bin);
 * {@code POSTVAULT_PG_SETTINGS} adds server settings to a local PostgreSQL ({@code name=value}, separated by blanks).
 */
public record StackOptions(StackLayout layout, int postgresPort, int kafkaPort, int kafkaControllerPort, int s3Port,
                           String s3AccessKey, String s3SecretKey, Map<String, String> env, Duration timeout) {

    public static final int LOCAL_POSTGRES_PORT = 15432;
    public static final int LOCAL_KAFKA_PORT = 19092;
    public static final int LOCAL_KAFKA_CONTROLLER_PORT = 19093;
    public static final int LOCAL_S3_PORT = 19000;
    public static final String DEFAULT_S3_ACCESS_KEY = "postvault";
    public static final String DEFAULT_S3_SECRET_KEY = "postvault-secret";

    public StackOptions {
        env = Map.copyOf(env);
    }

    /** The local launcher's fixed ports (15432, 19092/19093, 19000), the process environment. */
    public static StackOptions localDefaults(Path base) {
        return new StackOptions(new StackLayout(base), LOCAL_POSTGRES_PORT, LOCAL_KAFKA_PORT,
                LOCAL_KAFKA_CONTROLLER_PORT, LOCAL_S3_PORT, DEFAULT_S3_ACCESS_KEY, DEFAULT_S3_SECRET_KEY,
                System.getenv(), Duration.ofSeconds(90));
    }

    /** Free ports chosen by the kernel (for tests), the process environment. */
    public static StackOptions randomPorts(Path base) {
        int[] ports = Processes.freePorts(4);
        return new StackOptions(new StackLayout(base), ports[0], ports[1], ports[2], ports[3],
                DEFAULT_S3_ACCESS_KEY, DEFAULT_S3_SECRET_KEY, System.getenv(), Duration.ofSeconds(90));
    }

    /** The same options with every port moved by {@code offset} (POSTVAULT_PORT_OFFSET). */
    public StackOptions shiftedBy(int offset) {
        return new StackOptions(layout, postgresPort + offset, kafkaPort + offset, kafkaControllerPort + offset,
                s3Port + offset, s3AccessKey, s3SecretKey, env, timeout);
    }

    public StackOptions withEnv(Map<String, String> newEnv) {
        return new StackOptions(layout, postgresPort, kafkaPort, kafkaControllerPort, s3Port, s3AccessKey,
                s3SecretKey, newEnv, timeout);
    }

    private String env(String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value;
    }

    public boolean externalDatabase() {
        return env("POSTVAULT_DB_URL") != null;
    }

    public boolean externalKafka() {
        return env("POSTVAULT_KAFKA_BOOTSTRAP") != null;
    }

    public boolean externalS3() {
        return env("POSTVAULT_S3_ENDPOINT") != null;
    }

    public PostgresServer postgres() {
        String settings = env("POSTVAULT_PG_SETTINGS");
        return new PostgresServer(layout, postgresPort, env("POSTVAULT_PG_BIN"), timeout,
                settings == null ? List.of() : List.of(settings.trim().split("\\s+")));
    }

    public KafkaBroker kafka() {
        return new KafkaBroker(layout, kafkaPort, kafkaControllerPort, timeout);
    }

    public S3ProxyServer s3() {
        return new S3ProxyServer(layout, s3Port, s3AccessKey, s3SecretKey, timeout);
    }

    /** The components this stack starts itself (those not overridden by the environment), in start order. */
    public List<StackComponent> managedComponents() {
        List<StackComponent> components = new ArrayList<>();
        if (!externalDatabase()) {
            components.add(postgres());
        }
        if (!externalKafka()) {
            components.add(kafka());
        }
        if (!externalS3()) {
            components.add(s3());
        }
        return components;
    }

    /** The endpoints: the environment's external servers, else the local components' addresses. */
    public StackEndpoints endpoints() {
        return new StackEndpoints(
                externalDatabase() ? env("POSTVAULT_DB_URL") : postgres().jdbcUrl(),
                externalDatabase() ? orEmpty(env("POSTVAULT_DB_USERNAME")) : PostgresServer.USERNAME,
                externalDatabase() ? orEmpty(env("POSTVAULT_DB_PASSWORD")) : PostgresServer.PASSWORD,
                externalKafka() ? env("POSTVAULT_KAFKA_BOOTSTRAP") : kafka().bootstrap(),
                externalS3() ? env("POSTVAULT_S3_ENDPOINT") : s3().endpoint(),
                externalS3() ? orEmpty(env("POSTVAULT_S3_ACCESS_KEY")) : s3AccessKey,
                externalS3() ? orEmpty(env("POSTVAULT_S3_SECRET_KEY")) : s3SecretKey);
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
