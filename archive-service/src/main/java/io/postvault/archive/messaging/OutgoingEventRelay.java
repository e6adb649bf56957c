package io.postvault.archive.messaging;

import io.postvault.archive.config.ArchiveConfig;
import io.postvault.archive.service.BlobSweeper;
import io.postvault.archive.storage.OutgoingEvents;
import io.postvault.events.Event;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Heals what a crash or a broker outage between a commit and its publication left behind: re-publishes recorded events
 * never confirmed by the broker (same ids, so consumers deduplicate), deletes archived objects left unreferenced, and
 * forgets sent events past their keeping time. Events answering a consumed record are healed sooner by the record's
 * redelivery; this covers the REST deletions and the retention job, which have no record to redeliver.
 */
@ApplicationScoped
public class OutgoingEventRelay {

    private static final Logger LOG = Logger.getLogger(OutgoingEventRelay.class);
    private static final int BATCH = 500;

    private final OutgoingEvents outgoing;
    private final ArchiveEventPublisher publisher;
    private final BlobSweeper sweeper;
    private final ArchiveConfig.Events config;

    OutgoingEventRelay(OutgoingEvents outgoing, ArchiveEventPublisher publisher, BlobSweeper sweeper,
            ArchiveConfig config) {
        this.outgoing = outgoing;
        this.publisher = publisher;
        this.sweeper = sweeper;
        this.config = config.events();
    }

    @Scheduled(identity = "archive-relay", every = "{postvault.archive.events.relay-every}",
            delayed = "{postvault.archive.events.relay-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        try {
            List<Event> unsent = QuarkusTransaction.requiringNew()
                    .call(() -> outgoing.unsentOlderThan(config.resendAfter(), BATCH));
            if (!unsent.isEmpty()) {
                LOG.infof("re-publishing %d unconfirmed archive events", unsent.size());
                publisher.publish(unsent);
            }
            sweeper.sweepAll(BATCH);
            QuarkusTransaction.requiringNew().run(() -> outgoing.purgeSentOlderThan(config.keepSent()));
        } catch (RuntimeException e) {
            LOG.warnf("archive event relay: %s (next try in %s)", e.getMessage(), config.relayEvery());
        }
    }
}
