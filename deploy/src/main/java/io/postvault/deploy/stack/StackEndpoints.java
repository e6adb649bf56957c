package io.postvault.deploy.stack;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the running stack can be reached: what the services need to connect to PostgreSQL,
 * Kafka and S3.
 */
public record StackEndpoints(String jdbcUrl, String dbUsername, String dbPassword,
                             String kafkaBootstrap, String s3Endpoint, String s3AccessKey, String s3SecretKey) {

    public static final String DB_URL = "postvault.db.url";
    public static final String DB_USERNAME = "postvault.db.username";
    public static final String DB_PASSWORD = "postvault.db.password";
    public static final String KAFKA_BOOTSTRAP = "postvault.kafka.bootstrap";
    public static final String S3_ENDPOINT = "postvault.s3.endpoint";
    public static final String S3_ACCESS_KEY = "postvault.s3.access-key";
    public static final String S3_SECRET_KEY = "postvault.s3.secret-key";

    /** Quarkus config keys the services read. */
    public Map<String, String> asConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put(DB_URL, jdbcUrl);
        config.put(DB_USERNAME, dbUsername);
        config.put(DB_PASSWORD, dbPassword);
        config.put(KAFKA_BOOTSTRAP, kafkaBootstrap);
        config.put(S3_ENDPOINT, s3Endpoint);
        config.put(S3_ACCESS_KEY, s3AccessKey);
        config.put(S3_SECRET_KEY, s3SecretKey);
        return config;
    }

    /**
     * The same settings as environment variables ({@code postvault.db.url} becomes
     * {@code POSTVAULT_DB_URL}), the form the launcher hands to service processes.
     */
    public Map<String, String> asEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        asConfig().forEach((key, value) -> env.put(toEnvName(key), value));
        return env;
    }

    /** The MicroProfile Config mapping of a property name to an environment variable name. */
    public static String toEnvName(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(java.util.Locale.ROOT);
    }
}
