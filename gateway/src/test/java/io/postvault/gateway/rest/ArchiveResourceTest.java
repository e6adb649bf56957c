package io.postvault.gateway.rest;

import static io.postvault.gateway.rest.DomainAndAccountResourceTest.PROBLEMS;
import static io.postvault.gateway.rest.DomainAndAccountResourceTest.admin;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import io.postvault.deploy.test.StackTestResource;
import io.postvault.gateway.upstream.CannedMessage;
import io.postvault.gateway.upstream.UpstreamStubs;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The archive through the gateway, against the archive-service stub (UpstreamStubs); and the OpenAPI document. */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
@QuarkusTestResource(UpstreamStubs.class)
class ArchiveResourceTest {

    static final String ENTRY = "/api/v1/accounts/alice@example.com/archive/" + UpstreamStubs.ENTRY_ID;

    @ConfigProperty(name = "postvault.test.stub-url")
    String stub;

    @TestHTTPResource("/")
    URI gateway;

    @jakarta.inject.Inject
    io.smallrye.faulttolerance.api.CircuitBreakerMaintenance breakers;

    @org.junit.jupiter.api.AfterEach
    void closeBreakers() {
        breakers.resetAll();
    }

    @Test
    void listsWithEveryFilterPassedOn() {
        admin().queryParam("after", "2026-01-01T00:00:00Z").queryParam("before", "2026-12-31T00:00:00Z")
                .queryParam("direction", "received").queryParam("from", "big").queryParam("subject", "MiB")
                .queryParam("cursor", "abc").queryParam("limit", 10)
                .when().get("/api/v1/accounts/Alice@Example.com/archive").then()
                .statusCode(200)
                .body("items[0].id", equalTo(UpstreamStubs.ENTRY_ID))
                .body("items[0].subject", equalTo("64 MiB"))
                .body("items[0]", not(hasKey("blobId")))
                .body("nextCursor", equalTo("MjAyNi0wMS0zMQ"));
        assertThat(StubHits.of(stub, "/internal/accounts/alice@example.com/archive").query())
                .contains("after=2026-01-01T00:00:00Z").contains("before=2026-12-31T00:00:00Z")
                .contains("direction=RECEIVED").contains("from=big").contains("subject=MiB")
                .contains("cursor=abc").contains("limit=10");
        // absent filters are left out, so archive-service applies its own defaults
        admin().when().get("/api/v1/accounts/bob@example.com/archive").then().statusCode(200);
        assertThat(StubHits.of(stub, "/internal/accounts/bob@example.com/archive").query()).isEmpty();
    }

    @Test
    void passesArchiveServiceProblemsOn() {
        admin().queryParam("cursor", "bogus").when().get("/api/v1/accounts/alice@example.com/archive").then()
                .statusCode(400).contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "invalid-parameter"))
                .body("detail", equalTo("cursor: not a cursor of this API"));
        String missing = "/api/v1/accounts/alice@example.com/archive/" + UpstreamStubs.MISSING_ID;
        for (String path : new String[] {missing, missing + "/raw"}) {
            admin().when().get(path).then().statusCode(404).contentType("application/problem+json")
                    .body("type", equalTo(PROBLEMS + "not-found"))
                    .body("detail", equalTo("no archive entry " + UpstreamStubs.MISSING_ID + " for alice@example.com"));
        }
        admin().when().delete(missing).then().statusCode(404).body("type", equalTo(PROBLEMS + "not-found"));
    }

    @Test
    void getsAndDeletesAnEntry() {
        admin().when().get(ENTRY).then().statusCode(200)
                .body("id", equalTo(UpstreamStubs.ENTRY_ID)).body("direction", equalTo("RECEIVED"))
                .body("size", equalTo((int) CannedMessage.SIZE)).body("from", equalTo("Big Sender <big@example.org>"));
        admin().when().delete(ENTRY).then().statusCode(204);
    }

    @Test
    void refusesInvalidArchiveInputsNamingTheField() {
        String list = "/api/v1/accounts/alice@example.com/archive";
        admin().when().get("/api/v1/accounts/not-an-address/archive").then().statusCode(400)
                .contentType("application/problem+json").body("field", equalTo("address"));
        admin().when().get("/api/v1/accounts/alice@localhost/archive").then().statusCode(400)
                .body("field", equalTo("address"));
        admin().queryParam("after", "yesterday").when().get(list).then().statusCode(400)
                .body("field", equalTo("after"));
        admin().queryParam("before", "2026-13-01").when().get(list).then().statusCode(400)
                .body("field", equalTo("before"));
        admin().queryParam("direction", "SIDEWAYS").when().get(list).then().statusCode(400)
                .body("field", equalTo("direction"));
        admin().queryParam("limit", 501).when().get(list).then().statusCode(400).body("field", equalTo("limit"));
        admin().queryParam("subject", "x".repeat(999)).when().get(list).then().statusCode(400)
                .body("field", equalTo("subject"));
        admin().when().get("/api/v1/accounts/alice@example.com/archive/42").then().statusCode(400)
                .body("field", equalTo("id"));
        admin().when().get("/api/v1/accounts/alice@example.com/archive/42/raw").then().statusCode(400)
                .body("field", equalTo("id"));
        admin().when().delete("/api/v1/accounts/alice@example.com/archive/42").then().statusCode(400)
                .body("field", equalTo("id"));
    }

    @Test
    void streamsTheRawMessageByteForByte() throws Exception {
        MessageDigest expected = MessageDigest.getInstance("SHA-256");
        expected.update(CannedMessage.HEADER);
        for (int i = 0; i < CannedMessage.CHUNKS; i++) {
            expected.update(CannedMessage.chunk(i));
        }
        HttpRequest request = HttpRequest.newBuilder(gateway.resolve(ENTRY + "/raw"))
                .header("Authorization", "Bearer test-admin-token").build();
        HttpResponse<InputStream> response = HttpClient.newHttpClient()
                .send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("message/rfc822");
        assertThat(response.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"" + UpstreamStubs.ENTRY_ID + ".eml\"");
        MessageDigest actual = MessageDigest.getInstance("SHA-256");
        long size = 0;
        try (InputStream body = response.body()) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = body.read(buffer)) >= 0; ) {
                actual.update(buffer, 0, n);
                size += n;
            }
        }
        assertThat(size).isEqualTo(CannedMessage.SIZE);
        assertThat(actual.digest()).isEqualTo(expected.digest());
    }

    @Test
    void passesTheFirstBytesOnBeforeTheServiceHasSentTheRest() throws Exception {
        // The stub sends the header and the first 64 KiB, then waits for /__stub/release: a gateway that buffered
        // the body would never let these first bytes through. The bound below only keeps a broken build from hanging.
        HttpRequest request = HttpRequest.newBuilder(gateway.resolve(
                        "/api/v1/accounts/alice@example.com/archive/" + UpstreamStubs.HELD_ID + "/raw"))
                .header("Authorization", "Bearer test-admin-token").build();
        HttpResponse<InputStream> response = HttpClient.newHttpClient()
                .send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        try (InputStream body = response.body()) {
            int first = CannedMessage.HEADER.length + CannedMessage.CHUNK;
            byte[] head = CompletableFuture.supplyAsync(() -> {
                try {
                    return body.readNBytes(first);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).get(2, TimeUnit.MINUTES);
            assertThat(new String(head, 0, CannedMessage.HEADER.length, StandardCharsets.US_ASCII))
                    .isEqualTo(new String(CannedMessage.HEADER, StandardCharsets.US_ASCII));
            assertThat(java.util.Arrays.copyOfRange(head, CannedMessage.HEADER.length, first))
                    .isEqualTo(CannedMessage.chunk(0));
            given().baseUri(stub).when().post("/__stub/release").then().statusCode(204);
            long rest = body.transferTo(java.io.OutputStream.nullOutputStream());
            assertThat(first + rest).isEqualTo(CannedMessage.SIZE);
        }
    }

    @Test
    void anUnreachableArchiveServiceIs503() {
        admin().when().get("/api/v1/accounts/down@example.com/archive").then()
                .statusCode(503).contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "service-unavailable"))
                .body("detail", equalTo("archive-service is unavailable; try again later"));
        admin().when().get("/api/v1/accounts/down@example.com/archive/" + UpstreamStubs.ENTRY_ID + "/raw").then()
                .statusCode(503).contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "service-unavailable"));
        assertThat(StubHits.of(stub, "/internal/accounts/down@example.com/archive/" + UpstreamStubs.ENTRY_ID
                + "/raw").count()).isGreaterThanOrEqualTo(3); // a GET: tried 1 + 2 times (the JDK client may add its
        // own single retry of a GET on a pooled connection closed before any byte)
        admin().when().delete("/api/v1/accounts/down@example.com/archive/" + UpstreamStubs.ENTRY_ID).then()
                .statusCode(503);
    }

    @Test
    void theOpenApiDocumentListsEveryPublicPathWithItsErrorsAndTheBearerScheme() {
        var doc = given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200)
                .body("paths.keySet()", hasItems("/api/v1/domains", "/api/v1/domains/{domain}",
                        "/api/v1/domains/{domain}/accounts", "/api/v1/domains/{domain}/accounts/{localPart}",
                        "/api/v1/domains/{domain}/accounts/{localPart}/password",
                        "/api/v1/accounts/{address}/archive", "/api/v1/accounts/{address}/archive/{id}",
                        "/api/v1/accounts/{address}/archive/{id}/raw"))
                .body("components.securitySchemes.bearer.type", equalTo("http"))
                .body("components.securitySchemes.bearer.scheme", equalTo("bearer"))
                .body("security[0]", hasKey("bearer"))
                .body("components.schemas", hasKey("Problem"))
                .body("components.schemas", hasKey("Domain"))
                .body("components.schemas", hasKey("Account"))
                .body("components.schemas", hasKey("ArchiveEntry"))
                .body("paths.'/api/v1/domains'.post.requestBody.content.'application/json'.schema.$ref",
                        equalTo("#/components/schemas/CreateDomain"))
                .body("paths.'/api/v1/domains/{domain}'.get.responses.'404'.content.'application/problem+json'"
                        + ".schema.$ref", equalTo("#/components/schemas/Problem"))
                .body("paths.'/api/v1/accounts/{address}/archive/{id}/raw'.get.responses.'200'.content",
                        hasKey("message/rfc822"))
                .extract().jsonPath();
        java.util.Map<String, java.util.Map<String, java.util.Map<String, Object>>> paths = doc.getMap("paths");
        paths.forEach((path, operations) -> {
            if (path.startsWith("/api/")) {
                operations.forEach((method, operation) -> {
                    @SuppressWarnings("unchecked")
                    java.util.Map<String, Object> responses = (java.util.Map<String, Object>) operation.get("responses");
                    assertThat(responses).as(method + " " + path).containsKeys("401", "503", "500");
                });
            }
        });
        given().when().get("/q/swagger-ui/").then().statusCode(200);
    }
}
