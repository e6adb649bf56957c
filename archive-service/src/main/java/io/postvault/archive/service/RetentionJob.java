package io.postvault.archive.service;

import io.postvault.archive.config.ArchiveConfig;
import io.postvault.archive.messaging.ArchiveEventPublisher;
import io.postvault.events.data.ArchiveEvicted;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Per-domain retention: daily, evicts the entries removed longer ago than the domain's maximum age, oldest first, in
 * batches (a transaction each), exactly as a quota eviction does. Off unless a maximum age is configured.
 */
@ApplicationScoped
public class RetentionJob {

    private static final Logger LOG = Logger.getLogger(RetentionJob.class);

    private final EvictionService eviction;
    private final ArchiveEventPublisher publisher;
    private final BlobSweeper sweeper;
    private final ArchiveConfig config;

    RetentionJob(EvictionService eviction, ArchiveEventPublisher publisher, BlobSweeper sweeper,
            ArchiveConfig config) {
        this.eviction = eviction;
        this.publisher = publisher;
        this.sweeper = sweeper;
        this.config = config;
    }

    @Scheduled(identity = "archive-retention", cron = "{postvault.archive.retention.cron}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void daily() {
        run(Instant.now());
    }

    /** Applies retention as of {@code now} to every domain with a maximum age; returns entries evicted per domain. */
    public Map<String, Integer> run(Instant now) {
        Map<String, Integer> evicted = new HashMap<>();
        for (Map.Entry<String, Duration> domain : maxAges().entrySet()) {
            Instant cutoff = now.minus(domain.getValue());
            int total = 0;
            while (true) {
                EvictionService.Outcome outcome = eviction.evictOlderThan(domain.getKey(), cutoff,
                        config.eviction().batchSize());
                if (outcome.releasedBlobs().isEmpty()) {
                    break;
                }
                publisher.publish(outcome.events());
                sweeper.sweep(outcome.releasedBlobs());
                total += outcome.events().stream()
                        .mapToInt(e -> ((ArchiveEvicted) e.data()).entries().size()).sum();
            }
            if (total > 0) {
                LOG.infof("retention evicted %d entries of %s removed before %s", total, domain.getKey(), cutoff);
            }
            evicted.put(domain.getKey(), total);
        }
        return evicted;
    }

    private Map<String, Duration> maxAges() {
        Map<String, Duration> ages = new HashMap<>(config.retention().domains());
        Optional<Duration> fallback = config.retention().defaultMaxAge();
        if (fallback.isPresent()) {
            // The default applies to every domain that has entries and no age of its own.
            eviction.domains().stream().filter(d -> !ages.containsKey(d)).forEach(d -> ages.put(d, fallback.get()));
        }
        return ages;
    }
}
