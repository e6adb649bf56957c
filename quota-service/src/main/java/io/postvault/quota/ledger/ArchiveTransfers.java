package io.postvault.quota.ledger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.UUID;

/**
 * Pairs each archive entry with the event that sent it to the archive ({@code message.removed} or
 * {@code message.submitted}, on the mail topic) although the two halves arrive on different topics in either order
 * (table archive_transfer). A message's bytes enter archives when both halves have been seen, never before: until
 * then a removed message counts nowhere (briefly under-counted, never evicting for nothing), and an archive entry whose
 * removal is still in flight is not counted twice (it is still occupied). Callers hold the domain's ledger lock, which
 * serializes both consumers on a domain's transfers.
 */
@ApplicationScoped
public class ArchiveTransfers {

    private final EntityManager em;

    ArchiveTransfers(EntityManager em) {
        this.em = em;
    }

    /**
     * The source event {@code sourceId} of an archive entry was applied. Returns the archived size that now enters
     * archives, or 0 when the entry is not stored yet, was counted already, or is gone.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public long sourceSeen(UUID sourceId, String accountId, String domain) {
        List<Object[]> rows = select(sourceId);
        if (rows.isEmpty()) {
            em.createNativeQuery("""
                            INSERT INTO archive_transfer (source_event_id, account_id, domain, source_seen, state)
                            VALUES (?1, ?2, ?3, true, 'PENDING')""")
                    .setParameter(1, sourceId).setParameter(2, accountId).setParameter(3, domain).executeUpdate();
            return 0;
        }
        Object[] row = rows.get(0);
        boolean storedSeen = (Boolean) row[1];
        if (storedSeen && "PENDING".equals(row[2])) {
            update(sourceId, "COUNTED");
            return ((Number) row[0]).longValue();
        }
        em.createNativeQuery("UPDATE archive_transfer SET source_seen = true WHERE source_event_id = ?1")
                .setParameter(1, sourceId).executeUpdate();
        return 0;
    }

    /**
     * The archive stored entry {@code archiveId} of {@code size} bytes for the source event {@code sourceId}. Returns
     * the size when it now enters archives (its source was seen), else 0 (it waits for its source).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public long stored(UUID sourceId, UUID archiveId, long size, String accountId, String domain) {
        List<Object[]> rows = select(sourceId);
        if (rows.isEmpty()) {
            em.createNativeQuery("""
                            INSERT INTO archive_transfer (source_event_id, account_id, domain, archive_id, size,
                                stored_seen, state)
                            VALUES (?1, ?2, ?3, ?4, ?5, true, 'PENDING')""")
                    .setParameter(1, sourceId).setParameter(2, accountId).setParameter(3, domain)
                    .setParameter(4, archiveId).setParameter(5, size).executeUpdate();
            return 0;
        }
        boolean sourceSeen = (Boolean) rows.get(0)[3];
        boolean counts = sourceSeen && "PENDING".equals(rows.get(0)[2]);
        em.createNativeQuery("""
                        UPDATE archive_transfer SET archive_id = ?2, size = ?3, stored_seen = true, state = ?4
                        WHERE source_event_id = ?1""")
                .setParameter(1, sourceId).setParameter(2, archiveId).setParameter(3, size)
                .setParameter(4, counts ? "COUNTED" : rows.get(0)[2]).executeUpdate();
        return counts ? size : 0;
    }

    /**
     * Archive entry {@code archiveId} ({@code size} bytes) was evicted or deleted. Returns the bytes that leave
     * archives: its size when it was counted (or is unknown here, from before this ledger), 0 when it was still waiting
     * for its source, which then moves nothing into archives.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public long gone(UUID archiveId, long size) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                        "SELECT source_event_id, state FROM archive_transfer WHERE archive_id = ?1 FOR UPDATE")
                .setParameter(1, archiveId).getResultList();
        if (rows.isEmpty()) {
            return size;
        }
        String state = (String) rows.get(0)[1];
        em.createNativeQuery("UPDATE archive_transfer SET state = 'GONE' WHERE archive_id = ?1")
                .setParameter(1, archiveId).executeUpdate();
        return "COUNTED".equals(state) ? size : 0;
    }

    /**
     * The gauge replaced the domain's archives with the archive's own totals, which include the entries stored but
     * waiting for their source: those now count, so their source must not add them again.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int countWaitingEntries(String domain) {
        return em.createNativeQuery("""
                        UPDATE archive_transfer SET state = 'COUNTED'
                        WHERE domain = ?1 AND state = 'PENDING' AND stored_seen AND NOT source_seen""")
                .setParameter(1, domain).executeUpdate();
    }

    private void update(UUID sourceId, String state) {
        em.createNativeQuery("UPDATE archive_transfer SET source_seen = true, state = ?2 WHERE source_event_id = ?1")
                .setParameter(1, sourceId).setParameter(2, state).executeUpdate();
    }

    private List<Object[]> select(UUID sourceId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        SELECT size, stored_seen, state, source_seen FROM archive_transfer
                        WHERE source_event_id = ?1 FOR UPDATE""")
                .setParameter(1, sourceId).getResultList();
        return rows;
    }
}
