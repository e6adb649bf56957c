package io.postvault.protocol.store.pg;

import io.agroal.api.AgroalDataSource;
import io.postvault.protocol.store.Mailbox;
import io.postvault.protocol.store.QuotaLimits;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Occupied-space limits from this service's own counters: the domain's plan quota and the account's optional cap
 * (archives never count). A quick answer without locks; delivery checks again under lock, so concurrent deliveries
 * cannot overshoot.
 */
@ApplicationScoped
public class PgQuotaLimits implements QuotaLimits {

    private final AgroalDataSource dataSource;

    PgQuotaLimits(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public boolean fits(Mailbox mailbox, long size) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     SELECT d.quota_bytes, (SELECT sum(s.occupied_bytes) FROM domain_usage s WHERE s.domain = a.domain),
                         a.quota_bytes, au.occupied_bytes
                     FROM account a
                     JOIN domain d ON d.name = a.domain
                     JOIN account_usage au ON au.account_id = a.id
                     WHERE a.id = ?""")) {
            ps.setObject(1, mailbox.accountId());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return false;
                }
                long cap = rs.getLong(3);
                boolean capped = !rs.wasNull();
                return fits(rs.getLong(1), rs.getLong(2), capped ? cap : null, rs.getLong(4), size);
            }
        } catch (SQLException e) {
            throw new StoreException("could not read the quota of " + mailbox.address() + ": " + e.getMessage(), e);
        }
    }

    /** The quota arithmetic: occupied + size within the domain plan and within the account cap (when it has one). */
    static boolean fits(long domainQuota, long domainOccupied, Long accountCap, long accountOccupied, long size) {
        if (size < 0 || domainOccupied + size > domainQuota) {
            return false;
        }
        return accountCap == null || accountOccupied + size <= accountCap;
    }
}
