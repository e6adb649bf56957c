package io.postvault.archive.messaging;

import io.postvault.archive.storage.OutgoingEvents;
import io.postvault.events.Event;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Publishes recorded events (see {@link OutgoingEvents}) to {@code postvault.archive.v1}, one at a time, each waiting for
 * the broker's acknowledgement; then marks them sent. Called after the commit of the change they report, never inside
 * its transaction. A failure propagates: the caller's incoming record is then not acknowledged.
 */
@ApplicationScoped
public class ArchiveEventPublisher {

    private final MutinyEmitter<Event> emitter;
    private final OutgoingEvents outgoing;

    ArchiveEventPublisher(@Channel("archive-events") MutinyEmitter<Event> emitter, OutgoingEvents outgoing) {
        this.emitter = emitter;
        this.outgoing = outgoing;
    }

    public void publish(List<Event> events) {
        for (Event event : events) {
            emitter.sendMessageAndAwait(Message.of(event).addMetadata(
                    OutgoingKafkaRecordMetadata.<String>builder().withKey(event.key()).build()));
        }
        QuarkusTransaction.requiringNew().run(() -> outgoing.markSent(events.stream().map(Event::id).toList()));
    }
}
