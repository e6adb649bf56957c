package io.postvault.quota.plan;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.postvault.deploy.test.StackTestResource;
import io.postvault.events.Event;
import io.postvault.events.EventType;
import io.postvault.events.data.EvictionRequested;
import io.postvault.events.data.PlanChanged;
import io.postvault.events.data.QuotaScope;
import io.postvault.quota.support.Broker;
import io.postvault.quota.support.Outbox;
import io.postvault.quota.support.Tenant;
import io.postvault.quota.support.TotalsStub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Plans through the internal REST API: set, read, the plan-changed event on the broker, problem+json errors. */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
@QuarkusTestResource(TotalsStub.class)
class PlanResourceTest {

    @Inject
    EntityManager em;

    @Test
    void domainPlanChangeIsReadBackAndPublished() {
        Tenant t = Tenant.fresh();
        Broker.applied(em, t.domainCreated(10_000), t.accountCreated(null));
        given().when().get("/internal/domains/" + t.domain + "/plan").then().statusCode(200)
                .body("quotaBytes", equalTo(10_000));

        given().contentType(ContentType.JSON).body("{\"quotaBytes\": 25000}")
                .when().put("/internal/domains/" + t.domain.toUpperCase() + "/plan").then().statusCode(200)
                .body("domain", equalTo(t.domain)).body("quotaBytes", equalTo(25_000));
        given().when().get("/internal/domains/" + t.domain + "/usage").then().statusCode(200)
                .body("quotaBytes", equalTo(25_000)).body("live.freeBytes", equalTo(25_000))
                .body("snapshotAt", nullValue());

        List<Event> published = Broker.quotaEvents(t.domain,
                seen -> seen.stream().anyMatch(e -> e.type() == EventType.PLAN_CHANGED));
        PlanChanged change = (PlanChanged) published.stream().filter(e -> e.type() == EventType.PLAN_CHANGED)
                .findFirst().orElseThrow().data();
        assertThat(change).isEqualTo(new PlanChanged(QuotaScope.DOMAIN, null, 25_000L));
    }

    @Test
    void accountCapIsSetAndRemoved() {
        Tenant t = Tenant.fresh();
        Broker.applied(em, t.domainCreated(10_000), t.accountCreated(null));
        given().contentType(ContentType.JSON).body("{\"quotaBytes\": 4000}")
                .when().put("/internal/accounts/" + t.address + "/plan").then().statusCode(200)
                .body("address", equalTo(t.address)).body("quotaBytes", equalTo(4000));
        given().contentType(ContentType.JSON).body("{\"quotaBytes\": null}")
                .when().put("/internal/accounts/" + t.address + "/plan").then().statusCode(200)
                .body("quotaBytes", nullValue());
        List<PlanChanged> changes = Outbox.recorded(em, t.domain, EventType.PLAN_CHANGED).stream()
                .map(e -> (PlanChanged) e.data()).toList();
        assertThat(changes).containsExactly(new PlanChanged(QuotaScope.ACCOUNT, t.address, 4000L),
                new PlanChanged(QuotaScope.ACCOUNT, t.address, null));
    }

    @Test
    void loweringThePlanBelowUsageRequestsEvictionAtOnce() {
        Tenant t = Tenant.fresh();
        Event d = t.delivered(6000);
        Event r = t.removed(d);
        Broker.applied(em, t.domainCreated(10_000), t.accountCreated(null), d, r, t.stored(r), t.delivered(2000));
        given().contentType(ContentType.JSON).body("{\"quotaBytes\": 5000}")
                .when().put("/internal/domains/" + t.domain + "/plan").then().statusCode(200);
        List<Event> requests = Outbox.recorded(em, t.domain, EventType.EVICTION_REQUESTED);
        assertThat(requests).hasSize(1);
        assertThat(((EvictionRequested) requests.get(0).data()).bytesToFree()).isEqualTo(3000);
    }

    @Test
    void accountsSortedByUsage() {
        Tenant t = Tenant.fresh();
        Tenant bob = t.sibling("bob");
        Tenant carol = t.sibling("carol");
        Broker.applied(em, t.domainCreated(1_000_000), t.accountCreated(null), bob.accountCreated(null),
                carol.accountCreated(null), t.delivered(100), bob.delivered(900), carol.delivered(500));
        given().queryParam("limit", 2).when().get("/internal/domains/" + t.domain + "/accounts/usage").then()
                .statusCode(200).body("items.address", contains(bob.address, carol.address))
                .body("items.usedBytes", contains(900, 500));
    }

    @Test
    void errorsAreProblemDetails() {
        given().contentType(ContentType.JSON).body("{\"quotaBytes\": 1}")
                .when().put("/internal/domains/nowhere.test/plan").then().statusCode(404)
                .contentType("application/problem+json").body("type", equalTo("https://postvault.io/problems/not-found"))
                .body("detail", equalTo("no domain nowhere.test"));
        given().when().get("/internal/accounts/nobody@nowhere.test/usage").then().statusCode(404)
                .contentType("application/problem+json");
        Tenant t = Tenant.fresh();
        Broker.applied(em, t.domainCreated(10_000));
        given().contentType(ContentType.JSON).body("{\"quotaBytes\": -1}")
                .when().put("/internal/domains/" + t.domain + "/plan").then().statusCode(400)
                .contentType("application/problem+json").body("title", equalTo("Bad Request"));
        given().contentType(ContentType.JSON).body("{\"quotaBytes\": \"lots\"}")
                .when().put("/internal/domains/" + t.domain + "/plan").then().statusCode(400)
                .contentType("application/problem+json").body("detail", equalTo("quotaBytes: not valid JSON of the"
                        + " expected type"));
        given().queryParam("days", 0).when().get("/internal/domains/" + t.domain + "/usage/history").then()
                .statusCode(400).contentType("application/problem+json");
    }
}
