package io.postvault.archive.messaging;

import io.postvault.archive.service.BlobSweeper;
import io.postvault.archive.service.EvictionService;
import io.postvault.events.Event;
import io.postvault.events.EventCodec;
import io.postvault.events.EventType;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Answers {@code quota.eviction-requested} from {@code postvault.quota.v1} (group archive-service): evicts, publishes
 * {@code archive.evicted}, deletes the objects whose last reference went, and only then acknowledges the record.
 * As for the mail topic (see {@link MailEventsConsumer}), a redelivered request evicts nothing more and publishes the
 * events recorded the first time.
 */
@ApplicationScoped
public class QuotaEventsConsumer {

    private final EvictionService eviction;
    private final ArchiveEventPublisher publisher;
    private final BlobSweeper sweeper;

    QuotaEventsConsumer(EvictionService eviction, ArchiveEventPublisher publisher, BlobSweeper sweeper) {
        this.eviction = eviction;
        this.publisher = publisher;
        this.sweeper = sweeper;
    }

    @Incoming("quota-events")
    @Blocking
    public void onQuotaEvent(byte[] record) {
        Event event = EventCodec.decode(record);
        if (event.type() != EventType.EVICTION_REQUESTED) {
            return;
        }
        EvictionService.Outcome outcome = eviction.onRequest(event);
        publisher.publish(outcome.events());
        sweeper.sweep(outcome.releasedBlobs());
    }
}
