package io.postvault.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.postvault.deploy.test.StackTestResource;
import io.postvault.gateway.upstream.UpstreamStubs;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Domains and accounts through the gateway, against the protocol-service stub (UpstreamStubs). */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
@QuarkusTestResource(UpstreamStubs.class)
class DomainAndAccountResourceTest {

    static final String PROBLEMS = "https://postvault.io/problems/";

    @ConfigProperty(name = "postvault.test.stub-url")
    String stub;

    @Inject
    CircuitBreakerMaintenance breakers;

    @AfterEach
    void closeBreakers() {
        breakers.resetAll();
    }

    static RequestSpecification admin() {
        return given().auth().oauth2("test-admin-token");
    }

    @Test
    void createsAGetsAndDeletesADomain() {
        admin().contentType(ContentType.JSON).body(Map.of("name", "Example.COM", "quotaBytes", 10_737_418_240L))
                .when().post("/api/v1/domains").then()
                .statusCode(201)
                .header("Location", org.hamcrest.Matchers.endsWith("/api/v1/domains/example.com"))
                .body("name", equalTo("example.com"))
                .body("quotaBytes", equalTo(10_737_418_240L));
        assertThat(StubHits.of(stub, "/internal/domains").body())
                .contains("\"name\":\"example.com\"").contains("\"quotaBytes\":10737418240");

        admin().when().get("/api/v1/domains/example.com").then()
                .statusCode(200).contentType(ContentType.JSON)
                .body("name", equalTo("example.com")).body("accountCount", equalTo(0));
        admin().when().delete("/api/v1/domains/example.com").then().statusCode(204);
    }

    @Test
    void passesProtocolServiceProblemsOn() {
        admin().contentType(ContentType.JSON).body(Map.of("name", "taken.example", "quotaBytes", 1))
                .when().post("/api/v1/domains").then()
                .statusCode(409).contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "conflict")).body("detail", equalTo("domain taken.example exists"));
        admin().when().get("/api/v1/domains/missing.example").then()
                .statusCode(404).contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "not-found")).body("detail", equalTo("no domain missing.example"));
        admin().when().delete("/api/v1/domains/missing.example").then().statusCode(404);
        admin().contentType(ContentType.JSON)
                .body(Map.of("localPart", "box", "kind", "SHARED", "password", "long enough secret"))
                .when().post("/api/v1/domains/example.com/accounts").then()
                .statusCode(400).contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "invalid-input")).body("field", equalTo("password"))
                .body("detail", equalTo("password: a shared account has no password (reached via ACLs)"));
    }

    @Test
    void refusesInvalidDomainInputsNamingTheField() {
        admin().contentType(ContentType.JSON).body(Map.of("name", "localhost", "quotaBytes", 1))
                .when().post("/api/v1/domains").then()
                .statusCode(400).contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "invalid-input")).body("field", equalTo("name"));
        admin().contentType(ContentType.JSON).body(Map.of("name", "example.com", "quotaBytes", 0))
                .when().post("/api/v1/domains").then().statusCode(400).body("field", equalTo("quotaBytes"));
        admin().contentType(ContentType.JSON).body(Map.of("name", "example.com"))
                .when().post("/api/v1/domains").then().statusCode(400).body("field", equalTo("quotaBytes"));
        admin().contentType(ContentType.JSON).body("{\"name\":\"example.com\",\"quotaBytes\":\"lots\"}")
                .when().post("/api/v1/domains").then().statusCode(400)
                .body("type", equalTo(PROBLEMS + "malformed-request")).body("field", equalTo("quotaBytes"));
        admin().contentType(ContentType.JSON).body("{not json")
                .when().post("/api/v1/domains").then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "malformed-request"));
        admin().when().get("/api/v1/domains/bad_name.example").then().statusCode(400).body("field", equalTo("domain"));
        admin().when().delete("/api/v1/domains/x..example").then().statusCode(400).body("field", equalTo("domain"));
        assertThat(StubHits.of(stub, "/internal/domains/bad_name.example").count()).isZero();
    }

    @Test
    void createsListsAndDeletesAccounts() {
        admin().contentType(ContentType.JSON)
                .body(Map.of("localPart", "Alice", "password", "correct horse", "kind", "personal",
                        "role", "DOMAIN_ADMIN", "quotaBytes", 5_000_000))
                .when().post("/api/v1/domains/example.com/accounts").then()
                .statusCode(201)
                .header("Location", org.hamcrest.Matchers.endsWith("/api/v1/domains/example.com/accounts/alice"))
                .body("address", equalTo("alice@example.com")).body("role", equalTo("DOMAIN_ADMIN"))
                .body("kind", equalTo("PERSONAL")).body("quotaBytes", equalTo(5_000_000));
        assertThat(StubHits.of(stub, "/internal/domains/example.com/accounts").body())
                .contains("\"localPart\":\"alice\"").contains("\"kind\":\"PERSONAL\"");

        admin().when().get("/api/v1/domains/example.com/accounts").then()
                .statusCode(200)
                .body("items.localPart", contains("alice", "bob", "carol"))
                .body("nextCursor", nullValue())
                .body("items[0].passwordHash", nullValue());
        String next = admin().queryParam("limit", 2).when().get("/api/v1/domains/example.com/accounts").then()
                .statusCode(200).body("items.localPart", contains("alice", "bob"))
                .extract().path("nextCursor");
        admin().queryParam("limit", 2).queryParam("cursor", next).when().get("/api/v1/domains/example.com/accounts")
                .then().statusCode(200).body("items.localPart", contains("carol")).body("nextCursor", nullValue());

        admin().when().delete("/api/v1/domains/example.com/accounts/alice").then().statusCode(204);
        admin().when().delete("/api/v1/domains/example.com/accounts/nobody").then()
                .statusCode(404).body("detail", equalTo("no account nobody@example.com"));
        admin().contentType(ContentType.JSON).body(Map.of("localPart", "taken", "kind", "PERSONAL"))
                .when().post("/api/v1/domains/example.com/accounts").then().statusCode(409)
                .body("type", equalTo(PROBLEMS + "conflict"));
        admin().contentType(ContentType.JSON).body(Map.of("localPart", "x", "kind", "PERSONAL"))
                .when().post("/api/v1/domains/missing.example/accounts").then().statusCode(404);
    }

    @Test
    void changesPasswords() {
        admin().contentType(ContentType.JSON).body(Map.of("password", "a new long secret"))
                .when().put("/api/v1/domains/example.com/accounts/alice/password").then().statusCode(204);
        assertThat(StubHits.of(stub, "/internal/domains/example.com/accounts/alice/password").body())
                .isEqualTo("{\"password\":\"a new long secret\"}");
        admin().contentType(ContentType.JSON).body(Map.of("password", "a new long secret"))
                .when().put("/api/v1/domains/example.com/accounts/shared/password").then().statusCode(409)
                .body("detail", equalTo("shared@example.com is a shared account: it has no password"));
        admin().contentType(ContentType.JSON).body(Map.of("password", "short"))
                .when().put("/api/v1/domains/example.com/accounts/alice/password").then().statusCode(400)
                .body("field", equalTo("password"));
        admin().contentType(ContentType.JSON)
                .when().put("/api/v1/domains/example.com/accounts/alice/password").then().statusCode(400)
                .body("field", equalTo("body"));
    }

    @Test
    void refusesInvalidAccountInputsNamingTheField() {
        Map<String, Object> valid = Map.of("localPart", "ok", "kind", "PERSONAL");
        for (var bad : Map.<String, Map<String, Object>>of(
                "localPart", Map.of("localPart", "two..dots", "kind", "PERSONAL"),
                "kind", Map.of("localPart", "ok", "kind", "ROBOT"),
                "role", Map.of("localPart", "ok", "kind", "PERSONAL", "role", "KING"),
                "password", Map.of("localPart", "ok", "kind", "PERSONAL", "password", "1234567"),
                "quotaBytes", Map.of("localPart", "ok", "kind", "PERSONAL", "quotaBytes", -5)).entrySet()) {
            admin().contentType(ContentType.JSON).body(bad.getValue())
                    .when().post("/api/v1/domains/example.com/accounts").then()
                    .statusCode(400).contentType("application/problem+json").body("field", equalTo(bad.getKey()));
        }
        admin().contentType(ContentType.JSON).body(valid).when().post("/api/v1/domains/-bad-.com/accounts").then()
                .statusCode(400).body("field", equalTo("domain"));
        admin().queryParam("limit", 0).when().get("/api/v1/domains/example.com/accounts").then()
                .statusCode(400).body("field", equalTo("limit"));
        admin().queryParam("cursor", "!!!").when().get("/api/v1/domains/example.com/accounts").then()
                .statusCode(400).body("field", equalTo("cursor"));
    }

    @Test
    void aReadIsRetriedAWriteIsNot() {
        int before = StubHits.of(stub, "/internal/domains/flaky.example").count();
        admin().when().get("/api/v1/domains/flaky.example").then().statusCode(200)
                .body("name", equalTo("flaky.example"));
        assertThat(StubHits.of(stub, "/internal/domains/flaky.example").count() - before).isEqualTo(2);

        int posts = StubHits.of(stub, "/internal/domains").count();
        admin().contentType(ContentType.JSON).body(Map.of("name", "down.example", "quotaBytes", 1))
                .when().post("/api/v1/domains").then()
                .statusCode(503).contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "service-unavailable"))
                .body("detail", equalTo("protocol-service is unavailable; try again later"));
        assertThat(StubHits.of(stub, "/internal/domains").count() - posts).isEqualTo(1);
    }

    @Test
    void anUnreachableServiceIs503AndItsBreakerOpens() {
        int before = StubHits.of(stub, "/internal/domains/down.example").count();
        admin().when().get("/api/v1/domains/down.example").then()
                .statusCode(503).contentType("application/problem+json")
                .header("Retry-After", equalTo("5"))
                .body("type", equalTo(PROBLEMS + "service-unavailable"))
                .body("status", equalTo(503));
        assertThat(StubHits.of(stub, "/internal/domains/down.example").count() - before).isEqualTo(3); // 1 + 2 retries

        for (int i = 0; i < 20; i++) { // the breaker window is 20 calls; half failed opens it
            admin().when().delete("/api/v1/domains/down.example").then().statusCode(503);
        }
        int open = StubHits.of(stub, "/internal/domains/example.com").count();
        admin().when().get("/api/v1/domains/example.com").then().statusCode(503)
                .body("type", equalTo(PROBLEMS + "service-unavailable"));
        assertThat(StubHits.of(stub, "/internal/domains/example.com").count()).isEqualTo(open);
        // archive-service has its own breaker: still closed
        admin().when().get("/api/v1/accounts/alice@example.com/archive/" + UpstreamStubs.ENTRY_ID).then()
                .statusCode(200);
    }

    @Test
    void aServiceThatDoesNotAnswerTimesOutAs503() {
        // the test read timeout is 3 s (UpstreamStubs); a DELETE is tried once
        admin().when().delete("/api/v1/domains/slow.example").then()
                .statusCode(503).contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "service-unavailable"));
        assertThat(StubHits.of(stub, "/internal/domains/slow.example").count()).isEqualTo(1);
    }

    @Test
    void anAnswerThatIsNotAProblemIs502() {
        admin().when().get("/api/v1/domains/html.example").then()
                .statusCode(502).contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "bad-gateway"))
                .body("detail", equalTo("protocol-service answered 500 without a problem document"));
    }

    @Test
    void everyPathNeedsTheToken() {
        for (String path : new String[] {"/api/v1/domains/example.com", "/api/v1/domains/example.com/accounts",
                "/api/v1/accounts/alice@example.com/archive",
                "/api/v1/accounts/alice@example.com/archive/" + UpstreamStubs.ENTRY_ID,
                "/api/v1/accounts/alice@example.com/archive/" + UpstreamStubs.ENTRY_ID + "/raw"}) {
            given().when().get(path).then().statusCode(401).contentType("application/problem+json")
                    .body("type", equalTo(PROBLEMS + "unauthorized"));
        }
        given().contentType(ContentType.JSON).body(Map.of("name", "example.com", "quotaBytes", 1))
                .when().post("/api/v1/domains").then().statusCode(401);
        given().auth().oauth2("wrong").when().delete("/api/v1/domains/example.com").then().statusCode(401);
        given().when().delete("/api/v1/domains/example.com/accounts/alice").then().statusCode(401);
        given().when().put("/api/v1/domains/example.com/accounts/alice/password").then().statusCode(401);
        given().when().delete("/api/v1/accounts/alice@example.com/archive/" + UpstreamStubs.ENTRY_ID).then()
                .statusCode(401);
    }
}
