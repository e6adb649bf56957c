package io.postvault.quota.gauge;

import io.postvault.events.data.QuotaScope;
import io.postvault.quota.ledger.LedgerRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/** The daily gauge history (table usage_snapshot) and the record of runs (table gauge_run). */
@ApplicationScoped
public class Snapshots {

    /** One day's snapshot of a domain or an account. */
    public record Snapshot(LocalDate day, Long quotaBytes, long occupiedBytes, long occupiedCount, long archiveBytes,
                           long archiveCount, long occupiedDrift, long archiveDrift, Instant takenAt) {

        public Long freeBytes() {
            return quotaBytes == null ? null : Math.max(0, quotaBytes - occupiedBytes - archiveBytes);
        }
    }

    private final EntityManager em;

    Snapshots(EntityManager em) {
        this.em = em;
    }

    /** Records the exact figures of {@code row}'s scope for {@code day}, replacing a snapshot of the same day. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(LocalDate day, LedgerRow row, long occupiedBytes, long occupiedCount, long archiveBytes,
            long archiveCount, long occupiedDrift, long archiveDrift, Instant takenAt) {
        em.createNativeQuery("""
                        INSERT INTO usage_snapshot (day, scope, scope_key, domain, address, quota_bytes, occupied_bytes,
                            occupied_count, archive_bytes, archive_count, occupied_drift, archive_drift, taken_at)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
                        ON CONFLICT (scope, scope_key, day) DO UPDATE SET quota_bytes = EXCLUDED.quota_bytes,
                            occupied_bytes = EXCLUDED.occupied_bytes, occupied_count = EXCLUDED.occupied_count,
                            archive_bytes = EXCLUDED.archive_bytes, archive_count = EXCLUDED.archive_count,
                            occupied_drift = EXCLUDED.occupied_drift, archive_drift = EXCLUDED.archive_drift,
                            taken_at = EXCLUDED.taken_at""")
                .setParameter(1, Date.valueOf(day)).setParameter(2, row.scope().name()).setParameter(3, row.key())
                .setParameter(4, row.domain()).setParameter(5, row.address()).setParameter(6, row.quotaBytes())
                .setParameter(7, occupiedBytes).setParameter(8, occupiedCount).setParameter(9, archiveBytes)
                .setParameter(10, archiveCount).setParameter(11, occupiedDrift).setParameter(12, archiveDrift)
                .setParameter(13, Timestamp.from(takenAt)).executeUpdate();
    }

    /** The snapshots of a scope since {@code from} (inclusive), newest first. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Snapshot> history(QuotaScope scope, String key, LocalDate from) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        SELECT day, quota_bytes, occupied_bytes, occupied_count, archive_bytes, archive_count,
                            occupied_drift, archive_drift, taken_at
                        FROM usage_snapshot WHERE scope = ?1 AND scope_key = ?2 AND day >= ?3 ORDER BY day DESC""")
                .setParameter(1, scope.name()).setParameter(2, key).setParameter(3, Date.valueOf(from))
                .getResultList();
        return rows.stream().map(Snapshots::snapshot).toList();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Snapshot> latest(QuotaScope scope, String key) {
        return history(scope, key, LocalDate.of(1970, 1, 1)).stream().findFirst();
    }

    /** Whether a run scheduled at {@code scheduledFor} (or later) has finished. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean finishedSince(Instant scheduledFor) {
        return ((Number) em.createNativeQuery(
                        "SELECT count(*) FROM gauge_run WHERE scheduled_for >= ?1 AND finished_at IS NOT NULL")
                .setParameter(1, Timestamp.from(scheduledFor)).getSingleResult()).longValue() > 0;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void started(Instant scheduledFor) {
        em.createNativeQuery("""
                        INSERT INTO gauge_run (scheduled_for, started_at) VALUES (?1, now())
                        ON CONFLICT (scheduled_for) DO UPDATE SET started_at = now(), finished_at = NULL""")
                .setParameter(1, Timestamp.from(scheduledFor)).executeUpdate();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void finished(Instant scheduledFor) {
        em.createNativeQuery("UPDATE gauge_run SET finished_at = now() WHERE scheduled_for = ?1")
                .setParameter(1, Timestamp.from(scheduledFor)).executeUpdate();
    }

    private static Snapshot snapshot(Object[] r) {
        LocalDate day = r[0] instanceof Date d ? d.toLocalDate() : (LocalDate) r[0];
        Object taken = r[8];
        Instant takenAt = taken instanceof Timestamp t ? t.toInstant()
                : taken instanceof OffsetDateTime o ? o.toInstant() : (Instant) taken;
        return new Snapshot(day, r[1] == null ? null : ((Number) r[1]).longValue(), ((Number) r[2]).longValue(),
                ((Number) r[3]).longValue(), ((Number) r[4]).longValue(), ((Number) r[5]).longValue(),
                ((Number) r[6]).longValue(), ((Number) r[7]).longValue(), takenAt);
    }
}
