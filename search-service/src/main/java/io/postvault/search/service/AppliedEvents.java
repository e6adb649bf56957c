package io.postvault.search.service;

import io.postvault.events.Event;
import io.postvault.search.config.SearchConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

/**
 * The events this replica applied to its index (table {@code processed_event}, keyed by replica and event id). The
 * other services record an event once for the service ({@code common}'s EventInbox), because their effect is one row in
 * a shared database; here the effect is a change of this replica's own index, so each replica records its own: one
 * replica's record never makes another skip an event its index has not seen.
 */
@ApplicationScoped
public class AppliedEvents {

    private final EntityManager entityManager;
    private final String replica;

    AppliedEvents(EntityManager entityManager, SearchConfig config) {
        this.entityManager = entityManager;
        this.replica = config.replica();
    }

    /** Whether this replica applied {@code event} and committed its effect. */
    public boolean contains(Event event) {
        return QuarkusTransaction.requiringNew().call(() -> !entityManager
                .createNativeQuery("SELECT 1 FROM processed_event WHERE replica = ?1 AND event_id = ?2")
                .setParameter(1, replica).setParameter(2, event.id()).getResultList().isEmpty());
    }

    /** Records {@code event} as applied by this replica (once its effect is committed); a second record is a no-op. */
    public void record(Event event) {
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("""
                        INSERT INTO processed_event (replica, event_id, type, processed_at)
                        VALUES (?1, ?2, ?3, now())
                        ON CONFLICT (replica, event_id) DO NOTHING""")
                .setParameter(1, replica)
                .setParameter(2, event.id())
                .setParameter(3, event.type().wireName())
                .executeUpdate());
    }
}
