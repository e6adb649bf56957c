package io.postvault.protocol.quota;

import io.agroal.api.AgroalDataSource;
import io.postvault.events.data.PlanChanged;
import io.postvault.events.data.QuotaScope;
import io.postvault.protocol.store.pg.StoreException;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Locale;
import org.jboss.logging.Logger;

/**
 * Applies a plan decided by quota-service to this service's own limits: the domain's {@code quota_bytes} or the
 * account's cap, which every delivery and APPEND reads from the database (the quick check and the check under lock).
 * The next delivery on any replica sees the new limit; no round trip to quota-service per message. One single-row
 * update per change, so it holds no lock that could order against a delivery's.
 */
@ApplicationScoped
public class PlanLimits {

    private static final Logger LOG = Logger.getLogger(PlanLimits.class);

    private final AgroalDataSource dataSource;

    PlanLimits(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Applies {@code plan} of {@code domain}; returns whether a domain or account of that name was there. */
    public boolean apply(String domain, PlanChanged plan) {
        if (plan.scope() == QuotaScope.DOMAIN && plan.quotaBytes() == null) {
            LOG.warnf("plan change for domain %s without quota ignored", domain);
            return false;
        }
        String sql = plan.scope() == QuotaScope.DOMAIN
                ? "UPDATE domain SET quota_bytes = ? WHERE name = ?"
                : "UPDATE account SET quota_bytes = ? WHERE address = ?";
        String name = (plan.scope() == QuotaScope.DOMAIN ? domain : plan.address()).toLowerCase(Locale.ROOT);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (plan.quotaBytes() == null) {
                ps.setNull(1, Types.BIGINT);
            } else {
                ps.setLong(1, plan.quotaBytes());
            }
            ps.setString(2, name);
            boolean found = ps.executeUpdate() > 0;
            if (found) {
                LOG.infof("plan of %s %s: %s bytes", plan.scope(), name,
                        plan.quotaBytes() == null ? "no cap" : plan.quotaBytes());
            } else {
                LOG.debugf("plan change for unknown %s %s ignored", plan.scope(), name);
            }
            return found;
        } catch (SQLException e) {
            throw new StoreException("could not apply the plan of " + name + ": " + e.getMessage(), e);
        }
    }
}
