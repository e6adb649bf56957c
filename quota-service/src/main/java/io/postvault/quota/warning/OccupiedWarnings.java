package io.postvault.quota.warning;

import io.postvault.events.Event;
import io.postvault.events.EventType;
import io.postvault.events.data.QuotaScope;
import io.postvault.events.data.QuotaWarning;
import io.postvault.quota.config.QuotaConfig;
import io.postvault.quota.eviction.EvictionRequests;
import io.postvault.quota.ledger.LedgerRow;
import io.postvault.quota.ledger.UsageLedger;
import io.postvault.quota.messaging.OutgoingEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Applies {@link WarningPolicy} to a domain's ledger row (locked by the caller) after each change of its occupied space
 * or quota, and records {@code quota.warning} in the same transaction (the outbox {@link OutgoingEvents}): the flag and
 * the event commit together, so a crossing is reported once, whatever replays or restarts.
 */
@ApplicationScoped
public class OccupiedWarnings {

    private static final Logger LOG = Logger.getLogger(OccupiedWarnings.class);

    private final EntityManager em;
    private final UsageLedger ledger;
    private final OutgoingEvents outgoing;
    private final QuotaConfig.Warning config;

    OccupiedWarnings(EntityManager em, UsageLedger ledger, OutgoingEvents outgoing, QuotaConfig config) {
        this.em = em;
        this.ledger = ledger;
        this.outgoing = outgoing;
        this.config = config.warning();
    }

    /** Decides for the domain; returns the warning recorded, if one was. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Event> evaluate(String domain) {
        LedgerRow row = ledger.find(QuotaScope.DOMAIN, domain).orElseThrow();
        boolean warned = (Boolean) em.createNativeQuery(
                        "SELECT occupied_warned FROM usage_ledger WHERE scope = 'DOMAIN' AND scope_key = ?1")
                .setParameter(1, domain).getSingleResult();
        Long quota = row.deleted() ? null : row.quotaBytes();
        switch (WarningPolicy.decide(quota, row.occupiedBytes(), warned, config.percent(), config.rearmPercent())) {
            case REARM -> setWarned(domain, false);
            case WARN -> {
                setWarned(domain, true);
                Event event = Event.of(EvictionRequests.SOURCE, EventType.QUOTA_WARNING, domain, null,
                        new QuotaWarning(QuotaScope.DOMAIN, null, quota, row.occupiedBytes(), config.percent()));
                outgoing.record(event);
                LOG.infof("domain %s: occupied %d bytes passed %d%% of its quota of %d bytes", domain,
                        row.occupiedBytes(), config.percent(), quota);
                return Optional.of(event);
            }
            case NONE -> {
                // Still on the same side of the threshold.
            }
        }
        return Optional.empty();
    }

    private void setWarned(String domain, boolean warned) {
        em.createNativeQuery("UPDATE usage_ledger SET occupied_warned = ?2 WHERE scope = 'DOMAIN' AND scope_key = ?1")
                .setParameter(1, domain).setParameter(2, warned).executeUpdate();
    }
}
