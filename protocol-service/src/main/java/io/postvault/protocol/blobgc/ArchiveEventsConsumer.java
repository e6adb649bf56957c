package io.postvault.protocol.blobgc;

import io.postvault.events.Event;
import io.postvault.events.EventCodec;
import io.postvault.events.EventType;
import io.postvault.events.data.ArchiveStored;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads {@code archive.stored} from {@code postvault.archive.v1} (group protocol-service): the archive durably holds the
 * message of the removal {@code sourceEventId}, so that removal no longer keeps its live blob. Other types are skipped.
 * The record is acknowledged once the pending row is cleared; a malformed one goes to {@code postvault.dlq.protocol}.
 */
@ApplicationScoped
public class ArchiveEventsConsumer {

    private static final Logger LOG = Logger.getLogger(ArchiveEventsConsumer.class);

    private final ArchiveAcknowledgements acknowledgements;

    ArchiveEventsConsumer(ArchiveAcknowledgements acknowledgements) {
        this.acknowledgements = acknowledgements;
    }

    @Incoming("archive-events")
    @Blocking
    public void onArchiveEvent(byte[] record) {
        Event event = EventCodec.decode(record);
        if (event.type() != EventType.ARCHIVE_STORED) {
            return;
        }
        ArchiveStored stored = (ArchiveStored) event.data();
        acknowledgements.acknowledge(stored.sourceEventId()).ifPresentOrElse(
                blobId -> LOG.debugf("removal %s acknowledged by %s: blob %s may go", stored.sourceEventId(),
                        event.id(), blobId),
                () -> LOG.debugf("%s acknowledges %s, which was not pending", event.id(), stored.sourceEventId()));
    }
}
