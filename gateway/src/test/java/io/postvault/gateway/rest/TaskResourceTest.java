package io.postvault.gateway.rest;

import static io.postvault.gateway.rest.Callers.admin;
import static io.postvault.gateway.rest.Callers.as;
import static io.postvault.gateway.rest.DomainAndAccountResourceTest.PROBLEMS;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.postvault.deploy.test.StackTestResource;
import io.postvault.gateway.upstream.UpstreamStubs;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The reindex and its progress through the gateway (search-service stubbed): platform-admin only. */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
@QuarkusTestResource(UpstreamStubs.class)
class TaskResourceTest {

    @ConfigProperty(name = "postvault.test.stub-url")
    String stub;

    @Test
    void aReindexStartsOnceAndItsProgressIsShownUntilItSucceeds() {
        given().baseUri(stub).when().post("/__stub/finish-task").then().statusCode(204);
        admin().when().post("/api/v1/admin/reindex").then().statusCode(202)
                .header("Location", endsWith("/api/v1/tasks/" + UpstreamStubs.TASK_ID))
                .body("id", equalTo(UpstreamStubs.TASK_ID)).body("kind", equalTo("reindex"))
                .body("state", equalTo("counting")).body("total", nullValue());
        admin().when().post("/api/v1/admin/reindex").then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "task-running"));
        admin().when().get("/api/v1/tasks/" + UpstreamStubs.TASK_ID).then().statusCode(200)
                .body("state", equalTo("indexing")).body("done", equalTo(250)).body("total", equalTo(1000))
                .body("ratePerSecond", equalTo(125.0f)).body("etaSeconds", equalTo(6));
        given().baseUri(stub).when().post("/__stub/finish-task").then().statusCode(204);
        admin().when().get("/api/v1/tasks/" + UpstreamStubs.TASK_ID.toUpperCase()).then().statusCode(200)
                .body("state", equalTo("succeeded")).body("finishedAt", equalTo("2026-11-27T10:00:08Z"))
                .body("etaSeconds", nullValue());
        assertThat(StubHits.of(stub, "/internal/admin/reindex").count()).as("a write is tried once").isEqualTo(2);
    }

    @Test
    void unknownAndInvalidTaskIds() {
        admin().when().get("/api/v1/tasks/" + UpstreamStubs.MISSING_ID).then().statusCode(404)
                .contentType("application/problem+json").body("type", equalTo(PROBLEMS + "not-found"))
                .body("detail", equalTo("no task " + UpstreamStubs.MISSING_ID));
        admin().when().get("/api/v1/tasks/42").then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "invalid-input")).body("field", equalTo("id"));
        assertThat(StubHits.of(stub, "/internal/tasks/42").count()).isZero();
    }

    @Test
    void onlyThePlatformAdminReindexesOrReadsTasks() {
        String postmaster = Callers.domainAdmin("tasks.example");
        String alice = Callers.user("alice@tasks.example");
        int before = StubHits.containing(stub, "/internal/admin/reindex") + StubHits.containing(stub, "/internal/tasks");
        for (String token : new String[] {postmaster, alice}) {
            as(token).when().post("/api/v1/admin/reindex").then().statusCode(403)
                    .contentType("application/problem+json").body("type", equalTo(PROBLEMS + "forbidden"));
            as(token).when().get("/api/v1/tasks/" + UpstreamStubs.TASK_ID).then().statusCode(403)
                    .body("type", equalTo(PROBLEMS + "forbidden"));
        }
        given().when().post("/api/v1/admin/reindex").then().statusCode(401);
        given().when().get("/api/v1/tasks/" + UpstreamStubs.TASK_ID).then().statusCode(401);
        assertThat(StubHits.containing(stub, "/internal/admin/reindex") + StubHits.containing(stub, "/internal/tasks"))
                .as("no internal call for a refused caller").isEqualTo(before);
    }
}
