package io.postvault.common.inbox;

import io.postvault.events.Event;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * The consumer side of exactly-once effects over at-least-once delivery: a service records each event id it processed
 * in the same transaction as the event's effect, and skips ids it has seen. Each consuming service has the table
 * {@code processed_event} in its own schema.
 */
@ApplicationScoped
public class EventInbox {

    private final EntityManager entityManager;

    EventInbox(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /**
     * Records {@code event} as processed. Returns false when it already was: the caller then applies nothing. A
     * concurrent duplicate waits on the primary key until the first transaction ends, so at most one of them wins.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean firstDelivery(Event event) {
        return entityManager.createNativeQuery("""
                        INSERT INTO processed_event (event_id, type, processed_at)
                        VALUES (?1, ?2, now())
                        ON CONFLICT (event_id) DO NOTHING""")
                .setParameter(1, event.id())
                .setParameter(2, event.type().wireName())
                .executeUpdate() == 1;
    }
}
