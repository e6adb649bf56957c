package io.postvault.archive.support;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Read-only looks into the archive schema, for assertions. */
@ApplicationScoped
public class ArchiveDb {

    private final EntityManager entityManager;

    ArchiveDb(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** The id of the entry archived from event {@code sourceEventId}, if any. */
    public Optional<UUID> entryOf(UUID sourceEventId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<UUID> ids = entityManager.createNativeQuery(
                    "SELECT id FROM archive_entry WHERE source_event_id = ?1").setParameter(1, sourceEventId)
                    .getResultList();
            return ids.stream().findFirst();
        });
    }

    public long count(String sqlWhere, Object... params) {
        return QuarkusTransaction.requiringNew().call(() -> {
            var query = entityManager.createNativeQuery("SELECT count(*) FROM archive_entry WHERE " + sqlWhere);
            for (int i = 0; i < params.length; i++) {
                query.setParameter(i + 1, params[i]);
            }
            return ((Number) query.getSingleResult()).longValue();
        });
    }

    /** The reference count of {@code blobId}, or -1 when the archive holds no row for it. */
    public int refs(String blobId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<Number> refs = entityManager.createNativeQuery("SELECT refs FROM archive_blob WHERE blob_id = ?1")
                    .setParameter(1, blobId).getResultList();
            return refs.isEmpty() ? -1 : refs.get(0).intValue();
        });
    }

    public boolean processed(UUID eventId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(
                "SELECT count(*) FROM processed_event WHERE event_id = ?1").setParameter(1, eventId)
                .getSingleResult()).longValue() == 1);
    }
}
