package io.postvault.quota.messaging;

import io.postvault.events.Event;
import io.postvault.events.EventCodec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The outbox of this service (table outgoing_event): every event it emits is recorded in the transaction of the
 * decision it reports, so a crash can delay it but never lose it.
 */
@ApplicationScoped
public class OutgoingEvents {

    private final EntityManager em;

    OutgoingEvents(EntityManager em) {
        this.em = em;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void record(Event event) {
        em.createNativeQuery("""
                        INSERT INTO outgoing_event (event_id, record_key, payload, created_at)
                        VALUES (?1, ?2, ?3, now())""")
                .setParameter(1, event.id()).setParameter(2, event.key()).setParameter(3, EventCodec.encode(event))
                .executeUpdate();
    }

    /** Events not confirmed by the broker although recorded before {@code now - age}, oldest first. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Event> unsentOlderThan(Duration age, int limit) {
        @SuppressWarnings("unchecked")
        List<byte[]> payloads = em.createNativeQuery("""
                        SELECT payload FROM outgoing_event WHERE sent_at IS NULL AND created_at < ?1
                        ORDER BY created_at, event_id LIMIT ?2""")
                .setParameter(1, Timestamp.from(Instant.now().minus(age))).setParameter(2, limit).getResultList();
        return payloads.stream().map(EventCodec::decode).toList();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void markSent(List<UUID> eventIds) {
        if (!eventIds.isEmpty()) {
            em.createNativeQuery(
                            "UPDATE outgoing_event SET sent_at = now() WHERE event_id IN (:ids) AND sent_at IS NULL")
                    .setParameter("ids", eventIds).executeUpdate();
        }
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public int purgeSentOlderThan(Duration age) {
        return em.createNativeQuery("DELETE FROM outgoing_event WHERE sent_at IS NOT NULL AND sent_at < ?1")
                .setParameter(1, Timestamp.from(Instant.now().minus(age))).executeUpdate();
    }
}
