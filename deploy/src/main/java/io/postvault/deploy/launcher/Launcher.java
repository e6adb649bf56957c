package io.postvault.deploy.launcher;

import io.postvault.deploy.stack.LocalStack;
import io.postvault.deploy.stack.Processes;
import io.postvault.deploy.stack.StackComponent;
import io.postvault.deploy.stack.StackEndpoints;
import io.postvault.deploy.stack.StackException;
import io.postvault.deploy.stack.StackLayout;
import io.postvault.deploy.stack.StackOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * The local launcher behind {@code deploy/local/postvault}: {@code up [--infra]}, {@code down},
 * {@code status}. The checkout is {@code -Dpostvault.home} (or the working folder); state lives in
 * {@code POSTVAULT_VAR_DIR} (default {@code CHECKOUT/var}).
 */
public final class Launcher {

    static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(180);
    private static final String SERVICE_MARKER = "quarkus-run.jar";

    private final Path checkout;
    private final StackOptions options;
    private final List<ServiceDefinition> services;
    private final Map<String, String> env;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /**
     * @param checkout the source checkout holding the services' modules
     * @param options  the stack's state folder, ports and environment (overrides, admin token)
     * @param services the services to run
     * @param out      where to report
     */
    public Launcher(Path checkout, StackOptions options, List<ServiceDefinition> services, PrintStream out) {
        this.checkout = checkout;
        this.options = options;
        this.env = options.env();
        this.services = services;
        this.out = out;
    }

    public static void main(String[] args) {
        String command = args.length == 0 ? "help" : args[0];
        int rc;
        try {
            Launcher launcher = fromEnvironment(System.getenv());
            rc = switch (command) {
                case "up" -> launcher.up(List.of(args).contains("--infra"));
                case "down" -> launcher.down();
                case "status" -> launcher.status();
                default -> usage();
            };
        } catch (StackException e) {
            System.err.println("postvault: " + e.getMessage());
            rc = 1;
        }
        System.exit(rc);
    }

    private static Launcher fromEnvironment(Map<String, String> env) {
        Path checkout = Path.of(System.getProperty("postvault.home", ".")).toAbsolutePath().normalize();
        String var = env.get("POSTVAULT_VAR_DIR");
        Path varDir = var == null || var.isBlank() ? checkout.resolve("var") : Path.of(var).toAbsolutePath();
        int offset = portOffset(env.get("POSTVAULT_PORT_OFFSET"));
        return new Launcher(checkout, StackOptions.localDefaults(varDir).shiftedBy(offset).withEnv(env),
                ServiceDefinition.ALL.stream().map(s -> s.shiftedBy(offset)).toList(), System.out);
    }

    /** POSTVAULT_PORT_OFFSET moves every local port (a second stack beside a running one, as the e2e tests do). */
    static int portOffset(String value) {
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            int offset = Integer.parseInt(value.trim());
            if (offset < 0 || offset > 40000) {
                throw new NumberFormatException();
            }
            return offset;
        } catch (NumberFormatException e) {
            throw new StackException("POSTVAULT_PORT_OFFSET must be a whole number from 0 to 40000, not " + value);
        }
    }

    private static int usage() {
        System.err.println("usage: postvault up [--infra] | down | status | logs NAME [-f]");
        return 2;
    }

    private StackLayout layout() {
        return options.layout();
    }

    // ---------------------------------------------------------------- up

    public int up(boolean infraOnly) {
        long begin = System.nanoTime();
        layout().createDirectories();
        List<StackComponent> components = options.managedComponents();
        List<ServiceDefinition> wanted = infraOnly ? List.of() : services;

        List<String> running = new ArrayList<>();
        List<StackComponent> toStart = new ArrayList<>();
        for (StackComponent component : components) {
            Optional<Long> pid = component.runningPid();
            if (pid.isPresent()) {
                running.add(component.name() + " (pid " + pid.get() + ", port " + component.ports().get(0) + ")");
            } else {
                toStart.add(component);
            }
        }
        List<ServiceDefinition> servicesToStart = new ArrayList<>();
        List<String> notBuilt = new ArrayList<>();
        for (ServiceDefinition service : wanted) {
            Optional<ProcessHandle> handle = servicePid(service);
            if (handle.isPresent()) {
                running.add(service.name() + " (pid " + handle.get().pid() + ", port " + service.httpPort() + ")");
            } else if (!Files.isRegularFile(service.runJar(checkout))) {
                notBuilt.add(service.name());
            } else {
                servicesToStart.add(service);
            }
        }
        if (toStart.isEmpty() && servicesToStart.isEmpty()) {
            out.println("PostVault is already running: " + String.join(", ", running));
            if (!notBuilt.isEmpty()) {
                out.println("not built (no quarkus-run.jar): " + String.join(", ", notBuilt));
            }
            return 0;
        }
        if (!running.isEmpty()) {
            out.println("already running: " + String.join(", ", running));
        }
        for (ServiceDefinition service : servicesToStart) {
            Processes.requirePortFree(service.httpPort(), service.name() + " HTTP");
            service.otherPorts().forEach((variable, port) -> Processes.requirePortFree(port,
                    service.name() + " (" + variable + ")"));
        }

        if (!toStart.isEmpty()) {
            out.println("starting " + toStart.stream().map(StackComponent::name).collect(Collectors.joining(", ")) + " ...");
            LocalStack.startAll(toStart);
        }
        if (options.externalKafka()) {
            io.postvault.deploy.stack.KafkaBroker.createTopics(options.endpoints().kafkaBootstrap());
        }
        StackEndpoints endpoints = options.endpoints();
        for (Map.Entry<String, String> entry : endpoints.asEnvironment().entrySet()) {
            if (!entry.getKey().endsWith("PASSWORD") && !entry.getKey().endsWith("SECRET_KEY")) {
                out.println("  " + entry.getKey() + "=" + entry.getValue());
            }
        }

        int rc = 0;
        if (!servicesToStart.isEmpty()) {
            String token = adminToken();
            Map<String, String> serviceEnv = new LinkedHashMap<>(endpoints.asEnvironment());
            serviceEnv.put("POSTVAULT_ADMIN_TOKEN", token);
            // Where the gateway finds the others (their ports move with POSTVAULT_PORT_OFFSET).
            services.forEach(service -> serviceEnv.put("POSTVAULT_GATEWAY_SERVICES_"
                    + service.name().toUpperCase(Locale.ROOT).replace('-', '_'), service.baseUrl()));
            // Where the services find protocol-service's and archive-service's internal APIs (archive restore and
            // backup, quota-service's gauge, search-service's reindex).
            services.stream().filter(s -> s.name().equals("protocol-service") || s.name().equals("archive-service"))
                    .forEach(service -> serviceEnv.put("POSTVAULT_" + service.name().replace("-service", "")
                            .toUpperCase(Locale.ROOT) + "_URL", service.baseUrl()));
            out.println("starting " + servicesToStart.stream().map(ServiceDefinition::name)
                    .collect(Collectors.joining(", ")) + " ...");
            Map<ServiceDefinition, Process> processes = new LinkedHashMap<>();
            for (ServiceDefinition service : servicesToStart) {
                Map<String, String> envOf = new LinkedHashMap<>(serviceEnv);
                envOf.putAll(service.portEnvironment());
                List<String> command = new ArrayList<>(List.of(Processes.javaExecutable()));
                command.addAll(service.jvmOptions(checkout));
                command.addAll(List.of("-jar", service.runJar(checkout).toString()));
                processes.put(service, Processes.startDetached(command,
                        checkout.resolve(service.moduleDir()), envOf, layout().logFile(service.name()),
                        layout().pidFile(service.name())));
            }
            Map<ServiceDefinition, CompletableFuture<String>> health = new LinkedHashMap<>();
            processes.forEach((service, process) ->
                    health.put(service, CompletableFuture.supplyAsync(() -> awaitHealthy(service, process))));
            for (Map.Entry<ServiceDefinition, CompletableFuture<String>> entry : health.entrySet()) {
                String failure = entry.getValue().join();
                ServiceDefinition service = entry.getKey();
                if (failure == null) {
                    out.println("  " + service.name() + " UP on " + service.httpPort());
                } else {
                    rc = 1;
                    out.println("  " + service.name() + " FAILED: " + failure);
                    out.println("--- last lines of " + layout().logFile(service.name()) + " ---");
                    out.println(Processes.tail(layout().logFile(service.name()), 40));
                    out.println("---");
                }
            }
            out.println("admin token: " + token + (env.containsKey("POSTVAULT_ADMIN_TOKEN") ? " (POSTVAULT_ADMIN_TOKEN)"
                    : " (kept in " + layout().base().resolve("admin-token") + ")"));
        }
        if (!notBuilt.isEmpty()) {
            out.println("not started, not built (no quarkus-run.jar): " + String.join(", ", notBuilt));
        }
        out.printf("up took %.1f s%s%n", (System.nanoTime() - begin) / 1e9,
                rc == 0 ? "" : " — some services failed: see above, then postvault down");
        return rc;
    }

    /** Null when the service answers 200 on /q/health/ready, else why not. */
    private String awaitHealthy(ServiceDefinition service, Process process) {
        long deadline = System.nanoTime() + HEALTH_TIMEOUT.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                return "exited with code " + process.exitValue();
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(service.readinessUrl()))
                        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return null;
                }
                last = "health " + response.statusCode();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
            Processes.sleep(500);
        }
        return "not ready within " + HEALTH_TIMEOUT.toSeconds() + " s (" + last + ")";
    }

    /** POSTVAULT_ADMIN_TOKEN, else a random token generated once and kept in var/admin-token (mode 600). */
    String adminToken() {
        String fromEnv = env.get("POSTVAULT_ADMIN_TOKEN");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        Path file = layout().base().resolve("admin-token");
        try {
            if (Files.isRegularFile(file)) {
                String token = Files.readString(file).strip();
                if (!token.isEmpty()) {
                    return token;
                }
            }
            byte[] bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, token + "\n");
            return token;
        } catch (IOException e) {
            throw new StackException("cannot keep the admin token in " + file + ": " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- down

    public int down() {
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (ServiceDefinition service : services) {
            servicePid(service).ifPresent(handle -> {
                out.println("stopping " + service.name() + " (pid " + handle.pid() + ")");
                stops.add(CompletableFuture.runAsync(() -> Processes.terminate(handle, Duration.ofSeconds(20))));
            });
        }
        stops.forEach(CompletableFuture::join);
        for (ServiceDefinition service : services) {
            deleteQuietly(layout().pidFile(service.name()));
        }
        List<StackComponent> components = new ArrayList<>(options.managedComponents());
        java.util.Collections.reverse(components);
        for (StackComponent component : components) {
            Optional<Long> pid = component.runningPid();
            if (pid.isPresent()) {
                out.println("stopping " + component.name() + " (pid " + pid.get() + ")");
            }
            component.stop();
        }
        out.println("PostVault is down (data kept in " + layout().base() + ")");
        return 0;
    }

    // ---------------------------------------------------------------- status

    public int status() {
        out.printf("%-18s %-9s %-8s %-7s %s%n", "NAME", "STATE", "PID", "PORT", "HEALTH");
        for (StackComponent component : List.of(options.postgres(), options.kafka(), options.s3())) {
            boolean external = switch (component.name()) {
                case "postgres" -> options.externalDatabase();
                case "kafka" -> options.externalKafka();
                default -> options.externalS3();
            };
            if (external) {
                out.printf("%-18s %-9s %-8s %-7s %s%n", component.name(), "external", "-", "-", "");
                continue;
            }
            Optional<Long> pid = component.runningPid();
            out.printf("%-18s %-9s %-8s %-7s %s%n", component.name(), pid.isPresent() ? "running" : "stopped",
                    pid.map(String::valueOf).orElse("-"), component.ports().get(0), "");
        }
        for (ServiceDefinition service : services) {
            Optional<ProcessHandle> handle = servicePid(service);
            String health = handle.isPresent() ? health(service) : "";
            String state = handle.isPresent() ? "running"
                    : Files.isRegularFile(service.runJar(checkout)) ? "stopped" : "not built";
            out.printf("%-18s %-9s %-8s %-7s %s%n", service.name(), state,
                    handle.map(h -> String.valueOf(h.pid())).orElse("-"), service.httpPort(), health);
        }
        return 0;
    }

    private String health(ServiceDefinition service) {
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(service.readinessUrl()))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200 ? "UP" : "DOWN (" + response.statusCode() + ")";
        } catch (IOException e) {
            return "unreachable";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unreachable";
        }
    }

    private Optional<ProcessHandle> servicePid(ServiceDefinition service) {
        return Processes.fromPidFile(layout().pidFile(service.name()), SERVICE_MARKER)
                .filter(handle -> Processes.commandLine(handle).contains(service.runJar(checkout).toString()));
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // best effort
        }
    }
}
