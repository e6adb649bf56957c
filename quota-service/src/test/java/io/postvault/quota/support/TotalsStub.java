package io.postvault.quota.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stands in for the totals endpoints of protocol-service and archive-service (their own modules; not servers of the
 * stack), so the gauge's REST clients talk real HTTP. A test sets the JSON a path answers with
 * {@code PUT /stub/<path>}; unset paths answer as the services do for an unknown domain or an empty archive.
 */
public class TotalsStub implements QuarkusTestResourceLifecycleManager {

    private static final Map<String, String> ANSWERS = new ConcurrentHashMap<>();
    private static volatile String url;
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", this::handle);
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort();
        return Map.of("quarkus.rest-client.protocol.url", url, "quarkus.rest-client.archive.url", url);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** Makes {@code path} answer {@code json} (through HTTP, so it works from the test's class loader too). */
    public static void answer(String stubUrl, String path, String json) {
        try {
            HttpResponse<Void> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(stubUrl + "/stub" + path)).PUT(HttpRequest.BodyPublishers.ofString(json)).build(),
                    HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() != 204) {
                throw new IllegalStateException("stub answered " + response.statusCode());
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        if (exchange.getRequestMethod().equals("PUT") && path.startsWith("/stub/")) {
            ANSWERS.put(path.substring("/stub".length()),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
            return;
        }
        String body = ANSWERS.get(path);
        int status = 200;
        if (body == null) {
            if (path.endsWith("/archive/totals")) {
                body = "{\"bytes\":0,\"count\":0}";
            } else if (path.endsWith("/accounts")) {
                body = "[]";
            } else {
                status = 404;
                body = "{\"status\":404}";
            }
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
