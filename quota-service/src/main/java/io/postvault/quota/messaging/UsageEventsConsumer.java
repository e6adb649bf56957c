package io.postvault.quota.messaging;

import io.postvault.events.Event;
import io.postvault.events.EventCodec;
import io.postvault.events.MalformedEventException;
import io.postvault.quota.ledger.LedgerService;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads the mail and archive topics, the facts the usage ledger is computed from, a poll's batch at a time (types that
 * cannot change the ledger, such as {@code message.flags-changed}, skipped at once, not even recorded): the batch
 * is applied in one transaction (one commit for up to max.poll.records events, in partition order). Records arrive as
 * raw bytes and are decoded here; a malformed one goes to the dead-letter topic ({@link QuotaDeadLetters}) and the
 * rest of the batch goes on. Should the batch's transaction fail, its events are applied one by one, and one that
 * still fails is dead-lettered, as the connector's dead-letter strategy did per record. The ledger change commits
 * first; the eviction requests and warnings it recorded are then published (consume, commit with the outbox rows,
 * produce, acknowledge): if publishing fails, the relay publishes them later.
 */
@ApplicationScoped
public class UsageEventsConsumer {

    private static final Logger LOG = Logger.getLogger(UsageEventsConsumer.class);

    private final LedgerService ledger;
    private final QuotaEventPublisher publisher;
    private final QuotaDeadLetters deadLetters;

    UsageEventsConsumer(LedgerService ledger, QuotaEventPublisher publisher, QuotaDeadLetters deadLetters) {
        this.ledger = ledger;
        this.publisher = publisher;
        this.deadLetters = deadLetters;
    }

    @Incoming("mail-events")
    @Blocking
    public void onMailEvents(ConsumerRecords<String, byte[]> records) {
        apply(records);
    }

    @Incoming("archive-events")
    @Blocking
    public void onArchiveEvents(ConsumerRecords<String, byte[]> records) {
        apply(records);
    }

    private void apply(ConsumerRecords<String, byte[]> records) {
        List<Event> events = new ArrayList<>(records.count());
        List<ConsumerRecord<String, byte[]>> sources = new ArrayList<>(records.count());
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                Event event = EventCodec.decode(record.value());
                if (LedgerService.concerns(event.type())) {
                    events.add(event);
                    sources.add(record);
                }
            } catch (MalformedEventException e) {
                deadLetters.send(record, e);
            }
        }
        if (events.isEmpty()) {
            return;
        }
        try {
            publish(ledger.apply(events));
        } catch (RuntimeException batchFailure) {
            LOG.warnf("a batch of %d events failed (%s): applying them one by one", events.size(),
                    batchFailure.getMessage());
            for (int i = 0; i < events.size(); i++) {
                try {
                    publish(ledger.apply(List.of(events.get(i))));
                } catch (RuntimeException e) {
                    deadLetters.send(sources.get(i), e);
                }
            }
        }
    }

    private void publish(List<Event> events) {
        try {
            publisher.publish(events);
        } catch (RuntimeException e) {
            // Recorded in the outbox with the ledger change: the relay publishes them; the records are applied.
            LOG.warnf("could not publish %d quota events now (the relay will): %s", events.size(), e.getMessage());
        }
    }
}
