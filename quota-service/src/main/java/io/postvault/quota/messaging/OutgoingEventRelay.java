package io.postvault.quota.messaging;

import io.postvault.events.Event;
import io.postvault.quota.config.QuotaConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Publishes what a crash or a broker outage between a commit and its publication left unconfirmed (same event ids, so
 * consumers deduplicate), and forgets confirmed events past their keeping time.
 */
@ApplicationScoped
public class OutgoingEventRelay {

    private static final Logger LOG = Logger.getLogger(OutgoingEventRelay.class);
    private static final int BATCH = 500;

    private final OutgoingEvents outgoing;
    private final QuotaEventPublisher publisher;
    private final QuotaConfig.Events config;

    OutgoingEventRelay(OutgoingEvents outgoing, QuotaEventPublisher publisher, QuotaConfig config) {
        this.outgoing = outgoing;
        this.publisher = publisher;
        this.config = config.events();
    }

    @Scheduled(identity = "quota-relay", every = "{postvault.quota.events.relay-every}",
            delayed = "{postvault.quota.events.relay-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        try {
            List<Event> unsent = QuarkusTransaction.requiringNew()
                    .call(() -> outgoing.unsentOlderThan(config.resendAfter(), BATCH));
            if (!unsent.isEmpty()) {
                LOG.infof("re-publishing %d unconfirmed quota events", unsent.size());
                publisher.publish(unsent);
            }
            QuarkusTransaction.requiringNew().run(() -> outgoing.purgeSentOlderThan(config.keepSent()));
        } catch (RuntimeException e) {
            LOG.warnf("quota event relay: %s (next try in %s)", e.getMessage(), config.relayEvery());
        }
    }
}
