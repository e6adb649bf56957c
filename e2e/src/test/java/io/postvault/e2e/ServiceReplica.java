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
import java.util.concurrent.TimeUnit;

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
    private final Map<String, String> env;
    private final Path base;
    private Process process;

    private ServiceReplica(String name, ServiceDefinition definition, Map<String, String> env, Path base) {
        this.name = name;
        this.definition = definition;
        this.env = env;
        this.base = base;
        this.log = base.resolve(name + ".log");
        this.process = launch();
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
        return new ServiceReplica(name, definition, env, base);
    }

    private Process launch() {
        return Processes.startDetached(List.of(Processes.javaExecutable(), "-Xmx384m", "-XX:TieredStopAtLevel=1",
                        "-XX:+UseSerialGC", "-jar", definition.runJar(CHECKOUT).toString()),
                CHECKOUT.resolve(definition.moduleDir()), env, log, base.resolve(name + ".pid"));
    }

    /** SIGKILL: no shutdown hook, nothing flushed, as a crash of the pod. */
    void kill() throws InterruptedException {
        process.toHandle().destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as(name + " died").isTrue();
    }

    /** Starts the replica again, stopped or killed, on the same ports, environment and data; does not wait. */
    void restart() {
        assertThat(process.isAlive()).as(name + " is still running").isFalse();
        process = launch();
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
