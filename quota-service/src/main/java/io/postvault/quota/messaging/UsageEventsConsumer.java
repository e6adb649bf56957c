package io.postvault.quota.messaging;

import io.postvault.events.Event;
import io.postvault.events.EventCodec;
import io.postvault.quota.ledger.LedgerService;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads the mail and archive topics, the facts the usage ledger is computed from. Records arrive as raw bytes and are
 * decoded here, so that a malformed one fails this method: the connector then moves it to the dead-letter topic
 * (failure-strategy dead-letter-queue) and goes on with the partition. The ledger change commits first; the eviction
 * requests it recorded are then published (consume, commit with the outbox row, produce, acknowledge): if publishing
 * fails, the relay publishes them later.
 */
@ApplicationScoped
public class UsageEventsConsumer {

    private static final Logger LOG = Logger.getLogger(UsageEventsConsumer.class);

    private final LedgerService ledger;
    private final QuotaEventPublisher publisher;

    UsageEventsConsumer(LedgerService ledger, QuotaEventPublisher publisher) {
        this.ledger = ledger;
        this.publisher = publisher;
    }

    @Incoming("mail-events")
    @Blocking
    public void onMailEvent(byte[] record) {
        publish(ledger.apply(EventCodec.decode(record)));
    }

    @Incoming("archive-events")
    @Blocking
    public void onArchiveEvent(byte[] record) {
        publish(ledger.apply(EventCodec.decode(record)));
    }

    private void publish(List<Event> events) {
        try {
            publisher.publish(events);
        } catch (RuntimeException e) {
            // Recorded in the outbox with the ledger change: the relay publishes them; the record is applied.
            LOG.warnf("could not publish %d quota events now (the relay will): %s", events.size(), e.getMessage());
        }
    }
}
