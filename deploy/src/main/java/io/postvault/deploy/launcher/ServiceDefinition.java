package io.postvault.deploy.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A PostVault service the launcher runs: its name (= log and pid file name), module folder, HTTP port, and the other
 * ports it listens on, keyed by the environment variable that sets each (the mail ports of protocol-service).
 */
public record ServiceDefinition(String name, String moduleDir, int httpPort, Map<String, Integer> otherPorts) {

    /** The five services, in the order they are listed. Mail ports: unprivileged local ones (ARCHITECTURE.md). */
    public static final List<ServiceDefinition> ALL = List.of(
            new ServiceDefinition("gateway", "gateway", 8080, Map.of()),
            new ServiceDefinition("protocol-service", "protocol-service", 8081, Map.of(
                    "POSTVAULT_IMAP_PORT", 1143,
                    "POSTVAULT_IMAP_TLS_PORT", 1993,
                    "POSTVAULT_LMTP_PORT", 1024,
                    "POSTVAULT_POP3_PORT", 1110,
                    "POSTVAULT_POP3_TLS_PORT", 1995,
                    "POSTVAULT_SUBMISSION_PORT", 1587,
                    "POSTVAULT_SUBMISSION_TLS_PORT", 1465)),
            new ServiceDefinition("archive-service", "archive-service", 8082, Map.of()),
            new ServiceDefinition("quota-service", "quota-service", 8083, Map.of()),
            new ServiceDefinition("search-service", "search-service", 8084, Map.of()));

    public ServiceDefinition {
        otherPorts = Map.copyOf(otherPorts);
    }

    /** The same service with its ports moved by {@code offset} (POSTVAULT_PORT_OFFSET: a second stack beside the first). */
    public ServiceDefinition shiftedBy(int offset) {
        Map<String, Integer> shifted = new LinkedHashMap<>();
        otherPorts.forEach((variable, port) -> shifted.put(variable, port + offset));
        return new ServiceDefinition(name, moduleDir, httpPort + offset, shifted);
    }

    /** The environment that puts the service on its ports. */
    public Map<String, String> portEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
        otherPorts.forEach((variable, port) -> env.put(variable, Integer.toString(port)));
        return env;
    }

    /**
     * The service's JVM options as a java argument file ({@code @file}), when it has one
     * ({@code src/main/jvm/jvm.options}: the same file its image and the benchmarks use), else nothing.
     */
    public List<String> jvmOptions(Path checkout) {
        Path options = checkout.resolve(moduleDir).resolve("src/main/jvm/jvm.options");
        return Files.isRegularFile(options) ? List.of("@" + options) : List.of();
    }

    /** The Quarkus fast-jar of the service in a checkout. */
    public Path runJar(Path checkout) {
        return checkout.resolve(moduleDir).resolve("target/quarkus-app/quarkus-run.jar");
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    public String readinessUrl() {
        return baseUrl() + "/q/health/ready";
    }
}
