package io.postvault.protocol.quota;

import io.agroal.api.AgroalDataSource;
import io.postvault.events.data.PlanChanged;
import io.postvault.events.data.QuotaScope;
import io.postvault.protocol.store.pg.DomainUsage;
import io.postvault.protocol.store.pg.StatementPipeline;
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
 * The next delivery on any replica sees the new limit; no round trip to quota-service per message. An account's cap is
 * one single-row update; a domain's quota also shares itself out again between the stripes of the domain's usage,
 * locked in the writers' order (DomainUsage).
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
        String name = (plan.scope() == QuotaScope.DOMAIN ? domain : plan.address()).toLowerCase(Locale.ROOT);
        try (Connection c = dataSource.getConnection()) {
            boolean found;
            if (plan.scope() == QuotaScope.DOMAIN) {
                // one implicit transaction: the new quota, and its share for each stripe of the domain's usage (V44)
                found = new StatementPipeline()
                        .add("UPDATE domain SET quota_bytes = ? WHERE name = ?", plan.quotaBytes(), name)
                        .add(DomainUsage.LOCK_DOMAINS, (Object) new String[] {name})
                        .add(DomainUsage.REBALANCE, name)
                        .execute(c).get(0).updateCount() > 0;
            } else {
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE account SET quota_bytes = ? WHERE address = ?")) {
                    if (plan.quotaBytes() == null) {
                        ps.setNull(1, Types.BIGINT);
                    } else {
                        ps.setLong(1, plan.quotaBytes());
                    }
                    ps.setString(2, name);
                    found = ps.executeUpdate() > 0;
                }
            }
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
