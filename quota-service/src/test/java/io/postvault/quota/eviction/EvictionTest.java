package io.postvault.quota.eviction;

import static org.assertj.core.api.Assertions.assertThat;

import io.postvault.deploy.test.StackTestResource;
import io.postvault.events.Event;
import io.postvault.events.EventType;
import io.postvault.events.data.EvictionRequested;
import io.postvault.events.data.QuotaScope;
import io.postvault.quota.support.Broker;
import io.postvault.quota.support.Outbox;
import io.postvault.quota.support.Tenant;
import io.postvault.quota.support.TotalsStub;
import io.postvault.quota.support.Usage;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Eviction requests on the real broker and database: one per episode, and the ledger back within the quota after. */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
@QuarkusTestResource(TotalsStub.class)
class EvictionTest {

    @Inject
    EntityManager em;

    @Test
    void oneRequestPerEpisodeAndWithinQuotaOnceEvicted() {
        Tenant t = Tenant.fresh();
        Event d1 = t.delivered(3000);
        Event d2 = t.delivered(3000);
        Event r1 = t.removed(d1);
        Event r2 = t.removed(d2);
        Event s1 = t.stored(r1);
        Event s2 = t.stored(r2);
        Broker.applied(em, t.domainCreated(10_000), t.accountCreated(null), d1, d2, t.delivered(3000), r1, r2, s1, s2);
        assertThat(Usage.ofDomain(t.domain)).isEqualTo(new Usage(3000, 1, 6000, 2));
        assertThat(requests(t)).isEmpty();

        // Over by 1,000: one request. More mail while it is open: no further request.
        Broker.applied(em, t.delivered(2000));
        Broker.applied(em, t.delivered(500));
        Broker.applied(em, t.delivered(500));
        List<EvictionRequested> requests = requests(t);
        assertThat(requests).hasSize(1);
        EvictionRequested request = requests.get(0);
        assertThat(request.scope()).isEqualTo(QuotaScope.DOMAIN);
        assertThat(request.bytesToFree()).isEqualTo(1000);
        assertThat(request.quotaBytes()).isEqualTo(10_000);
        Broker.quotaEvents(t.domain, seen -> seen.stream().anyMatch(e -> e.type() == EventType.EVICTION_REQUESTED));

        // The archive evicts its oldest entry (3,000 >= 1,000 asked): within the quota again, the episode is over.
        Broker.applied(em, t.evicted(request.requestId(), s1));
        Usage after = Usage.ofDomain(t.domain);
        assertThat(after).isEqualTo(new Usage(6000, 4, 3000, 1));
        assertThat(after.occupiedBytes() + after.archiveBytes()).isLessThanOrEqualTo(10_000);
        assertThat(requests(t)).hasSize(1);

        // Over again: a new episode, a new request.
        Broker.applied(em, t.delivered(1500));
        assertThat(requests(t)).hasSize(2);
        assertThat(requests(t).get(1).bytesToFree()).isEqualTo(500);
    }

    @Test
    void occupiedAloneOverTheQuotaRequestsNothing() {
        Tenant t = Tenant.fresh();
        Broker.applied(em, t.domainCreated(1000), t.accountCreated(null), t.delivered(800), t.delivered(800));
        assertThat(requests(t)).as("no archives to evict").isEmpty();
    }

    @Test
    void accountCapOverflowRequestsEvictionOfThatAccount() {
        Tenant t = Tenant.fresh();
        Event d = t.delivered(4000);
        Event r = t.removed(d);
        Broker.applied(em, t.domainCreated(1_000_000), t.accountCreated(5000L), d, r, t.stored(r));
        Broker.applied(em, t.delivered(1500));
        List<EvictionRequested> requests = requests(t);
        assertThat(requests).hasSize(1);
        assertThat(requests.get(0).scope()).isEqualTo(QuotaScope.ACCOUNT);
        assertThat(requests.get(0).address()).isEqualTo(t.address);
        assertThat(requests.get(0).bytesToFree()).isEqualTo(500);
    }

    private List<EvictionRequested> requests(Tenant t) {
        return Outbox.recorded(em, t.domain, EventType.EVICTION_REQUESTED).stream()
                .map(e -> (EvictionRequested) e.data()).toList();
    }
}
