package io.postvault.archive.messaging;

import io.postvault.archive.service.ArchivingService;
import io.postvault.events.Event;
import io.postvault.events.EventCodec;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Archives {@code message.removed} and {@code message.submitted} from {@code postvault.mail.v1} (group
 * archive-service); other types are skipped without a trace.
 *
 * <p>Consume, process, produce without an outbox relay: the record is acknowledged (and its offset committed) only
 * when this method returns, that is after the entry, the blob copy and the {@code archive.stored} event are durable
 * (the event recorded in the entry's transaction, then confirmed by the broker). A crash between the commit and the
 * broker's confirmation leaves the record unacknowledged: it is redelivered, the inbox recognises its id, and the
 * recorded event is published again with the same id. The redelivery is the retry.
 *
 * <p>A record that fails (malformed, or its blob missing from the live bucket) goes to {@code postvault.dlq.archive}
 * with the exception's message as {@code dead-letter-reason}, and consumption goes on.
 *
 * <p>Records are archived several at a time (worker pool {@code archiving}, its size in application.properties): each
 * one waits mostly on S3, PostgreSQL and the broker, and they do not depend on each other (the archive keeps no order;
 * two removals of one blob serialize on its reference row, two deliveries of one event on the inbox's key). Offsets are
 * committed only up to the oldest record not yet acknowledged, so a crash redelivers, never skips.
 */
@ApplicationScoped
public class MailEventsConsumer {

    private static final Logger LOG = Logger.getLogger(MailEventsConsumer.class);

    private final ArchivingService archiving;
    private final ArchiveEventPublisher publisher;

    MailEventsConsumer(ArchivingService archiving, ArchiveEventPublisher publisher) {
        this.archiving = archiving;
        this.publisher = publisher;
    }

    @Incoming("mail-events")
    @Blocking(value = "archiving", ordered = false)
    public void onMailEvent(byte[] record) {
        Event event = EventCodec.decode(record);
        if (!ArchivingService.ARCHIVED.contains(event.type())) {
            return;
        }
        publisher.publish(archiving.archive(event));
        LOG.debugf("archived %s %s", event.type().wireName(), event.id());
    }
}
