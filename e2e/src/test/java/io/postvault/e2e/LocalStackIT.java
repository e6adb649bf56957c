package io.postvault.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.postvault.deploy.stack.Processes;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's run command, as a user runs it: {@code deploy/local/postvault up} brings up PostgreSQL, Kafka, S3 and the
 * five services, every readiness endpoint answers UP, and {@code down} leaves no process behind. It runs beside any
 * stack a developer has running: its own state folder and every port moved by POSTVAULT_PORT_OFFSET.
 */
class LocalStackIT {

    private static final Path CHECKOUT = Path.of("..").toAbsolutePath().normalize();
    private static final Path SCRIPT = CHECKOUT.resolve("deploy/local/postvault");
    private static final Map<String, Integer> SERVICE_PORTS = Map.of("gateway", 8080, "protocol-service", 8081,
            "archive-service", 8082, "quota-service", 8083, "search-service", 8084);
    private static final List<Integer> INFRA_PORTS = List.of(15432, 19092, 19093, 19000);

    private static Path varDir;
    private static int offset;

    @BeforeAll
    static void chooseStateAndPorts() throws IOException {
        varDir = Files.createTempDirectory("postvault-e2e-");
        Processes.makeTraversable(varDir);
        offset = IntStream.iterate(20000, o -> o + 97).limit(50).filter(LocalStackIT::allPortsFree).findFirst()
                .orElseThrow(() -> new IllegalStateException("no free port range for the e2e stack"));
    }

    @AfterAll
    static void alwaysDown() throws Exception {
        run("down");
    }

    @Test
    void upStartsEverythingReadyAndDownLeavesNothingBehind() throws Exception {
        Result up = run("up");
        assertThat(up.exitCode()).as(up.output()).isZero();
        assertThat(up.output()).contains("up took", "admin token: e2e-admin-token");

        HttpClient http = HttpClient.newHttpClient();
        for (var service : SERVICE_PORTS.entrySet()) {
            HttpResponse<String> ready = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + (service.getValue() + offset) + "/q/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).as(service.getKey() + ": " + ready.body()).isEqualTo(200);
            assertThat(ready.body()).as(service.getKey()).contains("\"status\": \"UP\"");
        }

        HttpResponse<String> services = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + (8080 + offset) + "/api/v1/system/services"))
                .header("Authorization", "Bearer e2e-admin-token").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(services.statusCode()).isEqualTo(200);
        assertThat(services.body()).as("the gateway reaches every internal service")
                .doesNotContain("UNREACHABLE", "DOWN").contains("protocol-service", "search-service");

        Result status = run("status");
        assertThat(status.output()).contains("postgres", "kafka", "s3");
        SERVICE_PORTS.keySet().forEach(name -> assertThat(status.output()).containsPattern(name + " +running .* UP"));

        Result again = run("up");
        assertThat(again.output()).contains("already running");

        List<Long> pids = runningPids();
        assertThat(pids).hasSize(8);

        Result down = run("down");
        assertThat(down.exitCode()).as(down.output()).isZero();
        for (long pid : pids) {
            assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("process %d after down", pid).isEmpty();
        }
        assertThat(allPortsFree(offset)).as("every port free after down").isTrue();
    }

    private static List<Long> runningPids() throws IOException {
        try (Stream<Path> files = Files.list(varDir.resolve("run"))) {
            return files.filter(f -> f.toString().endsWith(".pid")).map(LocalStackIT::readPid).toList();
        }
    }

    private static long readPid(Path file) {
        try {
            return Long.parseLong(Files.readString(file).trim());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean allPortsFree(int offset) {
        return Stream.concat(SERVICE_PORTS.values().stream(), INFRA_PORTS.stream())
                .allMatch(port -> portFree(port + offset));
    }

    private static boolean portFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(String... args) throws Exception {
        List<String> command = Stream.concat(Stream.of(SCRIPT.toString()), Stream.of(args)).toList();
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("POSTVAULT_VAR_DIR", varDir.toString());
        builder.environment().put("POSTVAULT_PORT_OFFSET", Integer.toString(offset));
        builder.environment().put("POSTVAULT_ADMIN_TOKEN", "e2e-admin-token");
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
        }
        String text = new String(output, StandardCharsets.UTF_8);
        System.out.println("$ postvault " + String.join(" ", args) + "\n" + text);
        return new Result(process.exitValue(), text);
    }
}
