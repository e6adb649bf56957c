package io.postvault.gateway.upstream;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The internal services as seen by the gateway: a tiny Vert.x HTTP server answering canned
 * responses. The real services are Quarkus applications that need PostgreSQL, Kafka and S3 of their own; each canned
 * answer below copies what the real endpoint answers (the class and method are named beside it), byte shapes
 * included: Jackson's field names of the returned records, and their problem+json documents.
 *
 * <p>Special names: {@code down.example} (and account {@code down@example.com}) closes the connection without an
 * answer, as a crashed service does; {@code flaky.example} answers 503 on every odd call and 200 on every even one;
 * {@code html.example} answers a 500 that is not a problem document; {@code slow.example} never answers; the raw
 * message of {@link #HELD_ID} stops after its first chunk until {@code POST /__stub/release}; account
 * {@code missing@...} does not exist; {@code nobody@...} never logs in.
 * The backup of {@code held@...} stops after its first half the same way. search-service's reindex answers 202 with
 * {@link #TASK_ID} and then 409 while that task runs; {@code POST /__stub/finish-task} makes it succeed.
 * Shared accounts' rights: see {@link #sharedAccess}.
 * {@code GET /__stub/hits?path=P} tells how many requests reached P, the last query string and the last body sent;
 * {@code ?containing=S} how many reached any path containing S.
 */
public class UpstreamStubs implements QuarkusTestResourceLifecycleManager {

    static final String PROBLEMS = "https://postvault.io/problems/";
    /** The password of every account at the stub's login. */
    public static final String PASSWORD = "correct horse battery";
    public static final String ENTRY_ID = "0190f5b2-7c1a-7d3e-9a4b-1c2d3e4f5a6b";
    public static final String MISSING_ID = "0190f5b2-0000-7000-8000-000000000000";
    /** The raw message of this entry stops after its first chunk until {@code POST /__stub/release}. */
    public static final String HELD_ID = "0190f5b2-7c1a-7d3e-9a4b-00000000beef";
    /** The reindex task search-service's stub starts. */
    public static final String TASK_ID = "0190f5b2-7c1a-7d3e-9a4b-0000000000aa";

    private Vertx vertx;
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final Map<String, String> lastQuery = new ConcurrentHashMap<>();
    private final Map<String, String> lastBody = new ConcurrentHashMap<>();
    /** Held raw answers, each resumed on its own connection's event loop. */
    private final java.util.Queue<Runnable> held = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** Whether the reindex task runs (started and not finished). */
    private final java.util.concurrent.atomic.AtomicBoolean reindexing = new java.util.concurrent.atomic.AtomicBoolean();

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        HttpServer server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            try {
                handle(request, body);
            } catch (RuntimeException e) {
                request.response().setStatusCode(599).end(e.toString());
            }
        }));
        int port;
        try {
            port = server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS)
                    .actualPort();
        } catch (Exception e) {
            throw new IllegalStateException("the upstream stub did not start", e);
        }
        String url = "http://127.0.0.1:" + port;
        return Map.of(
                "postvault.gateway.services.protocol-service", url,
                "postvault.gateway.services.archive-service", url,
                "postvault.gateway.services.quota-service", url,
                "postvault.gateway.services.search-service", url,
                "postvault.gateway.upstream.retry-delay", "10ms",
                "postvault.gateway.upstream.read-timeout", "3s",
                "postvault.test.stub-url", url);
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
        }
    }

    private void handle(HttpServerRequest request, Buffer body) {
        String path = URI.create(request.uri()).getPath(); // decoded
        HttpServerResponse response = request.response();
        if (path.equals("/__stub/hits") && request.getParam("containing") != null) {
            String part = request.getParam("containing");
            int count = hits.entrySet().stream().filter(e -> e.getKey().contains(part))
                    .mapToInt(e -> e.getValue().get()).sum();
            json(response, 200, new JsonObject().put("count", count).encode());
            return;
        }
        if (path.equals("/__stub/hits")) {
            String of = request.getParam("path");
            AtomicInteger count = hits.get(of);
            json(response, 200, new JsonObject().put("count", count == null ? 0 : count.get())
                    .put("query", lastQuery.getOrDefault(of, "")).put("body", lastBody.getOrDefault(of, ""))
                    .encode());
            return;
        }
        if (path.equals("/__stub/release")) {
            for (Runnable waiting; (waiting = held.poll()) != null; ) {
                waiting.run();
            }
            response.setStatusCode(204).end();
            return;
        }
        if (path.equals("/__stub/finish-task")) {
            reindexing.set(false);
            response.setStatusCode(204).end();
            return;
        }
        int hit = hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        lastQuery.put(path, request.query() == null ? "" : request.query());
        if (body.length() > 0) {
            lastBody.put(path, body.toString()); // a GET after a POST leaves the POST's body to read
        }
        if (path.equals("/q/health/ready")) {
            json(response, 200, "{\"status\":\"UP\",\"checks\":[]}");
            return;
        }
        if (path.contains("down.example") || path.contains("down@example.com")
                || body.toString().contains("down.example")) {
            request.connection().close(); // a crashed service: no answer at all
            return;
        }
        if (path.contains("slow.example")) {
            return; // never answers: the gateway's read timeout must end the wait
        }
        if (path.contains("html.example")) {
            response.setStatusCode(500).putHeader("Content-Type", "text/html").end("<html><body>boom</body></html>");
            return;
        }
        if (path.equals("/internal/logins")) {
            login(new JsonObject(body), response);
        } else if (path.endsWith("/history") && !path.endsWith("/usage/history")) {
            search(request, path, response);
        } else if (path.endsWith("/plan") || path.endsWith("/usage") || path.endsWith("/usage/history")) {
            quota(request, path, body.toString(), response);
        } else if (path.startsWith("/internal/domains")) {
            protocol(request.method(), path, body.toString(), hit, response);
        } else if (path.equals("/internal/admin/reindex") || path.startsWith("/internal/tasks/")) {
            tasks(request.method(), path, response);
        } else if (path.startsWith("/internal/accounts/") && path.matches("/internal/accounts/[^/]+/acl(/[^/]+)?")) {
            sharedAccess(request.method(), path, body.toString(), response);
        } else if (path.startsWith("/internal/accounts/") && path.endsWith("/backup")) {
            backup(path, response);
        } else if (path.startsWith("/internal/accounts/")) {
            archive(request, path, body.toString(), response);
        } else {
            response.setStatusCode(404).putHeader("Content-Type", "text/plain").end("Resource not found");
        }
    }

    /** protocol-service: io.postvault.protocol.rest.DomainResource and AccountResource. */
    private static void protocol(HttpMethod method, String path, String body, int hit, HttpServerResponse response) {
        String[] p = path.substring("/internal/domains".length()).split("/");
        // p[0] "", p[1] domain, p[2] "accounts", p[3] localPart, p[4] "password"
        if (p.length <= 1 && method == HttpMethod.POST) {
            // DomainResource.create -> AccountService.createDomain: 201 + Domain; 409 when it exists
            String name = new JsonObject(body).getString("name");
            if (name.equals("taken.example")) {
                problem(response, 409, "conflict", "Conflict", "domain taken.example exists", null);
            } else {
                response.putHeader("Location", "/internal/domains/" + name);
                json(response, 201, domain(name, new JsonObject(body).getLong("quotaBytes")));
            }
            return;
        }
        String domain = p[1];
        if (p.length == 2) {
            if (domain.equals("missing.example")) {
                // StoreProblem.NotFound -> ProblemMappers.storeProblem
                problem(response, 404, "not-found", "Not found", "no domain missing.example", null);
            } else if (domain.equals("flaky.example") && hit % 2 == 1) {
                // StoreException -> ProblemMappers.storageUnavailable
                problem(response, 503, "storage-unavailable", "Storage unavailable",
                        "the database could not complete the request; try again later", null);
            } else if (method == HttpMethod.GET) {
                json(response, 200, domain(domain, 10_737_418_240L)); // DomainResource.get
            } else if (method == HttpMethod.DELETE) {
                response.setStatusCode(204).end(); // DomainResource.delete
            } else {
                response.setStatusCode(405).end();
            }
            return;
        }
        if (domain.equals("missing.example")) {
            problem(response, 404, "not-found", "Not found", "no domain missing.example", null);
            return;
        }
        if (p.length == 3 && method == HttpMethod.POST) {
            // AccountResource.create -> AccountService.createAccount
            JsonObject account = new JsonObject(body);
            String local = account.getString("localPart");
            if (local.equals("taken")) {
                problem(response, 409, "conflict", "Conflict", "taken@" + domain + " exists", null);
            } else if ("SHARED".equals(account.getString("kind")) && account.getString("password") != null) {
                problem(response, 400, "invalid-input", "Invalid input",
                        "password: a shared account has no password (reached via ACLs)", "password");
            } else {
                response.putHeader("Location", "/internal/domains/" + domain + "/accounts/" + local);
                json(response, 201, account(local, domain, account.getString("kind"),
                        account.getString("role") == null ? "USER" : account.getString("role"),
                        account.getLong("quotaBytes")));
            }
            return;
        }
        if (p.length == 3 && method == HttpMethod.GET) {
            // AccountResource.list: the whole list, in no particular order
            json(response, 200, "[" + account("carol", domain, "PERSONAL", "USER", null) + ","
                    + account("alice", domain, "PERSONAL", "DOMAIN_ADMIN", null) + ","
                    + account("bob", domain, "SHARED", "USER", 1_000_000L) + "]");
            return;
        }
        String local = p[3];
        if (p.length == 4 && method == HttpMethod.GET) {
            // AccountResource.get
            if (local.equals("missing")) {
                problem(response, 404, "not-found", "Not found", "no account missing@" + domain, null);
            } else {
                json(response, 200, account(local, domain, "PERSONAL", "USER", null));
            }
            return;
        }
        if (p.length == 4 && method == HttpMethod.DELETE) {
            if (local.equals("alice")) {
                response.setStatusCode(204).end(); // AccountResource.delete
            } else {
                problem(response, 404, "not-found", "Not found", "no account " + local + "@" + domain, null);
            }
            return;
        }
        if (p.length == 5 && method == HttpMethod.PUT && p[4].equals("role")) {
            // AccountResource.changeRole -> AccountService.changeRole: the account with its new role
            String role = new JsonObject(body).getString("role");
            if (local.equals("team") && role.equals("DOMAIN_ADMIN")) {
                problem(response, 409, "conflict", "Conflict", "team@" + domain
                        + " is a shared account: it cannot log in, so it cannot be a domain administrator", null);
            } else if (local.equals("missing")) {
                problem(response, 404, "not-found", "Not found", "no account missing@" + domain, null);
            } else {
                json(response, 200, account(local, domain, local.equals("team") ? "SHARED" : "PERSONAL", role, null));
            }
            return;
        }
        if (p.length == 5 && method == HttpMethod.PUT) {
            // AccountResource.changePassword -> AccountService.changePassword
            if (local.equals("alice")) {
                response.setStatusCode(204).end();
            } else if (local.equals("shared")) {
                problem(response, 409, "conflict", "Conflict",
                        "shared@" + domain + " is a shared account: it has no password", null);
            } else {
                problem(response, 404, "not-found", "Not found", "no account " + local + "@" + domain, null);
            }
            return;
        }
        response.setStatusCode(405).end();
    }

    /**
     * protocol-service: io.postvault.protocol.rest.SharedAccessResource (SharedAccess.Grant). {@code team@...} is a
     * SHARED account (as any other but those below) where alice has lr and carol lrswite; {@code alice@...} is PERSONAL
     * (409); {@code missing@...} does not exist; user {@code box@...} is SHARED (400 on user); only carol's rights can
     * be revoked.
     */
    private static void sharedAccess(HttpMethod method, String path, String body, HttpServerResponse response) {
        String[] p = path.substring("/internal/accounts/".length()).split("/");
        // p[0] shared address, p[1] "acl", p[2] user address
        String shared = p[0];
        String domain = shared.substring(shared.indexOf('@') + 1);
        if (shared.startsWith("missing@")) {
            problem(response, 404, "not-found", "Not found", "no account " + shared, null);
        } else if (shared.startsWith("alice@")) {
            problem(response, 409, "conflict", "Conflict",
                    shared + " is a personal account: only shared accounts have access rights", null);
        } else if (p.length == 2 && method == HttpMethod.GET) {
            json(response, 200, "[" + grant(shared, "alice@" + domain, "lr") + ","
                    + grant(shared, "carol@" + domain, "lrswite") + "]");
        } else if (p.length == 3 && method == HttpMethod.PUT) {
            String user = p[2];
            if (user.startsWith("missing@")) {
                problem(response, 404, "not-found", "Not found", "no account " + user, null);
            } else if (user.startsWith("box@")) {
                problem(response, 400, "invalid-input", "Invalid input",
                        "user: " + user + " is a shared account: rights are granted to personal accounts", "user");
            } else {
                json(response, 200, grant(shared, user, new JsonObject(body).getString("rights")));
            }
        } else if (p.length == 3 && method == HttpMethod.DELETE) {
            if (p[2].startsWith("carol@")) {
                response.setStatusCode(204).end();
            } else {
                problem(response, 404, "not-found", "Not found", p[2] + " has no rights on " + shared, null);
            }
        } else {
            response.setStatusCode(405).end();
        }
    }

    /** Jackson's rendering of io.postvault.protocol.account.SharedAccess.Grant. */
    private static String grant(String shared, String user, String rights) {
        return new JsonObject().put("shared", shared).put("user", user).put("rights", rights)
                .put("grantedAt", "2026-11-27T10:00:00Z").encode();
    }

    /**
     * protocol-service: io.postvault.protocol.rest.LoginResource. {@link #PASSWORD} is the password of every account;
     * {@code postmaster@...} is DOMAIN_ADMIN, every other PERSONAL account USER.
     */
    private static void login(JsonObject credentials, HttpServerResponse response) {
        String address = credentials.getString("address");
        if (!PASSWORD.equals(credentials.getString("password")) || address.startsWith("nobody@")) {
            problem(response, 401, "invalid-credentials", "Unauthorized", "unknown address or wrong password", null);
            return;
        }
        String domain = address.substring(address.indexOf('@') + 1);
        json(response, 200, new JsonObject().put("address", address).put("domain", domain)
                .put("role", address.startsWith("postmaster@") ? "DOMAIN_ADMIN" : "USER").put("kind", "PERSONAL")
                .encode());
    }

    /**
     * quota-service: io.postvault.quota.rest.QuotaResource ({@code /internal/domains/{d}/...} and
     * {@code /internal/accounts/{a}/...}: plan, usage, usage/history; {@code /internal/domains/{d}/accounts/usage}).
     */
    private static void quota(HttpServerRequest request, String path, String body, HttpServerResponse response) {
        String[] p = path.substring("/internal/".length()).split("/");
        // p[0] "domains" | "accounts", p[1] domain | address, p[2..] what
        boolean domain = p[0].equals("domains");
        String tenant = p[1];
        String what = String.join("/", java.util.Arrays.copyOfRange(p, 2, p.length));
        if (tenant.startsWith("missing")) {
            // QuotaResource.noDomain / noAccount -> common ProblemMappers (no field)
            problem(response, 404, "not-found", "Not Found", (domain ? "no domain " : "no account ") + tenant, null);
            return;
        }
        String planDomain = domain ? tenant : tenant.substring(tenant.indexOf('@') + 1);
        String planAddress = domain ? null : tenant;
        switch (what) {
            case "plan" -> {
                Long quota = domain ? Long.valueOf(10_737_418_240L) : null;
                if (request.method() == HttpMethod.PUT) {
                    quota = new JsonObject(body).getLong("quotaBytes");
                }
                json(response, 200, new JsonObject().put("domain", planDomain).put("address", planAddress)
                        .put("quotaBytes", quota).encode()); // QuotaResource.Plan
            }
            case "usage" -> json(response, 200, gauge(domain)); // GaugeView.of
            case "usage/history" -> {
                String days = request.getParam("days");
                if (days != null && Integer.parseInt(days) > 400) {
                    problem(response, 400, "invalid-parameter", "Bad Request", "days: must be between 1 and 400",
                            null);
                    return;
                }
                json(response, 200, "{\"items\":[" + day("2026-11-25") + "," + day("2026-11-26") + "]}");
            }
            case "accounts/usage" -> json(response, 200, new JsonObject().put("items", new io.vertx.core.json.JsonArray()
                    .add(new JsonObject().put("address", "alice@" + tenant).putNull("quotaBytes")
                            .put("occupiedBytes", 5000).put("occupiedCount", 5).put("archiveBytes", 7000)
                            .put("archiveCount", 3).put("usedBytes", 12000).put("deleted", false))).encode());
            default -> response.setStatusCode(404).putHeader("Content-Type", "text/plain").end("Resource not found");
        }
    }

    /** Jackson's rendering of io.postvault.quota.rest.GaugeView: a snapshot and the live ledger. */
    private static String gauge(boolean domain) {
        return new JsonObject().put("quotaBytes", domain ? 10_737_418_240L : null).put("occupiedBytes", 1_000_000)
                .put("archiveBytes", 3_000_000).put("freeBytes", domain ? 10_733_418_240L : null)
                .put("snapshotAt", "2026-11-27T02:00:00Z")
                .put("live", new JsonObject().put("occupiedBytes", 1_200_000).put("occupiedCount", 12)
                        .put("archiveBytes", 3_100_000).put("archiveCount", 31)
                        .put("freeBytes", domain ? 10_733_118_240L : null).put("at", "2026-11-27T10:00:00Z"))
                .encode();
    }

    /** Jackson's rendering of GaugeView.Day. */
    private static String day(String day) {
        return new JsonObject().put("day", day).put("quotaBytes", 10_737_418_240L).put("occupiedBytes", 1_000_000)
                .put("archiveBytes", 3_000_000).put("freeBytes", 10_733_418_240L).put("occupiedCount", 10)
                .put("archiveCount", 30).put("snapshotAt", day + "T02:00:00Z").encode();
    }

    /** search-service: io.postvault.search.rest.SearchResource (SearchResult). */
    private static void search(HttpServerRequest request, String path, HttpServerResponse response) {
        String[] p = path.substring("/internal/".length()).split("/");
        String tenant = p[1];
        if ("bogus".equals(request.getParam("cursor"))) {
            // InvalidCursorException -> ProblemException.invalid("cursor", ...)
            problem(response, 400, "invalid-parameter", "Bad Request", "cursor: not a cursor of this index", null);
            return;
        }
        String address = p[0].equals("accounts") ? tenant : "alice@" + tenant;
        JsonObject hit = new JsonObject().put("address", address)
                .put("domain", address.substring(address.indexOf('@') + 1)).put("status", "archived")
                .put("direction", "received").putNull("folder").put("date", "2026-11-26T08:00:00Z")
                .put("size", 4321).put("from", "Bob <bob@example.org>").put("to", address).putNull("cc")
                .put("subject", "Quarterly invoice").put("messageId", "<inv@example.org>").put("hasAttachments", true)
                .put("attachments", new io.vertx.core.json.JsonArray().add("invoice.pdf"))
                .putNull("seen").putNull("flagged")
                .put("snippets", new io.vertx.core.json.JsonArray().add("the <b>invoice</b> for Q3"))
                .putNull("score")
                .put("link", new JsonObject().put("kind", "archive").put("address", address).putNull("folder")
                        .putNull("uidValidity").putNull("uid").put("archiveId", ENTRY_ID));
        json(response, 200, new JsonObject().put("items", new io.vertx.core.json.JsonArray().add(hit))
                .put("total", 1).put("nextCursor", "c2Vjb25k").encode());
    }

    /** archive-service: io.postvault.archive.rest.ArchiveResource. */
    private void archive(HttpServerRequest request, String path, String body, HttpServerResponse response) {
        String[] p = path.substring("/internal/accounts/".length()).split("/");
        // p[0] address, p[1] "archive", p[2] id, p[3] "raw" | "restore"
        String address = p[0];
        if (p.length == 2 && request.method() == HttpMethod.GET) {
            String cursor = request.getParam("cursor");
            if ("bogus".equals(cursor)) {
                // ProblemException.invalid("cursor", ...): archive-service's problems have no field
                archiveProblem(response, 400, "invalid-parameter", "Bad Request",
                        "cursor: not a cursor of this API");
                return;
            }
            json(response, 200, "{\"items\":[" + entry(address) + "],\"nextCursor\":\"MjAyNi0wMS0zMQ\"}");
            return;
        }
        String id = p[2];
        if (id.equals(HELD_ID) && p.length == 4 && p[3].equals("raw")) {
            response.putHeader("Content-Type", "message/rfc822")
                    .putHeader("Content-Length", String.valueOf(CannedMessage.SIZE));
            response.write(Buffer.buffer(CannedMessage.HEADER));
            response.write(Buffer.buffer(CannedMessage.chunk(0)));
            io.vertx.core.Context context = Vertx.currentContext();
            held.add(() -> context.runOnContext(v -> pump(response, 1)));
            return;
        }
        if (!id.equals(ENTRY_ID)) {
            archiveProblem(response, 404, "not-found", "Not Found", "no archive entry " + id + " for " + address);
            return;
        }
        if (p.length == 3 && request.method() == HttpMethod.GET) {
            json(response, 200, entry(address)); // ArchiveResource.get
        } else if (p.length == 3 && request.method() == HttpMethod.DELETE) {
            response.setStatusCode(204).end(); // ArchiveResource.delete
        } else if (p.length == 4 && p[3].equals("restore") && request.method() == HttpMethod.POST) {
            restore(address, body, response);
        } else if (p.length == 4 && request.method() == HttpMethod.GET) {
            // ArchiveResource.raw: message/rfc822, Content-Length, Content-Disposition; bytes streamed
            response.putHeader("Content-Type", "message/rfc822")
                    .putHeader("Content-Length", String.valueOf(CannedMessage.SIZE))
                    .putHeader("Content-Disposition", "attachment; filename=\"" + id + ".eml\"");
            response.write(Buffer.buffer(CannedMessage.HEADER));
            pump(response, 0);
        } else {
            response.setStatusCode(405).end();
        }
    }

    /**
     * ArchiveResource.restore: the RestoredView (archive-service's default folder is {@code Restored}); protocol-service's
     * refusals passed on by archive-service as they are: folder {@code Nowhere} 404, account {@code full@...} 507.
     */
    private static void restore(String address, String body, HttpServerResponse response) {
        String folder = body.isBlank() ? null : new JsonObject(body).getString("folder");
        folder = folder == null ? "Restored" : folder;
        if (address.startsWith("full@")) {
            problem(response, 507, "over-quota", "Insufficient Storage",
                    "the message does not fit in the quota of " + address, null);
        } else if (folder.equals("Nowhere")) {
            problem(response, 404, "not-found", "Not Found", "no folder Nowhere in " + address, null);
        } else {
            json(response, 200, new JsonObject().put("archiveId", ENTRY_ID).put("folder", folder)
                    .put("uidValidity", 1_764_230_400L).put("uid", 42).put("blobId",
                            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")
                    .put("size", CannedMessage.SIZE).encode());
        }
    }

    /**
     * archive-service: io.postvault.archive.rest.BackupResource: application/zip with Content-Disposition and no
     * Content-Length (written as it goes); 404 before any byte for an account nobody knows. {@code held@...} stops
     * after the first half until {@code POST /__stub/release}.
     */
    private void backup(String path, HttpServerResponse response) {
        String address = path.substring("/internal/accounts/".length(), path.length() - "/backup".length());
        if (address.startsWith("missing@")) {
            problem(response, 404, "not-found", "Not Found", "no account " + address, null);
            return;
        }
        response.setChunked(true).putHeader("Content-Type", "application/zip")
                .putHeader("Content-Disposition", "attachment; filename=\"backup-" + address
                        + "-20261127T100000Z.zip\"");
        int half = CannedBackup.ZIP.length / 2;
        response.write(Buffer.buffer(java.util.Arrays.copyOfRange(CannedBackup.ZIP, 0, half)));
        Runnable rest = () -> response.end(Buffer.buffer(
                java.util.Arrays.copyOfRange(CannedBackup.ZIP, half, CannedBackup.ZIP.length)));
        if (address.startsWith("held@")) {
            io.vertx.core.Context context = Vertx.currentContext();
            held.add(() -> context.runOnContext(v -> rest.run()));
        } else {
            rest.run();
        }
    }

    /**
     * search-service: io.postvault.search.rest.TaskResource (ReindexTask.View): 202 + Location, 409 task-running while
     * it runs; the task's progress, 404 for any other id.
     */
    private void tasks(HttpMethod method, String path, HttpServerResponse response) {
        if (method == HttpMethod.POST) {
            if (!reindexing.compareAndSet(false, true)) {
                problem(response, 409, "task-running", "Conflict", "a reindex is already running: " + TASK_ID, null);
                return;
            }
            response.putHeader("Location", "/internal/tasks/" + TASK_ID);
            json(response, 202, task("counting", 0, null, null, null, null));
            return;
        }
        String id = path.substring("/internal/tasks/".length());
        if (!id.equals(TASK_ID)) {
            problem(response, 404, "not-found", "Not Found", "no task " + id, null);
        } else if (reindexing.get()) {
            json(response, 200, task("indexing", 250, 1000L, 125.0, 6L, null));
        } else {
            json(response, 200, task("succeeded", 1000, 1000L, 125.0, null, "2026-11-27T10:00:08Z"));
        }
    }

    private static String task(String state, long done, Long total, Double rate, Long eta, String finishedAt) {
        return new JsonObject().put("id", TASK_ID).put("kind", "reindex").put("state", state).put("done", done)
                .put("total", total).put("ratePerSecond", rate).put("etaSeconds", eta)
                .put("startedAt", "2026-11-27T10:00:00Z").put("finishedAt", finishedAt).putNull("error").encode();
    }

    /** Writes the chunks with back-pressure: never more than the write queue holds. */
    private static void pump(HttpServerResponse response, int next) {
        int i = next;
        while (i < CannedMessage.CHUNKS && !response.writeQueueFull()) {
            response.write(Buffer.buffer(CannedMessage.chunk(i++)));
        }
        if (i == CannedMessage.CHUNKS) {
            response.end();
            return;
        }
        int resume = i;
        response.drainHandler(v -> pump(response, resume));
    }

    /** Jackson's rendering of io.postvault.protocol.account.Domain. */
    private static String domain(String name, Long quota) {
        return new JsonObject().put("name", name).put("quotaBytes", quota).put("occupiedBytes", 0)
                .put("messageCount", 0).put("accountCount", 0).put("createdAt", "2026-11-27T10:00:00Z").encode();
    }

    /** Jackson's rendering of io.postvault.protocol.account.Account (never a password hash). */
    private static String account(String local, String domain, String kind, String role, Long quota) {
        return new JsonObject().put("id", "0190f5b2-1111-7000-8000-" + String.format("%012d", local.hashCode() & 0xffff))
                .put("address", local + "@" + domain).put("localPart", local).put("domain", domain).put("kind", kind)
                .put("role", role).put("quotaBytes", quota).put("occupiedBytes", 1234).put("messageCount", 2)
                .put("createdAt", "2026-11-27T10:00:00Z").encode();
    }

    /** Jackson's rendering of io.postvault.archive.rest.ArchiveEntryView. */
    private static String entry(String address) {
        return new JsonObject().put("id", ENTRY_ID).put("accountId", "0190f5b2-1111-7000-8000-000000000001")
                .put("address", address).put("domain", address.substring(address.indexOf('@') + 1))
                .put("direction", "RECEIVED").put("originFolder", "INBOX").put("reason", "POP3_DELE")
                .put("removedAt", "2026-11-27T09:00:00Z").put("internalDate", "2026-11-26T08:00:00Z")
                .put("size", CannedMessage.SIZE).put("from", "Big Sender <big@example.org>")
                .put("to", "alice@example.com").putNull("cc").put("subject", "64 MiB")
                .put("messageId", "<big@example.org>").put("hasAttachments", false)
                .put("blobId", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")
                .put("archivedAt", "2026-11-27T09:00:01Z").encode();
    }

    /** protocol-service's Problem record (with field). */
    private static void problem(HttpServerResponse response, int status, String slug, String title, String detail,
            String field) {
        JsonObject problem = new JsonObject().put("type", PROBLEMS + slug).put("title", title).put("status", status)
                .put("detail", detail);
        if (field != null) {
            problem.put("field", field);
        }
        response.setStatusCode(status).putHeader("Content-Type", "application/problem+json").end(problem.encode());
    }

    /** archive-service's Problem record (type, title, status, detail). */
    private static void archiveProblem(HttpServerResponse response, int status, String slug, String title,
            String detail) {
        problem(response, status, slug, title, detail, null);
    }

    private static void json(HttpServerResponse response, int status, String body) {
        response.setStatusCode(status).putHeader("Content-Type", "application/json").end(body);
    }
}
