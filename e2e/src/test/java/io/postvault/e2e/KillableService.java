package io.postvault.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.postvault.deploy.stack.LocalStack;
import io.postvault.deploy.stack.Processes;
import io.postvault.deploy.stack.StackOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One service JVM on a local stack of its own, for the {@code kill -9} tests: started from its packaged jar with every
 * port free and its own (so that nothing running beside the test can make it fail to bind), killed, started again on
 * the same ports and data. Close it to stop the service and the stack and delete their folder.
 */
final class KillableService implements AutoCloseable {

    private static final Path CHECKOUT = Path.of("..").toAbsolutePath().normalize();
    /** The ports protocol-service listens on besides HTTP. */
    private static final List<String> MAIL_PORTS = List.of("POSTVAULT_LMTP_PORT", "POSTVAULT_POP3_PORT",
            "POSTVAULT_POP3_TLS_PORT", "POSTVAULT_IMAP_PORT", "POSTVAULT_IMAP_TLS_PORT", "POSTVAULT_SUBMISSION_PORT",
            "POSTVAULT_SUBMISSION_TLS_PORT");

    private final String module;
    private final Path base;
    private final LocalStack stack;
    private final Map<String, String> env;
    private final int httpPort;
    private final HttpClient http = HttpClient.newHttpClient();
    private Process process;

    private KillableService(String module, Path base, LocalStack stack) {
        this.module = module;
        this.base = base;
        this.stack = stack;
        this.env = new LinkedHashMap<>(stack.endpoints().asEnvironment());
        int[] ports = Processes.freePorts(1 + MAIL_PORTS.size());
        this.httpPort = ports[0];
        env.put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
        if (module.equals("protocol-service")) {
            for (int i = 0; i < MAIL_PORTS.size(); i++) {
                env.put(MAIL_PORTS.get(i), Integer.toString(ports[i + 1]));
            }
        }
    }

    /** Starts a local stack for {@code module} (e.g. "archive-service"); the service itself waits for {@link #start}. */
    static KillableService onItsOwnStack(String module) throws IOException {
        assertThat(runJar(module)).as("package " + module + " first (the reactor builds it before e2e)")
                .isRegularFile();
        Path base = Files.createTempDirectory("postvault-" + module + "-crash-");
        Processes.makeTraversable(base);
        return new KillableService(module, base, LocalStack.start(StackOptions.randomPorts(base)));
    }

    private static Path runJar(String module) {
        return CHECKOUT.resolve(module + "/target/quarkus-app/quarkus-run.jar");
    }

    LocalStack stack() {
        return stack;
    }

    /** The service's environment: add settings before {@link #start}. */
    Map<String, String> env() {
        return env;
    }

    int httpPort() {
        return httpPort;
    }

    /** A port the service was given, by its variable (e.g. POSTVAULT_LMTP_PORT). */
    int port(String variable) {
        return Integer.parseInt(env.get(variable));
    }

    /** Starts the service and waits until it is ready. */
    void start() {
        process = Processes.startDetached(List.of(Processes.javaExecutable(), "-jar", runJar(module).toString()),
                CHECKOUT.resolve(module), env, base.resolve(module + ".log"), base.resolve(module + ".pid"));
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> {
            assertThat(process.isAlive()).as(() -> module + " exited:\n"
                    + Processes.tail(base.resolve(module + ".log"), 40)).isTrue();
            try {
                return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/q/health/ready"))
                        .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
    }

    /** SIGKILL: no shutdown hook, no flush, as a crash. */
    void kill() throws InterruptedException {
        process.toHandle().destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as(module + " died").isTrue();
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            Processes.terminate(process.toHandle(), Duration.ofSeconds(20));
        }
        stack.close();
        Processes.deleteTree(base);
    }
}
