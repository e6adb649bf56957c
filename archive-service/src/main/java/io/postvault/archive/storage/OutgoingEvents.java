package io.postvault.archive.storage;

import io.postvault.events.Event;
import io.postvault.events.EventCodec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The events this service emits, recorded in the transaction of the change they report (table outgoing_event). */
@ApplicationScoped
public class OutgoingEvents {

    private final EntityManager entityManager;

    OutgoingEvents(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** Records {@code event}, emitted because of the consumed event {@code causeId} (null when none). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(UUID causeId, Event event) {
        entityManager.createNativeQuery("""
                        INSERT INTO outgoing_event (event_id, cause_id, record_key, payload, created_at)
                        VALUES (?1, ?2, ?3, ?4, now())""")
                .setParameter(1, event.id()).setParameter(2, causeId).setParameter(3, event.key())
                .setParameter(4, EventCodec.encode(event)).executeUpdate();
    }

    /** The events recorded for the consumed event {@code causeId}, in the order they were recorded. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Event> causedBy(UUID causeId) {
        @SuppressWarnings("unchecked")
        List<byte[]> payloads = entityManager.createNativeQuery(
                        "SELECT payload FROM outgoing_event WHERE cause_id = ?1 ORDER BY created_at, event_id")
                .setParameter(1, causeId).getResultList();
        return payloads.stream().map(EventCodec::decode).toList();
    }

    /** Events not confirmed by the broker although recorded before {@code now - age}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Event> unsentOlderThan(Duration age, int limit) {
        @SuppressWarnings("unchecked")
        List<byte[]> payloads = entityManager.createNativeQuery("""
                        SELECT payload FROM outgoing_event WHERE sent_at IS NULL AND created_at < ?1
                        ORDER BY created_at, event_id LIMIT ?2""")
                .setParameter(1, Instant.now().minus(age)).setParameter(2, limit).getResultList();
        return payloads.stream().map(EventCodec::decode).toList();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void markSent(List<UUID> eventIds) {
        if (!eventIds.isEmpty()) {
            entityManager.createNativeQuery(
                            "UPDATE outgoing_event SET sent_at = now() WHERE event_id IN (:ids) AND sent_at IS NULL")
                    .setParameter("ids", eventIds).executeUpdate();
        }
    }

    /** Deletes sent events older than {@code age}; returns how many. */
    @Transactional(Transactional.TxType.MANDATORY)
    public int purgeSentOlderThan(Duration age) {
        return entityManager.createNativeQuery("DELETE FROM outgoing_event WHERE sent_at < ?1")
                .setParameter(1, Instant.now().minus(age)).executeUpdate();
    }
}
