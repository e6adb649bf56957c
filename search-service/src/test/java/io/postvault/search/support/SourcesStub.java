package io.postvault.search.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.postvault.search.support.TestMail.Account;
import io.postvault.search.support.TestMail.Blob;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Stands in for the internal REST APIs a reindex reads (protocol-service's account and live-store listings,
 * archive-service's archive listing, their bytes): a real HTTP server on loopback, serving what a test put in it,
 * paged one message at a time. The two services are other modules and cannot run inside this service's tests.
 *
 * <p>As a test resource it only reserves the port and points the service at it (one page = one message); the test
 * starts the server itself ({@link #serve()}), so that its state lives in the test's class loader.
 */
public class SourcesStub implements QuarkusTestResourceLifecycleManager {

    private static final String PORT = "postvault.test.sources-port";
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final Map<String, List<Map<String, Object>>> accountsByDomain = new ConcurrentHashMap<>();
    private final Map<String, List<Map<String, Object>>> liveByAddress = new ConcurrentHashMap<>();
    private final Map<String, List<Map<String, Object>>> archiveByAddress = new ConcurrentHashMap<>();
    private final Map<String, byte[]> bytes = new ConcurrentHashMap<>();
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.setProperty(PORT, Integer.toString(port));
        String url = "http://127.0.0.1:" + port;
        return Map.of("postvault.search.sources.protocol-url", url, "postvault.search.sources.archive-url", url,
                "postvault.search.sources.page-size", "1");
    }

    @Override
    public void stop() {
    }

    /** Starts the stub on the port reserved for it. */
    public static SourcesStub serve() {
        SourcesStub stub = new SourcesStub();
        try {
            stub.server = HttpServer.create(new InetSocketAddress("127.0.0.1",
                    Integer.parseInt(System.getProperty(PORT))), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        stub.server.createContext("/", stub::handle);
        stub.server.setExecutor(Executors.newCachedThreadPool());
        stub.server.start();
        return stub;
    }

    public void stopServer() {
        server.stop(0);
    }

    /** Byte requests wait until {@link #release()} (a reindex then stays in progress). */
    public void hold() {
        gate = new CountDownLatch(1);
    }

    public void release() {
        gate.countDown();
    }

    /** protocol-service knows {@code account}, with its live messages counted. */
    public void account(Account account) {
        accountsByDomain.computeIfAbsent(account.domain(), d -> new ArrayList<>()).add(Map.of("id", account.id(),
                "address", account.address(), "domain", account.domain(), "messageCount",
                (long) liveByAddress.getOrDefault(account.address(), List.of()).size()));
    }

    /** A live message of {@code account}. Call before {@link #account}. */
    public void live(Account account, String folder, long uid, Blob blob, Instant date) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("address", account.address());
        m.put("folder", folder);
        m.put("uidValidity", 7L);
        m.put("uid", uid);
        m.put("blobId", blob.id());
        m.put("size", (long) blob.bytes().length);
        m.put("internalDate", date);
        m.put("flags", List.of("\\Seen"));
        liveByAddress.computeIfAbsent(account.address(), a -> new ArrayList<>()).add(m);
        bytes.put("/internal/accounts/" + account.address() + "/blobs/" + blob.id(), blob.bytes());
    }

    /** An archive entry of {@code account}, archived by event {@code sourceEvent}; returns its archive id. */
    public UUID archived(Account account, UUID sourceEvent, Blob blob, Instant date) {
        UUID id = UUID.randomUUID();
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("id", id);
        e.put("accountId", account.id());
        e.put("address", account.address());
        e.put("domain", account.domain());
        e.put("direction", "RECEIVED");
        e.put("originFolder", "INBOX");
        e.put("reason", "IMAP_EXPUNGE");
        e.put("removedAt", date.plusSeconds(60));
        e.put("internalDate", date);
        e.put("size", (long) blob.bytes().length);
        e.put("hasAttachments", false);
        e.put("blobId", blob.id());
        e.put("sourceEventId", sourceEvent);
        e.put("archivedAt", date.plusSeconds(61));
        archiveByAddress.computeIfAbsent(account.address(), a -> new ArrayList<>()).add(e);
        bytes.put("/internal/accounts/" + account.address() + "/archive/" + id + "/raw", blob.bytes());
        return id;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = URLDecoder.decode(exchange.getRequestURI().getRawPath(), StandardCharsets.UTF_8);
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        String[] parts = path.split("/");
        try {
            if (path.matches("/internal/domains/[^/]+/accounts")) {
                List<Map<String, Object>> accounts = accountsByDomain.get(parts[3]);
                respond(exchange, accounts == null ? 404 : 200, accounts == null ? Map.of("status", 404) : accounts);
            } else if (path.matches("/internal/accounts/[^/]+/messages")) {
                List<Map<String, Object>> all = liveByAddress.getOrDefault(parts[3], List.of());
                int from = query.containsKey("after") ? Integer.parseInt(query.get("after")) : 0;
                Map<String, Object> page = new LinkedHashMap<>();
                page.put("messages", all.subList(Math.min(from, all.size()), Math.min(from + 1, all.size())));
                page.put("next", from + 1 < all.size() ? Integer.toString(from + 1) : null);
                respond(exchange, 200, page);
            } else if (path.matches("/internal/accounts/[^/]+/archive/totals")) {
                respond(exchange, 200, Map.of("bytes", 0, "count", archiveByAddress.getOrDefault(parts[3],
                        List.of()).size()));
            } else if (path.matches("/internal/accounts/[^/]+/archive")) {
                List<Map<String, Object>> all = archiveByAddress.getOrDefault(parts[3], List.of());
                int from = query.containsKey("cursor") ? Integer.parseInt(query.get("cursor")) : 0;
                Map<String, Object> page = new LinkedHashMap<>();
                page.put("items", all.subList(Math.min(from, all.size()), Math.min(from + 1, all.size())));
                page.put("nextCursor", from + 1 < all.size() ? Integer.toString(from + 1) : null);
                respond(exchange, 200, page);
            } else if (bytes.containsKey(path)) {
                if (!gate.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the stub was held for a minute");
                }
                byte[] body = bytes.get(path);
                exchange.getResponseHeaders().set("Content-Type", "message/rfc822");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            } else {
                respond(exchange, 404, Map.of("status", 404, "detail", "no " + path));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.sendResponseHeaders(503, -1);
        } finally {
            exchange.close();
        }
    }

    private static void respond(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] json = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", status == 200 ? "application/json"
                : "application/problem+json");
        exchange.sendResponseHeaders(status, json.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(json);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> params = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    params.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return params;
    }
}
