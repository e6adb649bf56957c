package io.postvault.archive.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * A stand-in for protocol-service's live-store API (the real one is exercised end to end in e2e's ArchiveStoriesIT):
 * accounts with folders and live messages, the paged listing, the blob endpoint, and an append that honours
 * {@code Idempotency-Key} and answers 404 (unknown account or folder) and 507 (account marked full) as protocol-service
 * does. Every append request is recorded. Global for the test JVM, so adding it restarts nothing.
 */
public class StubLiveStore implements QuarkusTestResourceLifecycleManager {

    /** One live message; {@code bytes} as stored. */
    public record Live(String folder, long uid, byte[] bytes, Instant internalDate, List<String> flags) {
    }

    /** One append request as received. */
    public record AppendRequest(String address, String folder, String internalDate, String idempotencyKey,
                                byte[] body) {
    }

    /** An account of the stub: its folders, its live messages, and whether it is over quota. */
    public static final class StubAccount {
        final Set<String> folders = ConcurrentHashMap.newKeySet();
        public final List<Live> messages = new CopyOnWriteArrayList<>();
        final Map<String, String> appendedByKey = new ConcurrentHashMap<>();
        volatile boolean full;
        long nextUid = 100;

        public StubAccount full() {
            full = true;
            return this;
        }

        public StubAccount add(Live message) {
            messages.add(message);
            return this;
        }
    }

    private static final Map<String, StubAccount> ACCOUNTS = new ConcurrentHashMap<>();
    public static final List<AppendRequest> APPENDS = new CopyOnWriteArrayList<>();
    private HttpServer server;

    public static StubAccount account(String address, String... folders) {
        StubAccount account = new StubAccount();
        account.folders.addAll(List.of(folders));
        ACCOUNTS.put(address, account);
        return account;
    }

    public static List<AppendRequest> appendsTo(String address) {
        return APPENDS.stream().filter(a -> a.address().equals(address)).toList();
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/internal/accounts/", this::handle);
        server.start();
        return Map.of("postvault.archive.live-store.url", "http://127.0.0.1:" + server.getAddress().getPort(),
                "postvault.archive.live-store.page-size", "2");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String[] path = exchange.getRequestURI().getRawPath().substring("/internal/accounts/".length()).split("/");
            String address = URLDecoder.decode(path[0], StandardCharsets.UTF_8);
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            StubAccount account = ACCOUNTS.get(address);
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (account == null) {
                problem(exchange, 404, "not-found", "no account " + address);
            } else if (path[1].equals("blobs")) {
                blob(exchange, account, path[2]);
            } else if (exchange.getRequestMethod().equals("GET")) {
                listing(exchange, account, query);
            } else {
                append(exchange, address, account, query, body);
            }
        }
    }

    private static void listing(HttpExchange exchange, StubAccount account, Map<String, String> query)
            throws IOException {
        int from = query.containsKey("after") ? Integer.parseInt(query.get("after")) : 0;
        int limit = Integer.parseInt(query.getOrDefault("limit", "500"));
        List<Live> page = account.messages.subList(Math.min(from, account.messages.size()),
                Math.min(from + limit, account.messages.size()));
        String next = from + limit < account.messages.size() ? "\"" + (from + limit) + "\"" : "null";
        String items = page.stream().map(m -> String.format(
                "{\"folder\":\"%s\",\"uidValidity\":1700000000,\"uid\":%d,\"blobId\":\"%s\",\"size\":%d,"
                        + "\"internalDate\":\"%s\",\"flags\":[%s],\"summary\":{\"subject\":\"ignored\"}}",
                m.folder(), m.uid(), TestMail.blob(m.bytes()).id(), m.bytes().length, m.internalDate(),
                m.flags().stream().map(f -> "\"" + f.replace("\\", "\\\\") + "\"").collect(Collectors.joining(","))))
                .collect(Collectors.joining(","));
        json(exchange, 200, "{\"messages\":[" + items + "],\"next\":" + next + "}");
    }

    private static void blob(HttpExchange exchange, StubAccount account, String blobId) throws IOException {
        for (Live m : account.messages) {
            if (TestMail.blob(m.bytes()).id().equals(blobId)) {
                exchange.getResponseHeaders().set("Content-Type", "message/rfc822");
                exchange.sendResponseHeaders(200, m.bytes().length);
                exchange.getResponseBody().write(m.bytes());
                return;
            }
        }
        problem(exchange, 404, "not-found", "no live message with blob " + blobId);
    }

    private static void append(HttpExchange exchange, String address, StubAccount account, Map<String, String> query,
            byte[] body) throws IOException {
        String folder = query.getOrDefault("folder", "INBOX");
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        APPENDS.add(new AppendRequest(address, folder, query.get("internalDate"), key, body));
        synchronized (account) {
            if (key != null && account.appendedByKey.containsKey(key)) {
                json(exchange, 201, account.appendedByKey.get(key));
            } else if (!account.folders.contains(folder)) {
                problem(exchange, 404, "not-found", "no folder " + folder);
            } else if (account.full) {
                problem(exchange, 507, "over-quota", "the domain's quota is full");
            } else {
                long uid = account.nextUid++;
                account.messages.add(new Live(folder, uid, body, Instant.parse(query.get("internalDate")), List.of()));
                String result = String.format("{\"folder\":\"%s\",\"uidValidity\":1700000000,\"uid\":%d,"
                        + "\"blobId\":\"%s\",\"size\":%d}", folder, uid, TestMail.blob(body).id(), body.length);
                if (key != null) {
                    account.appendedByKey.put(key, result);
                }
                json(exchange, 201, result);
            }
        }
    }

    private static void problem(HttpExchange exchange, int status, String type, String detail) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/problem+json");
        send(exchange, status, "{\"type\":\"https://postvault.io/problems/" + type + "\",\"title\":\"" + type
                + "\",\"status\":" + status + ",\"detail\":\"" + detail + "\"}");
    }

    private static void json(HttpExchange exchange, int status, String body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        send(exchange, status, body);
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                query.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return query;
    }
}
