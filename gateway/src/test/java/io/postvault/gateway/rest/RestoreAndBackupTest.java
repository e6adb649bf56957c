package io.postvault.gateway.rest;

import static io.postvault.gateway.rest.Callers.admin;
import static io.postvault.gateway.rest.Callers.as;
import static io.postvault.gateway.rest.DomainAndAccountResourceTest.PROBLEMS;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.postvault.deploy.test.StackTestResource;
import io.postvault.gateway.upstream.CannedBackup;
import io.postvault.gateway.upstream.CannedMessage;
import io.postvault.gateway.upstream.UpstreamStubs;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Restoring an archive entry and downloading an account's backup through the gateway (archive-service stubbed). */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
@QuarkusTestResource(UpstreamStubs.class)
class RestoreAndBackupTest {

    static final String ENTRY = "/archive/" + UpstreamStubs.ENTRY_ID;

    @ConfigProperty(name = "postvault.test.stub-url")
    String stub;

    @TestHTTPResource("/")
    URI gateway;

    @jakarta.inject.Inject
    io.smallrye.faulttolerance.api.CircuitBreakerMaintenance breakers;

    private static String postmaster;
    private static String alice;

    @BeforeEach
    void tokens() {
        if (postmaster == null) {
            postmaster = Callers.domainAdmin("restore.example");
            alice = Callers.user("alice@restore.example");
        }
    }

    @AfterEach
    void closeBreakers() {
        breakers.resetAll();
    }

    private static String restore(String address) {
        return "/api/v1/accounts/" + address + ENTRY + "/restore";
    }

    @Test
    void restoresToTheDefaultFolderOrTheOneAskedForAndPassesTheFolderOn() {
        String internal = "/internal/accounts/alice@restore.example" + ENTRY + "/restore";
        int before = StubHits.of(stub, internal).count();
        admin().when().post(restore("alice@restore.example")).then().statusCode(200)
                .contentType(ContentType.JSON)
                .body("archiveId", equalTo(UpstreamStubs.ENTRY_ID)).body("folder", equalTo("Restored"))
                .body("uid", equalTo(42)).body("size", equalTo((int) CannedMessage.SIZE));
        assertThat(StubHits.of(stub, internal).count()).isEqualTo(before + 1);
        as(postmaster).contentType(ContentType.JSON).body(Map.of("folder", "INBOX")).when()
                .post(restore("alice@restore.example")).then().statusCode(200).body("folder", equalTo("INBOX"));
        assertThat(StubHits.of(stub, internal).body()).isEqualTo("{\"folder\":\"INBOX\"}");
        as(alice).contentType(ContentType.JSON).body("{}").when().post(restore("Alice@Restore.example")).then()
                .statusCode(200).body("folder", equalTo("Restored"));
        assertThat(StubHits.of(stub, internal).count()).isEqualTo(before + 3);
    }

    @Test
    void passesArchiveServiceRefusalsOnAndChecksTheInputsFirst() {
        admin().contentType(ContentType.JSON).body(Map.of("folder", "Nowhere")).when()
                .post(restore("alice@restore.example")).then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "not-found"))
                .body("detail", equalTo("no folder Nowhere in alice@restore.example"));
        for (int i = 0; i < 25; i++) { // an account over its quota is no failure of archive-service: no open breaker
            admin().when().post(restore("full@restore.example")).then().statusCode(507)
                    .contentType("application/problem+json").body("type", equalTo(PROBLEMS + "over-quota"));
        }
        admin().when().post("/api/v1/accounts/alice@restore.example/archive/" + UpstreamStubs.MISSING_ID + "/restore")
                .then().statusCode(404).body("type", equalTo(PROBLEMS + "not-found"));
        admin().when().post(restore("down@example.com")).then().statusCode(503)
                .body("type", equalTo(PROBLEMS + "service-unavailable"));
        assertThat(StubHits.of(stub, "/internal/accounts/down@example.com" + ENTRY + "/restore").count())
                .as("a write is tried once").isEqualTo(1);

        admin().contentType(ContentType.JSON).body(Map.of("folder", "  ")).when()
                .post(restore("alice@restore.example")).then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "invalid-input")).body("field", equalTo("folder"));
        admin().contentType(ContentType.JSON).body(Map.of("folder", "x".repeat(256))).when()
                .post(restore("alice@restore.example")).then().statusCode(400).body("field", equalTo("folder"));
        admin().contentType(ContentType.JSON).body(Map.of("folder", "a\u0000b")).when()
                .post(restore("alice@restore.example")).then().statusCode(400).body("field", equalTo("folder"));
        admin().when().post("/api/v1/accounts/alice@restore.example/archive/42/restore").then().statusCode(400)
                .body("field", equalTo("id"));
        admin().when().post("/api/v1/accounts/not-an-address" + ENTRY + "/restore").then().statusCode(400)
                .body("field", equalTo("address"));
        assertThat(StubHits.containing(stub, "/archive/42/")).isZero();
    }

    @Test
    void eachRoleRestoresOnlyInsideItsTenant() {
        as(postmaster).when().post(restore("bob@restore.example")).then().statusCode(200);
        as(alice).when().post(restore("alice@restore.example")).then().statusCode(200);
        as(alice).when().post(restore("bob@restore.example")).then().statusCode(404)
                .body("detail", equalTo("no account bob@restore.example"));
        as(postmaster).when().post(restore("carol@other.example")).then().statusCode(404);
        given().when().post(restore("alice@restore.example")).then().statusCode(401);
        assertThat(StubHits.containing(stub, "bob@restore.example")).isEqualTo(1);
        assertThat(StubHits.containing(stub, "other.example")).isZero();
    }

    private HttpResponse<InputStream> backup(String address, String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(gateway.resolve("/api/v1/accounts/" + address + "/backup"))
                .header("Authorization", "Bearer " + token).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
    }

    private static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                entries.put(entry.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    @Test
    void theBackupIsTheServicesZipAsAnAttachment() throws Exception {
        HttpResponse<InputStream> response = backup("alice@restore.example", Callers.ADMIN_TOKEN);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/zip");
        assertThat(response.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"backup-alice@restore.example-20261127T100000Z.zip\"");
        byte[] zip;
        try (InputStream body = response.body()) {
            zip = body.readAllBytes();
        }
        assertThat(zip).isEqualTo(CannedBackup.ZIP);
        Map<String, byte[]> entries = unzip(zip);
        assertThat(entries.keySet()).containsExactlyElementsOf(CannedBackup.ENTRIES.keySet());
        CannedBackup.ENTRIES.forEach((name, content) -> assertThat(entries.get(name)).as(name).isEqualTo(content));
    }

    @Test
    void theBackupsFirstBytesArePassedOnBeforeTheServiceHasWrittenTheRest() throws Exception {
        // The stub sends half the ZIP, then waits for /__stub/release: a gateway that buffered would send nothing.
        HttpResponse<InputStream> response = backup("held@restore.example", Callers.ADMIN_TOKEN);
        assertThat(response.statusCode()).isEqualTo(200);
        int half = CannedBackup.ZIP.length / 2;
        try (InputStream body = response.body()) {
            byte[] head = CompletableFuture.supplyAsync(() -> {
                try {
                    return body.readNBytes(half);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).get(2, TimeUnit.MINUTES);
            assertThat(head).isEqualTo(Arrays.copyOf(CannedBackup.ZIP, half));
            given().baseUri(stub).when().post("/__stub/release").then().statusCode(204);
            assertThat(body.readAllBytes()).isEqualTo(Arrays.copyOfRange(CannedBackup.ZIP, half,
                    CannedBackup.ZIP.length));
        }
    }

    @Test
    void backupRolesProblemsAndInputs() throws Exception {
        assertThat(backup("alice@restore.example", postmaster).statusCode()).isEqualTo(200);
        assertThat(backup("alice@restore.example", alice).statusCode()).isEqualTo(200);
        HttpResponse<InputStream> colleague = backup("bob@restore.example", alice);
        assertThat(colleague.statusCode()).isEqualTo(404);
        colleague.body().close();
        as(postmaster).when().get("/api/v1/accounts/carol@other.example/backup").then().statusCode(404)
                .body("detail", equalTo("no account carol@other.example"));
        given().when().get("/api/v1/accounts/alice@restore.example/backup").then().statusCode(401);
        admin().when().get("/api/v1/accounts/missing@restore.example/backup").then().statusCode(404)
                .contentType("application/problem+json").body("type", equalTo(PROBLEMS + "not-found"))
                .body("detail", equalTo("no account missing@restore.example"));
        admin().when().get("/api/v1/accounts/down@example.com/backup").then().statusCode(503)
                .contentType("application/problem+json").body("type", equalTo(PROBLEMS + "service-unavailable"));
        admin().when().get("/api/v1/accounts/not-an-address/backup").then().statusCode(400)
                .contentType("application/problem+json").body("field", equalTo("address"));
        assertThat(StubHits.containing(stub, "bob@restore.example/backup")).isZero();
    }
}
