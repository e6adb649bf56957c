package io.postvault.quota.eviction;

import io.postvault.events.Event;
import io.postvault.events.EventType;
import io.postvault.events.data.EvictionRequested;
import io.postvault.events.data.QuotaScope;
import io.postvault.quota.config.QuotaConfig;
import io.postvault.quota.ledger.LedgerRow;
import io.postvault.quota.ledger.UsageLedger;
import io.postvault.quota.messaging.OutgoingEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Applies {@link EvictionPolicy} to a locked ledger row after each change: opens and closes episodes and records the
 * {@code quota.eviction-requested} event in the same transaction (the outbox {@link OutgoingEvents}).
 */
@ApplicationScoped
public class EvictionRequests {

    /** The {@code source} of every event this service emits. */
    public static final String SOURCE = "/postvault/quota-service";

    private static final Logger LOG = Logger.getLogger(EvictionRequests.class);

    private final UsageLedger ledger;
    private final OutgoingEvents outgoing;
    private final QuotaConfig.Eviction config;

    EvictionRequests(UsageLedger ledger, OutgoingEvents outgoing, QuotaConfig config) {
        this.ledger = ledger;
        this.outgoing = outgoing;
        this.config = config.eviction();
    }

    /** Re-reads the row and decides; returns the request recorded, if one was. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Event> evaluate(QuotaScope scope, String key) {
        LedgerRow row = ledger.find(scope, key).orElseThrow();
        Instant now = Instant.now();
        EvictionPolicy.Decision decision = EvictionPolicy.decide(row, now, config.reRequestAfter());
        if (decision.closeOpen()) {
            ledger.closeEpisode(scope, key);
        }
        if (decision.bytesToFree() <= 0 || (scope == QuotaScope.ACCOUNT && row.address() == null)) {
            return Optional.empty();
        }
        UUID requestId = UUID.randomUUID();
        ledger.openEpisode(scope, key, requestId, decision.bytesToFree(), now);
        Event event = Event.of(SOURCE, EventType.EVICTION_REQUESTED, row.domain(),
                scope == QuotaScope.ACCOUNT ? key : null,
                new EvictionRequested(requestId, scope, row.address(), row.quotaBytes(), row.occupiedBytes(),
                        row.archiveBytes(), decision.bytesToFree()));
        outgoing.record(event);
        LOG.infof("%s %s over quota (%d + %d > %d): requesting eviction of %d bytes (request %s)", scope,
                row.address() != null ? row.address() : row.domain(), row.occupiedBytes(), row.archiveBytes(),
                row.quotaBytes(), decision.bytesToFree(), requestId);
        return Optional.of(event);
    }
}
