package io.postvault.quota.ledger;

import io.postvault.events.data.QuotaScope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The rows of the usage ledger (table usage_ledger). Callers take the DOMAIN row's lock ({@link #lock}) before touching
 * any ACCOUNT row of the domain, so that the mail and archive consumers, the REST API and the gauge serialize per
 * domain and never deadlock.
 */
@ApplicationScoped
public class UsageLedger {

    private static final String COLUMNS = """
            scope, scope_key, domain, address, quota_bytes, occupied_bytes, occupied_count, archive_bytes,
            archive_count, deleted, eviction_request_id, eviction_requested_bytes, eviction_freed_bytes,
            eviction_requested_at, updated_at""";

    private final EntityManager em;

    UsageLedger(EntityManager em) {
        this.em = em;
    }

    /** Creates the domain's row if missing, then locks it: the first lock of every change in the domain. */
    @Transactional(Transactional.TxType.MANDATORY)
    public LedgerRow lockDomain(String domain) {
        em.createNativeQuery("""
                        INSERT INTO usage_ledger (scope, scope_key, domain) VALUES ('DOMAIN', ?1, ?1)
                        ON CONFLICT (scope, scope_key) DO NOTHING""")
                .setParameter(1, domain).executeUpdate();
        return lock(QuotaScope.DOMAIN, domain).orElseThrow();
    }

    /** Creates the account's row if missing (its domain's row must be locked already), then locks it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public LedgerRow lockAccount(String accountId, String domain, String address) {
        em.createNativeQuery("""
                        INSERT INTO usage_ledger (scope, scope_key, domain, address) VALUES ('ACCOUNT', ?1, ?2, ?3)
                        ON CONFLICT (scope, scope_key) DO NOTHING""")
                .setParameter(1, accountId).setParameter(2, domain).setParameter(3, address).executeUpdate();
        if (address != null) {
            em.createNativeQuery("""
                            UPDATE usage_ledger SET address = ?2
                            WHERE scope = 'ACCOUNT' AND scope_key = ?1 AND address IS NULL""")
                    .setParameter(1, accountId).setParameter(2, address).executeUpdate();
        }
        return lock(QuotaScope.ACCOUNT, accountId).orElseThrow();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<LedgerRow> lock(QuotaScope scope, String key) {
        return first(em.createNativeQuery("SELECT " + COLUMNS
                        + " FROM usage_ledger WHERE scope = ?1 AND scope_key = ?2 FOR UPDATE")
                .setParameter(1, scope.name()).setParameter(2, key));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<LedgerRow> find(QuotaScope scope, String key) {
        return first(em.createNativeQuery("SELECT " + COLUMNS + " FROM usage_ledger WHERE scope = ?1 AND scope_key = ?2")
                .setParameter(1, scope.name()).setParameter(2, key));
    }

    /** The account row with this address (the live one first, should a deleted one share it). */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<LedgerRow> findAccount(String address) {
        return first(em.createNativeQuery("SELECT " + COLUMNS + """
                         FROM usage_ledger WHERE scope = 'ACCOUNT' AND address = ?1
                        ORDER BY deleted, updated_at DESC LIMIT 1""")
                .setParameter(1, address));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<LedgerRow> findByRequest(UUID requestId) {
        return first(em.createNativeQuery("SELECT " + COLUMNS + " FROM usage_ledger WHERE eviction_request_id = ?1")
                .setParameter(1, requestId));
    }

    /** Every account row of the domain, the largest users (occupied + archives) first. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<LedgerRow> accountsByUsage(String domain, int limit) {
        return rows(em.createNativeQuery("SELECT " + COLUMNS + """
                         FROM usage_ledger WHERE scope = 'ACCOUNT' AND domain = ?1
                        ORDER BY occupied_bytes + archive_bytes DESC, address LIMIT ?2""")
                .setParameter(1, domain).setParameter(2, limit));
    }

    /** Every account row of the domain, deleted ones included (their archives still count). */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<LedgerRow> accounts(String domain) {
        return rows(em.createNativeQuery("SELECT " + COLUMNS
                        + " FROM usage_ledger WHERE scope = 'ACCOUNT' AND domain = ?1 ORDER BY scope_key")
                .setParameter(1, domain));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public List<String> domains() {
        @SuppressWarnings("unchecked")
        List<String> names = em.createNativeQuery(
                "SELECT scope_key FROM usage_ledger WHERE scope = 'DOMAIN' AND NOT deleted ORDER BY scope_key")
                .getResultList();
        return names;
    }

    /** Adds to the row's usage; a figure that would go below zero stops at zero (the gauge corrects such drift). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void add(QuotaScope scope, String key, long occupiedBytes, long occupiedCount, long archiveBytes,
            long archiveCount) {
        em.createNativeQuery("""
                        UPDATE usage_ledger SET occupied_bytes = GREATEST(0, occupied_bytes + ?3),
                            occupied_count = GREATEST(0, occupied_count + ?4),
                            archive_bytes = GREATEST(0, archive_bytes + ?5),
                            archive_count = GREATEST(0, archive_count + ?6), updated_at = now()
                        WHERE scope = ?1 AND scope_key = ?2""")
                .setParameter(1, scope.name()).setParameter(2, key).setParameter(3, occupiedBytes)
                .setParameter(4, occupiedCount).setParameter(5, archiveBytes).setParameter(6, archiveCount)
                .executeUpdate();
    }

    /** Replaces the row's usage with exact figures (the gauge's correction). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void set(QuotaScope scope, String key, long occupiedBytes, long occupiedCount, long archiveBytes,
            long archiveCount) {
        em.createNativeQuery("""
                        UPDATE usage_ledger SET occupied_bytes = ?3, occupied_count = ?4, archive_bytes = ?5,
                            archive_count = ?6, updated_at = now()
                        WHERE scope = ?1 AND scope_key = ?2""")
                .setParameter(1, scope.name()).setParameter(2, key).setParameter(3, occupiedBytes)
                .setParameter(4, occupiedCount).setParameter(5, archiveBytes).setParameter(6, archiveCount)
                .executeUpdate();
    }

    /** Sets the plan quota (domain) or cap (account; null = none). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void setQuota(QuotaScope scope, String key, Long quotaBytes) {
        em.createNativeQuery("UPDATE usage_ledger SET quota_bytes = ?3, updated_at = now()"
                        + " WHERE scope = ?1 AND scope_key = ?2")
                .setParameter(1, scope.name()).setParameter(2, key).setParameter(3, quotaBytes).executeUpdate();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void markDeleted(QuotaScope scope, String key) {
        em.createNativeQuery("UPDATE usage_ledger SET deleted = true, updated_at = now()"
                        + " WHERE scope = ?1 AND scope_key = ?2")
                .setParameter(1, scope.name()).setParameter(2, key).executeUpdate();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void revive(QuotaScope scope, String key) {
        em.createNativeQuery("UPDATE usage_ledger SET deleted = false, updated_at = now()"
                        + " WHERE scope = ?1 AND scope_key = ?2")
                .setParameter(1, scope.name()).setParameter(2, key).executeUpdate();
    }

    /** Opens an eviction episode: the request sent for {@code bytes}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void openEpisode(QuotaScope scope, String key, UUID requestId, long bytes, Instant at) {
        em.createNativeQuery("""
                        UPDATE usage_ledger SET eviction_request_id = ?3, eviction_requested_bytes = ?4,
                            eviction_freed_bytes = 0, eviction_requested_at = ?5
                        WHERE scope = ?1 AND scope_key = ?2""")
                .setParameter(1, scope.name()).setParameter(2, key).setParameter(3, requestId)
                .setParameter(4, bytes).setParameter(5, Timestamp.from(at)).executeUpdate();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void closeEpisode(QuotaScope scope, String key) {
        em.createNativeQuery("""
                        UPDATE usage_ledger SET eviction_request_id = NULL, eviction_requested_bytes = NULL,
                            eviction_freed_bytes = NULL, eviction_requested_at = NULL
                        WHERE scope = ?1 AND scope_key = ?2""")
                .setParameter(1, scope.name()).setParameter(2, key).executeUpdate();
    }

    /** Counts bytes the archive reports freed in answer to {@code requestId}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void addFreed(UUID requestId, long bytes) {
        em.createNativeQuery("UPDATE usage_ledger SET eviction_freed_bytes = eviction_freed_bytes + ?2"
                        + " WHERE eviction_request_id = ?1")
                .setParameter(1, requestId).setParameter(2, bytes).executeUpdate();
    }

    private Optional<LedgerRow> first(Query query) {
        return rows(query).stream().findFirst();
    }

    private static List<LedgerRow> rows(Query query) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.getResultList();
        return rows.stream().map(UsageLedger::row).toList();
    }

    private static LedgerRow row(Object[] r) {
        return new LedgerRow(QuotaScope.valueOf((String) r[0]), (String) r[1], (String) r[2], (String) r[3],
                r[4] == null ? null : ((Number) r[4]).longValue(), ((Number) r[5]).longValue(),
                ((Number) r[6]).longValue(), ((Number) r[7]).longValue(), ((Number) r[8]).longValue(),
                (Boolean) r[9], (UUID) r[10], r[11] == null ? 0 : ((Number) r[11]).longValue(),
                r[12] == null ? 0 : ((Number) r[12]).longValue(), instant(r[13]), instant(r[14]));
    }

    static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        return ((Timestamp) value).toInstant();
    }
}
