package io.postvault.quota.support;

import io.postvault.events.Event;
import io.postvault.events.EventCodec;
import io.postvault.events.EventType;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.persistence.EntityManager;
import java.util.List;

/** The events this service recorded for publication (its outbox), read in the order they were recorded. */
public final class Outbox {

    private Outbox() {
    }

    public static List<Event> recorded(EntityManager em, String domain, EventType type) {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<byte[]> payloads = em.createNativeQuery(
                    "SELECT payload FROM outgoing_event WHERE record_key = ?1 ORDER BY created_at, event_id")
                    .setParameter(1, domain).getResultList();
            return payloads.stream().map(EventCodec::decode).filter(e -> e.type() == type).toList();
        });
    }
}
