package io.postvault.quota.messaging;

import static org.awaitility.Awaitility.await;

import io.postvault.deploy.test.StackTestResource;
import io.postvault.events.Event;
import io.postvault.events.EventCodec;
import io.postvault.events.EventType;
import io.postvault.events.data.PlanChanged;
import io.postvault.events.data.QuotaScope;
import io.postvault.quota.support.Broker;
import io.postvault.quota.support.TotalsStub;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A decision committed with its event, but the process died before publishing: the relay publishes it. */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
@QuarkusTestResource(TotalsStub.class)
class OutgoingEventRelayTest {

    @Inject
    EntityManager em;

    @Test
    void anEventCommittedButNeverPublishedIsPublishedByTheRelay() {
        String domain = "relay-" + UUID.randomUUID().toString().substring(0, 8) + ".test";
        Event event = Event.of("/postvault/quota-service", EventType.PLAN_CHANGED, domain, null,
                new PlanChanged(QuotaScope.DOMAIN, null, 4242L));
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                        INSERT INTO outgoing_event (event_id, record_key, payload, created_at)
                        VALUES (?1, ?2, ?3, now() - interval '1 hour')""")
                .setParameter(1, event.id()).setParameter(2, event.key()).setParameter(3, EventCodec.encode(event))
                .executeUpdate());

        Broker.quotaEvents(domain, seen -> seen.contains(event));
        await().atMost(Broker.PATIENCE).until(() -> QuarkusTransaction.requiringNew().call(() -> em
                .createNativeQuery("SELECT sent_at IS NOT NULL FROM outgoing_event WHERE event_id = ?1")
                .setParameter(1, event.id()).getSingleResult()).equals(Boolean.TRUE));
    }
}
