package io.postvault.quota.messaging;

import io.postvault.common.inbox.EventInbox;
import io.postvault.events.Event;
import io.postvault.events.EventCodec;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads the mail and archive topics, the facts the usage ledger is computed from. Records arrive as raw bytes and are
 * decoded here, so that a malformed one fails this method: the connector then moves it to the dead-letter topic
 * (failure-strategy dead-letter-queue) and goes on with the partition.
 */
@ApplicationScoped
public class UsageEventsConsumer {

    private static final Logger LOG = Logger.getLogger(UsageEventsConsumer.class);

    private final EventInbox inbox;

    UsageEventsConsumer(EventInbox inbox) {
        this.inbox = inbox;
    }

    @Incoming("mail-events")
    @Blocking
    @Transactional
    public void onMailEvent(byte[] record) {
        apply(EventCodec.decode(record));
    }

    @Incoming("archive-events")
    @Blocking
    @Transactional
    public void onArchiveEvent(byte[] record) {
        apply(EventCodec.decode(record));
    }

    private void apply(Event event) {
        if (!inbox.firstDelivery(event)) {
            LOG.debugf("event %s (%s) already applied", event.id(), event.type().wireName());
        }
    }
}
