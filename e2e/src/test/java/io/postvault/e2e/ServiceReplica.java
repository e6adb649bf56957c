package io.postvault.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.postvault.deploy.launcher.ServiceDefinition;
import io.postvault.deploy.stack.Processes;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One replica of a service started from its packaged {@code quarkus-run.jar} as the launcher starts it, on its own free
 * ports (HTTP and every other port of its {@link ServiceDefinition}), against a shared stack: several replicas of the
 * same service run side by side as they would on Kubernetes.
 */
final class ServiceReplica implements AutoCloseable {

    private static final Path CHECKOUT = Path.of("..").toAbsolutePath().normalize();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    final String name;
    final ServiceDefinition definition;
    final Path log;
    private final Process process;

    private ServiceReplica(String name, ServiceDefinition definition, Path log, Process process) {
        this.name = name;
        this.definition = definition;
        this.log = log;
        this.process = process;
    }

    /** Starts replica {@code name} of {@code service} (a name of {@link ServiceDefinition#ALL}); does not wait. */
    static ServiceReplica start(String service, String name, Map<String, String> stackEnv, Map<String, String> extraEnv,
            Path base) {
        ServiceDefinition template = ServiceDefinition.ALL.stream().filter(s -> s.name().equals(service)).findFirst()
                .orElseThrow();
        int[] ports = Processes.freePorts(1 + template.otherPorts().size());
        Map<String, Integer> otherPorts = new LinkedHashMap<>();
        int next = 1;
        for (String variable : template.otherPorts().keySet()) {
            otherPorts.put(variable, ports[next++]);
        }
        ServiceDefinition definition = new ServiceDefinition(service, template.moduleDir(), ports[0], otherPorts);
        Path jar = definition.runJar(CHECKOUT);
        assertThat(jar).as("package " + service + " first (the reactor builds it before e2e)").isRegularFile();
        Map<String, String> env = new LinkedHashMap<>(stackEnv);
        env.putAll(definition.portEnvironment());
        env.putAll(extraEnv);
        Path log = base.resolve(name + ".log");
        Process process = Processes.startDetached(List.of(Processes.javaExecutable(), "-Xmx384m",
                        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar.toString()), CHECKOUT.resolve(template.moduleDir()), env,
                log, base.resolve(name + ".pid"));
        return new ServiceReplica(name, definition, log, process);
    }

    /** Waits until {@code /q/health/ready} answers 200. */
    ServiceReplica awaitReady() {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(300)).until(() -> {
            assertThat(process.isAlive()).as(() -> name + " exited:\n" + Processes.tail(log, 40)).isTrue();
            try {
                return HTTP.send(HttpRequest.newBuilder(URI.create(definition.readinessUrl())).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
        return this;
    }

    int port(String variable) {
        return definition.otherPorts().get(variable);
    }

    String baseUrl() {
        return definition.baseUrl();
    }

    /** SIGTERM and wait: the service shuts down as Kubernetes stops a pod. */
    @Override
    public void close() {
        if (process.isAlive()) {
            Processes.terminate(process.toHandle(), Duration.ofSeconds(30));
        }
    }
}
