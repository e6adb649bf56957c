package io.postvault.protocol.store.pg;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

/**
 * A domain's occupied bytes and message count, kept in {@value #STRIPES} rows per domain (V44): a writer adds to the
 * stripe of its account, so that deliveries, APPENDs and removals of different accounts in one domain do not queue on
 * one row lock held to their commits; the domain's figures are the sums of its stripes.
 *
 * <p>The quota stays exact with each writer locking its stripe only: a stripe may grow up to its allowance, and the
 * allowances of a domain add up to its quota at most. A writer whose stripe would pass its allowance locks every
 * stripe of the domain, checks the exact sum against the quota and shares what is free out again ({@link #REBALANCE}):
 * the rare path, taken for every write only when the domain is nearly full.
 */
public final class DomainUsage {

    /** Rows per domain: changing it needs a migration that makes the rows of every domain (V44 made 16). */
    public static final int STRIPES = 16;

    /** A new domain's stripes (domain), allowances still 0: {@link #REBALANCE} shares the quota out. */
    public static final String CREATE = "INSERT INTO domain_usage (domain, stripe) SELECT ?, generate_series(0, "
            + (STRIPES - 1) + ")";

    /** Adds (bytes, messages, domain, stripe) to one stripe whatever its allowance: removals, or under lock. */
    static final String ADD = """
            UPDATE domain_usage SET occupied_bytes = occupied_bytes + ?, message_count = message_count + ?
            WHERE domain = ? AND stripe = ?""";

    /** Adds (bytes, messages, domain, stripe, bytes) to one stripe if it stays within its allowance: else 0 rows. */
    static final String ADD_WITHIN_ALLOWANCE = """
            UPDATE domain_usage SET occupied_bytes = occupied_bytes + ?, message_count = message_count + ?
            WHERE domain = ? AND stripe = ? AND occupied_bytes + ? <= allowance_bytes""";

    /** Locks every stripe of the domains (an array), in the lock order: a row (domain, quota, occupied) per domain. */
    public static final String LOCK_DOMAINS = """
            WITH locked AS (
                SELECT domain, occupied_bytes FROM domain_usage WHERE domain = ANY (?)
                ORDER BY domain COLLATE "C", stripe FOR NO KEY UPDATE)
            SELECT l.domain, d.quota_bytes, sum(l.occupied_bytes)::bigint
            FROM locked l JOIN domain d ON d.name = l.domain GROUP BY l.domain, d.quota_bytes""";

    /**
     * Gives each stripe of the domain (its rows locked) an allowance: what it holds plus an even share of what the
     * quota leaves free, so that the allowances add up to the quota. A domain past its quota (the quota was lowered)
     * gets no allowance at all: every write takes the locked path until one fits again, else a stripe that freed
     * space could fill it again while the domain is still past its quota.
     */
    public static final String REBALANCE = """
            UPDATE domain_usage u SET allowance_bytes = CASE WHEN f.free < 0 THEN 0
                ELSE u.occupied_bytes + f.free / %1$d + CASE WHEN u.stripe = 0 THEN f.free %% %1$d ELSE 0 END END
            FROM (SELECT s.domain, (d.quota_bytes - sum(s.occupied_bytes))::bigint AS free
                  FROM domain_usage s JOIN domain d ON d.name = s.domain WHERE s.domain = ?
                  GROUP BY s.domain, d.quota_bytes) f
            WHERE u.domain = f.domain""".formatted(STRIPES);

    private DomainUsage() {
    }

    /** The stripe an account writes to: the last hex digit of its id (random for the ids this service makes). */
    public static int stripe(UUID accountId) {
        return (int) (accountId.getLeastSignificantBits() & (STRIPES - 1));
    }

    /**
     * The rare path of a writer whose stripe's allowance is short, holding no stripe of the domain yet: locks them all,
     * adds to {@code stripe} if the domain's exact sum leaves room, and shares the free space out again.
     *
     * @return false when the quota does not allow the bytes (nothing added), or the domain is gone
     */
    static boolean addLocked(Connection c, String domain, int stripe, long bytes, long messages) throws SQLException {
        List<Object[]> locked = new StatementPipeline().add(LOCK_DOMAINS, (Object) new String[] {domain}).execute(c)
                .get(0).rows();
        if (locked.isEmpty() || !PgQuotaLimits.fits((Long) locked.get(0)[1], (Long) locked.get(0)[2], null, 0,
                bytes)) {
            return false;
        }
        new StatementPipeline().add(ADD, bytes, messages, domain, stripe).add(REBALANCE, domain).execute(c);
        return true;
    }
}
