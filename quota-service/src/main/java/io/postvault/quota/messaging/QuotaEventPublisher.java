package io.postvault.quota.messaging;

import io.postvault.events.Event;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Publishes recorded events ({@link OutgoingEvents}) to {@code postvault.quota.v1}, each waiting for the broker's
 * acknowledgement, then marks them sent. Called after the commit of the decision they report, never inside its
 * transaction; a failure propagates, and {@link OutgoingEventRelay} publishes them later.
 */
@ApplicationScoped
public class QuotaEventPublisher {

    private final MutinyEmitter<Event> emitter;
    private final OutgoingEvents outgoing;

    QuotaEventPublisher(@Channel("quota-events") MutinyEmitter<Event> emitter, OutgoingEvents outgoing) {
        this.emitter = emitter;
        this.outgoing = outgoing;
    }

    public void publish(List<Event> events) {
        if (events.isEmpty()) {
            return;
        }
        for (Event event : events) {
            emitter.sendMessageAndAwait(Message.of(event).addMetadata(
                    OutgoingKafkaRecordMetadata.<String>builder().withKey(event.key()).build()));
        }
        QuarkusTransaction.requiringNew().run(() -> outgoing.markSent(events.stream().map(Event::id).toList()));
    }
}
