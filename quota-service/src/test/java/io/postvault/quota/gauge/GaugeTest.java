package io.postvault.quota.gauge;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import io.postvault.deploy.test.StackTestResource;
import io.postvault.events.Event;
import io.postvault.quota.support.Broker;
import io.postvault.quota.support.Tenant;
import io.postvault.quota.support.TotalsStub;
import io.postvault.quota.support.Usage;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The nightly gauge against the real database, with the owners' totals served over HTTP by {@link TotalsStub}. */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
@QuarkusTestResource(TotalsStub.class)
class GaugeTest {

    @Inject
    EntityManager em;

    @Inject
    GaugeJob job;

    @ConfigProperty(name = "quarkus.rest-client.protocol.url")
    String stub;

    @Test
    void snapshotCorrectsAnInjectedDriftAndRecordsHistory() {
        Tenant t = Tenant.fresh();
        Event d = t.delivered(1000);
        Event r = t.removed(d);
        Broker.applied(em, t.domainCreated(100_000), t.accountCreated(null), d, t.delivered(2000), r, t.stored(r));
        assertThat(Usage.ofDomain(t.domain)).isEqualTo(new Usage(2000, 1, 1000, 1));
        // Drift injected into the ledger: 300 bytes occupied too many, one archive entry of 500 bytes missed.
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "UPDATE usage_ledger SET occupied_bytes = occupied_bytes + 300 WHERE domain = ?1")
                .setParameter(1, t.domain).executeUpdate());
        TotalsStub.answer(stub, "/internal/domains/" + t.domain,
                "{\"name\":\"" + t.domain + "\",\"quotaBytes\":100000,\"occupiedBytes\":2000,\"messageCount\":1}");
        TotalsStub.answer(stub, "/internal/domains/" + t.domain + "/accounts", "[{\"id\":\"" + t.accountId
                + "\",\"address\":\"" + t.address + "\",\"occupiedBytes\":2000,\"messageCount\":1}]");
        TotalsStub.answer(stub, "/internal/domains/" + t.domain + "/archive/totals", "{\"bytes\":1500,\"count\":2}");
        TotalsStub.answer(stub, "/internal/accounts/" + t.address + "/archive/totals", "{\"bytes\":1500,\"count\":2}");

        GaugeJob.Run run = job.run(Instant.now());
        assertThat(run.failures()).isZero();
        assertThat(run.corrections()).isGreaterThanOrEqualTo(2);

        assertThat(Usage.ofDomain(t.domain)).isEqualTo(new Usage(2000, 1, 1500, 2));
        assertThat(Usage.ofAccount(t.address)).isEqualTo(new Usage(2000, 1, 1500, 2));
        given().when().get("/internal/domains/" + t.domain + "/usage").then().statusCode(200)
                .body("quotaBytes", equalTo(100_000)).body("occupiedBytes", equalTo(2000))
                .body("archiveBytes", equalTo(1500)).body("freeBytes", equalTo(96_500))
                .body("snapshotAt", notNullValue()).body("live.freeBytes", equalTo(96_500));
        given().queryParam("days", 7).when().get("/internal/domains/" + t.domain + "/usage/history").then()
                .statusCode(200).body("items", hasSize(1))
                .body("items[0].day", equalTo(LocalDate.now(ZoneOffset.UTC).toString()))
                .body("items[0].occupiedBytes", equalTo(2000)).body("items[0].archiveBytes", equalTo(1500));
        given().when().get("/internal/accounts/" + t.address + "/usage/history").then().statusCode(200)
                .body("items", hasSize(1));
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("postvault_quota_drift_bytes_total"));

        // Drift was corrected: a second run the same day finds none and replaces the day's snapshot.
        job.run(Instant.now());
        Number drift = QuarkusTransaction.requiringNew().call(() -> (Number) em.createNativeQuery(
                "SELECT sum(abs(occupied_drift) + abs(archive_drift)) FROM usage_snapshot WHERE domain = ?1")
                .setParameter(1, t.domain).getSingleResult());
        assertThat(drift.longValue()).isZero();
    }

    @Test
    void aSnapshotOnRequestCorrectsTheLedgerAndAnswersTheGauge() {
        Tenant t = Tenant.fresh();
        Broker.applied(em, t.domainCreated(50_000), t.accountCreated(null), t.delivered(700));
        TotalsStub.answer(stub, "/internal/domains/" + t.domain,
                "{\"name\":\"" + t.domain + "\",\"occupiedBytes\":0,\"messageCount\":0}");
        TotalsStub.answer(stub, "/internal/domains/" + t.domain + "/archive/totals", "{\"bytes\":700,\"count\":1}");
        TotalsStub.answer(stub, "/internal/accounts/" + t.address + "/archive/totals", "{\"bytes\":700,\"count\":1}");

        given().when().post("/internal/domains/" + t.domain.toUpperCase() + "/usage/snapshot").then().statusCode(200)
                .body("occupiedBytes", equalTo(0)).body("archiveBytes", equalTo(700))
                .body("snapshotAt", notNullValue()).body("live.archiveBytes", equalTo(700));
        given().when().get("/internal/domains/" + t.domain + "/usage/history").then().statusCode(200)
                .body("items", hasSize(1));
        given().when().post("/internal/domains/nowhere-" + t.domain + "/usage/snapshot").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void aMissedNightIsCaughtUpOnce() {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("DELETE FROM gauge_run").executeUpdate());
        Instant last = GaugeJob.lastScheduled("0 0 3 * * ?", ZonedDateTime.now(ZoneOffset.UTC)).orElseThrow();
        assertThat(job.catchUpMissed()).hasValueSatisfying(run -> assertThat(run.scheduledFor()).isEqualTo(last));
        assertThat(job.catchUpMissed()).isEmpty();
    }

    @Test
    void anArchiveEntryCountedByTheSnapshotIsNotCountedAgainWhenItsRemovalArrives() {
        Tenant t = Tenant.fresh();
        Event d = t.delivered(800);
        Event r = t.removed(d);
        Broker.applied(em, t.domainCreated(100_000), t.accountCreated(null), d, t.stored(r));
        assertThat(Usage.ofDomain(t.domain)).isEqualTo(new Usage(800, 1, 0, 0));
        // The owners already account the removal (still in flight to this service) and the archive entry.
        TotalsStub.answer(stub, "/internal/domains/" + t.domain,
                "{\"name\":\"" + t.domain + "\",\"occupiedBytes\":0,\"messageCount\":0}");
        TotalsStub.answer(stub, "/internal/domains/" + t.domain + "/archive/totals", "{\"bytes\":800,\"count\":1}");
        TotalsStub.answer(stub, "/internal/accounts/" + t.address + "/archive/totals", "{\"bytes\":800,\"count\":1}");
        job.run(Instant.now());
        assertThat(Usage.ofDomain(t.domain)).isEqualTo(new Usage(0, 0, 800, 1));

        Broker.applied(em, r);
        assertThat(Usage.ofDomain(t.domain)).isEqualTo(new Usage(0, 0, 800, 1));
        assertThat(Usage.ofAccount(t.address)).isEqualTo(new Usage(0, 0, 800, 1));
    }
}
