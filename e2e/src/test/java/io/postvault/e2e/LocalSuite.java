package io.postvault.e2e;

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

/**
 * The whole suite as a user runs it, through the README's run command {@code deploy/local/postvault}: its own state
 * folder and every port moved by POSTVAULT_PORT_OFFSET, so it runs beside any stack a developer has running.
 */
final class LocalSuite {

    static final String ADMIN_TOKEN = "e2e-admin-token";
    private static final Path CHECKOUT = Path.of("..").toAbsolutePath().normalize();
    private static final Path SCRIPT = CHECKOUT.resolve("deploy/local/postvault");
    /** Every local port of the suite before the offset: services, mail, infrastructure. */
    static final Map<String, Integer> SERVICE_PORTS = Map.of("gateway", 8080, "protocol-service", 8081,
            "archive-service", 8082, "quota-service", 8083, "search-service", 8084);
    private static final List<Integer> OTHER_PORTS = List.of(1143, 1993, 1024, 1110, 1995, 1587, 1465, 15432, 19092, 19093, 19000);

    final Path varDir;
    final int offset;
    private final HttpClient http = HttpClient.newHttpClient();

    private LocalSuite(Path varDir, int offset) {
        this.varDir = varDir;
        this.offset = offset;
    }

    /**
     * A state folder and a port offset at which every port is free. The offsets keep every port (the highest is
     * Kafka's controller, 19093) below the kernel's ephemeral range (32768 up on Linux), where outgoing connections
     * could take a port between this check and the bind (seen: Kafka failing to bind 39092 at offset 20000).
     */
    static LocalSuite prepare() throws IOException {
        Path varDir = Files.createTempDirectory("postvault-e2e-");
        Processes.makeTraversable(varDir);
        int offset = IntStream.iterate(10000, o -> o + 97).limit(35).filter(LocalSuite::allPortsFree).findFirst()
                .orElseThrow(() -> new IllegalStateException("no free port range for the e2e suite"));
        return new LocalSuite(varDir, offset);
    }

    int port(int localPort) {
        return localPort + offset;
    }

    record Result(int exitCode, String output) {
    }

    Result run(String... args) throws Exception {
        List<String> command = Stream.concat(Stream.of(SCRIPT.toString()), Stream.of(args)).toList();
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("POSTVAULT_VAR_DIR", varDir.toString());
        builder.environment().put("POSTVAULT_PORT_OFFSET", Integer.toString(offset));
        builder.environment().put("POSTVAULT_ADMIN_TOKEN", ADMIN_TOKEN);
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
        }
        String text = new String(output, StandardCharsets.UTF_8);
        System.out.println("$ postvault " + String.join(" ", args) + "\n" + text);
        return new Result(process.exitValue(), text);
    }

    HttpResponse<String> get(int localPort, String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(localPort, path));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<byte[]> getBytes(int localPort, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(localPort, path)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<String> postJson(int localPort, String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(localPort, path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A call of the gateway's public API as the platform admin; {@code json} null sends no body. */
    HttpResponse<byte[]> gateway(String method, String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(SERVICE_PORTS.get("gateway"), path))
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private URI uri(int localPort, String path) {
        return URI.create("http://127.0.0.1:" + port(localPort) + path);
    }

    List<Long> runningPids() throws IOException {
        try (Stream<Path> files = Files.list(varDir.resolve("run"))) {
            return files.filter(f -> f.toString().endsWith(".pid")).map(LocalSuite::readPid).toList();
        }
    }

    boolean allPortsFree() {
        return allPortsFree(offset);
    }

    private static long readPid(Path file) {
        try {
            return Long.parseLong(Files.readString(file).trim());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean allPortsFree(int offset) {
        return Stream.concat(SERVICE_PORTS.values().stream(), OTHER_PORTS.stream())
                .allMatch(port -> portFree(port + offset));
    }

    private static boolean portFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
