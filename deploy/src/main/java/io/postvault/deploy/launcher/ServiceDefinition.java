package io.postvault.deploy.launcher;

import java.nio.file.Path;
import java.util.List;

/** A PostVault service the launcher runs: its name (= log and pid file name), module folder, HTTP port. */
public record ServiceDefinition(String name, String moduleDir, int httpPort) {

    /** The five services, in the order they are listed. */
    public static final List<ServiceDefinition> ALL = List.of(
            new ServiceDefinition("gateway", "gateway", 8080),
            new ServiceDefinition("protocol-service", "protocol-service", 8081),
            new ServiceDefinition("archive-service", "archive-service", 8082),
            new ServiceDefinition("quota-service", "quota-service", 8083),
            new ServiceDefinition("search-service", "search-service", 8084));

    /** The same service with its port moved by {@code offset} (POSTVAULT_PORT_OFFSET: a second stack beside the first). */
    public ServiceDefinition shiftedBy(int offset) {
        return new ServiceDefinition(name, moduleDir, httpPort + offset);
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
