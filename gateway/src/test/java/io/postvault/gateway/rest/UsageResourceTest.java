package io.postvault.gateway.rest;

import static io.postvault.gateway.rest.Callers.admin;
import static io.postvault.gateway.rest.Callers.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.postvault.deploy.test.StackTestResource;
import io.postvault.gateway.upstream.UpstreamStubs;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Plans, gauges and their history through the gateway, against the quota-service stub (UpstreamStubs). */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
@QuarkusTestResource(UpstreamStubs.class)
class UsageResourceTest {

    static final String PROBLEMS = "https://postvault.io/problems/";

    @ConfigProperty(name = "postvault.test.stub-url")
    String stub;

    private static String postmaster;
    private static String alice;

    @BeforeEach
    void tokens() {
        if (postmaster == null) {
            postmaster = Callers.domainAdmin("usage.example");
            alice = Callers.user("alice@usage.example");
        }
    }

    @Test
    void theDomainGaugeWithItsSnapshotAndLiveFigures() {
        as(postmaster).when().get("/api/v1/domains/Usage.Example/usage").then()
                .statusCode(200).contentType(ContentType.JSON)
                .body("quotaBytes", equalTo(10_737_418_240L))
                .body("occupiedBytes", equalTo(1_000_000))
                .body("archiveBytes", equalTo(3_000_000))
                .body("freeBytes", equalTo(10_733_418_240L))
                .body("snapshotAt", equalTo("2026-11-27T02:00:00Z"))
                .body("live.occupiedBytes", equalTo(1_200_000))
                .body("live.archiveCount", equalTo(31))
                .body("live.at", equalTo("2026-11-27T10:00:00Z"));
        assertThat(StubHits.of(stub, "/internal/domains/usage.example/usage").count()).isPositive();
        as(alice).when().get("/api/v1/domains/usage.example/usage").then().statusCode(403)
                .body("type", equalTo(PROBLEMS + "forbidden"));
    }

    @Test
    void historyOfNDaysOldestFirst() {
        as(postmaster).queryParam("days", "30").when().get("/api/v1/domains/usage.example/usage/history").then()
                .statusCode(200)
                .body("items.day", contains("2026-11-25", "2026-11-26"))
                .body("items[0].archiveBytes", equalTo(3_000_000))
                .body("nextCursor", nullValue());
        assertThat(StubHits.of(stub, "/internal/domains/usage.example/usage/history").query()).isEqualTo("days=30");
        as(postmaster).queryParam("days", "0").when().get("/api/v1/domains/usage.example/usage/history").then()
                .statusCode(400).body("type", equalTo(PROBLEMS + "invalid-input")).body("field", equalTo("days"));
        as(postmaster).queryParam("days", "401").when().get("/api/v1/domains/usage.example/usage/history").then()
                .statusCode(400).body("field", equalTo("days"));
        as(alice).when().get("/api/v1/accounts/alice@usage.example/usage/history").then().statusCode(200)
                .body("items", org.hamcrest.Matchers.hasSize(2));
    }

    @Test
    void accountsByUsage() {
        as(postmaster).queryParam("limit", "10").when().get("/api/v1/domains/usage.example/usage/accounts").then()
                .statusCode(200)
                .body("items[0].address", equalTo("alice@usage.example"))
                .body("items[0].usedBytes", equalTo(12000));
        assertThat(StubHits.of(stub, "/internal/domains/usage.example/accounts/usage").query())
                .isEqualTo("limit=10");
        as(postmaster).queryParam("limit", "1001").when().get("/api/v1/domains/usage.example/usage/accounts").then()
                .statusCode(400).body("field", equalTo("limit"));
    }

    @Test
    void onlyThePlatformAdminChangesADomainPlan() {
        as(postmaster).when().get("/api/v1/domains/usage.example/plan").then().statusCode(200)
                .body("domain", equalTo("usage.example")).body("quotaBytes", equalTo(10_737_418_240L));
        as(postmaster).contentType(ContentType.JSON).body(Map.of("quotaBytes", 1)).when()
                .put("/api/v1/domains/usage.example/plan").then().statusCode(403);
        admin().contentType(ContentType.JSON).body(Map.of("quotaBytes", 21_474_836_480L)).when()
                .put("/api/v1/domains/usage.example/plan").then().statusCode(200)
                .body("quotaBytes", equalTo(21_474_836_480L));
        assertThat(StubHits.of(stub, "/internal/domains/usage.example/plan").body())
                .isEqualTo("{\"quotaBytes\":21474836480}");
        admin().contentType(ContentType.JSON).body(Map.of("quotaBytes", 0)).when()
                .put("/api/v1/domains/usage.example/plan").then().statusCode(400).body("field", equalTo("quotaBytes"));
        admin().contentType(ContentType.JSON).body(Map.of()).when()
                .put("/api/v1/domains/usage.example/plan").then().statusCode(400).body("field", equalTo("quotaBytes"));
        admin().contentType(ContentType.JSON).body(Map.of("quotaBytes", "lots")).when()
                .put("/api/v1/domains/usage.example/plan").then().statusCode(400)
                .body("type", equalTo(PROBLEMS + "malformed-request"));
    }

    @Test
    void aDomainAdminCapsAnAccountAndTheUserReadsIt() {
        as(postmaster).contentType(ContentType.JSON).body(Map.of("quotaBytes", 5_000_000)).when()
                .put("/api/v1/accounts/alice@usage.example/plan").then().statusCode(200)
                .body("address", equalTo("alice@usage.example")).body("quotaBytes", equalTo(5_000_000));
        Map<String, Object> none = new HashMap<>();
        none.put("quotaBytes", null);
        as(postmaster).contentType(ContentType.JSON).body(none).when()
                .put("/api/v1/accounts/alice@usage.example/plan").then().statusCode(200)
                .body("quotaBytes", nullValue());
        assertThat(StubHits.of(stub, "/internal/accounts/alice@usage.example/plan").body())
                .isEqualTo("{\"quotaBytes\":null}");
        as(alice).contentType(ContentType.JSON).body(Map.of("quotaBytes", 9)).when()
                .put("/api/v1/accounts/alice@usage.example/plan").then().statusCode(403);
        as(alice).when().get("/api/v1/accounts/alice@usage.example/plan").then().statusCode(200);
        as(alice).when().get("/api/v1/accounts/alice@usage.example/usage").then().statusCode(200)
                .body("quotaBytes", nullValue()).body("live.occupiedCount", equalTo(12));
    }

    @Test
    void quotaServiceProblemsArePassedOn() {
        admin().when().get("/api/v1/domains/missing.example/usage").then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "not-found")).body("detail", equalTo("no domain missing.example"));
        admin().when().get("/api/v1/accounts/alice@down.example/usage").then().statusCode(503)
                .body("type", equalTo(PROBLEMS + "service-unavailable"));
        admin().when().get("/api/v1/domains/not_a_domain/usage").then().statusCode(400)
                .body("field", equalTo("domain"));
    }
}
