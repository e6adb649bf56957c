package io.postvault.quota.warning;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.postvault.deploy.test.StackTestResource;
import io.postvault.events.Event;
import io.postvault.events.EventType;
import io.postvault.events.data.QuotaScope;
import io.postvault.events.data.QuotaWarning;
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

/** quota.warning on the real broker and database: once per crossing of 90 % of occupied space, archives aside. */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
@QuarkusTestResource(TotalsStub.class)
class OccupiedWarningTest {

    @Inject
    EntityManager em;

    @Test
    void warnsOncePerCrossingOfOccupiedSpace() {
        Tenant t = Tenant.fresh();
        Event d1 = t.delivered(5000);
        Event r1 = t.removed(d1);
        // 5,000 archived and 4,000 occupied: 90 % of the quota used, but archives make room by themselves.
        Broker.applied(em, t.domainCreated(10_000), t.accountCreated(null), d1, r1, t.stored(r1), t.delivered(4000));
        assertThat(warnings(t)).isEmpty();

        Event d2 = t.delivered(4000);
        Event d3 = t.delivered(1000);
        Broker.applied(em, d2, t.delivered(100), d3);
        List<QuotaWarning> warnings = warnings(t);
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0)).isEqualTo(new QuotaWarning(QuotaScope.DOMAIN, null, 10_000, 9100, 90));
        Broker.quotaEvents(t.domain, seen -> seen.stream().anyMatch(e -> e.type() == EventType.QUOTA_WARNING));

        // Down to 8,100 (81 %): re-armed. Past 90 % again: a second warning.
        Broker.applied(em, t.removed(d3), t.removed(d2), t.delivered(1000));
        assertThat(warnings(t)).hasSize(1);
        Broker.applied(em, t.delivered(4000));
        assertThat(warnings(t)).hasSize(2);
        assertThat(warnings(t).get(1).occupiedBytes()).isEqualTo(9100);

        // A larger plan re-arms it; a smaller one that puts the domain past 90 % warns at once.
        plan(t, 100_000);
        plan(t, 10_000);
        assertThat(warnings(t)).hasSize(3);
    }

    @Test
    void replayingTheCrossingWarnsNoMore() {
        Tenant t = Tenant.fresh();
        Event crossing = t.delivered(950);
        Broker.applied(em, t.domainCreated(1000), t.accountCreated(null), crossing);
        // The same partition keeps order: once the next event is applied, both replays have been read.
        Broker.send(crossing, crossing);
        Broker.applied(em, t.delivered(10));
        assertThat(warnings(t)).hasSize(1);
    }

    private static void plan(Tenant t, long quotaBytes) {
        given().contentType(ContentType.JSON).body("{\"quotaBytes\": " + quotaBytes + "}")
                .when().put("/internal/domains/" + t.domain + "/plan").then().statusCode(200);
    }

    private List<QuotaWarning> warnings(Tenant t) {
        return Outbox.recorded(em, t.domain, EventType.QUOTA_WARNING).stream()
                .map(e -> (QuotaWarning) e.data()).toList();
    }
}
