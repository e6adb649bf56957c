package io.postvault.archive.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.postvault.archive.service.ArchivingService;
import io.postvault.archive.storage.OutgoingEvents;
import io.postvault.archive.support.TestKafka;
import io.postvault.deploy.test.StackTestResource;
import io.postvault.events.Event;
import io.postvault.events.EventType;
import io.postvault.events.Topics;
import io.postvault.events.data.ArchiveDeleted;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** An event recorded with its change but never confirmed by the broker (a crash in between) is published later. */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class OutgoingEventRelayTest {

    @Inject
    OutgoingEvents outgoing;
    @Inject
    OutgoingEventRelay relay;
    @Inject
    EntityManager entityManager;

    @Test
    void unconfirmedEventIsPublishedByTheRelayAndMarkedSent() {
        Event lost = Event.of(ArchivingService.SOURCE, EventType.ARCHIVE_DELETED, "relay.test",
                UUID.randomUUID().toString(), new ArchiveDeleted(UUID.randomUUID(), "a@relay.test", "0".repeat(64), 1));
        QuarkusTransaction.requiringNew().run(() -> {
            outgoing.record(null, lost);
            // Recorded an hour ago, as if the service had crashed before publishing it.
            entityManager.createNativeQuery(
                            "UPDATE outgoing_event SET created_at = now() - interval '1 hour' WHERE event_id = ?1")
                    .setParameter(1, lost.id()).executeUpdate();
        });

        relay.tick();

        TestKafka.readEventsUntil(Topics.ARCHIVE, events -> events.contains(lost));
        Object sentAt = QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                "SELECT sent_at FROM outgoing_event WHERE event_id = ?1").setParameter(1, lost.id()).getSingleResult());
        assertThat(sentAt).isNotNull();
    }
}
