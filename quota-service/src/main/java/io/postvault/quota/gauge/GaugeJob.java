package io.postvault.quota.gauge;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import io.postvault.quota.config.QuotaConfig;
import io.postvault.quota.ledger.UsageLedger;
import io.postvault.quota.messaging.QuotaEventPublisher;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * The nightly gauge: at the configured cron time (in the configured zone) takes the snapshot of every domain; at start,
 * takes the last scheduled one if it was missed (service down at that time). One run at a time in this process; a run
 * on another replica at the same time only finds no drift left to correct.
 */
@ApplicationScoped
public class GaugeJob {

    private static final Logger LOG = Logger.getLogger(GaugeJob.class);

    /** What a run did. */
    public record Run(Instant scheduledFor, LocalDate day, int domains, int corrections, int failures) {
    }

    private final GaugeService gauge;
    private final Snapshots snapshots;
    private final UsageLedger ledger;
    private final QuotaEventPublisher publisher;
    private final QuotaConfig.Gauge config;
    private final ExecutorService catchUp = Executors.newSingleThreadExecutor(r -> new Thread(r, "gauge-catch-up"));

    GaugeJob(GaugeService gauge, Snapshots snapshots, UsageLedger ledger, QuotaEventPublisher publisher,
            QuotaConfig config) {
        this.gauge = gauge;
        this.snapshots = snapshots;
        this.ledger = ledger;
        this.publisher = publisher;
        this.config = config.gauge();
    }

    @Scheduled(identity = "quota-gauge", cron = "{postvault.quota.gauge.cron}",
            timeZone = "{postvault.quota.gauge.zone}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void nightly(ScheduledExecution execution) {
        run(execution.getScheduledFireTime());
    }

    void onStart(@Observes StartupEvent start) {
        if (config.catchUpOnStart()) {
            catchUp.execute(() -> {
                try {
                    catchUpMissed();
                } catch (RuntimeException e) {
                    LOG.warnf("gauge catch-up failed: %s (the next night takes the snapshot)", e.getMessage());
                }
            });
        }
    }

    void onStop(@Observes ShutdownEvent stop) {
        catchUp.shutdownNow();
    }

    /** Takes the last scheduled snapshot if no run since it finished; returns the run, if one was needed. */
    public Optional<Run> catchUpMissed() {
        Optional<Instant> last = lastScheduled(config.cron(), ZonedDateTime.now(ZoneId.of(config.zone())));
        if (last.isEmpty() || QuarkusTransaction.requiringNew().call(() -> snapshots.finishedSince(last.get()))) {
            return Optional.empty();
        }
        LOG.infof("gauge: the snapshot scheduled for %s was missed; taking it now", last.get());
        return Optional.of(run(last.get()));
    }

    /** Takes the snapshot of every domain, recorded as the history of the day of {@code scheduledFor}. */
    public synchronized Run run(Instant scheduledFor) {
        LocalDate day = LocalDate.ofInstant(scheduledFor, ZoneId.of(config.zone()));
        QuarkusTransaction.requiringNew().run(() -> snapshots.started(scheduledFor));
        List<String> domains = QuarkusTransaction.requiringNew().call(ledger::domains);
        int corrections = 0;
        int failures = 0;
        for (String domain : domains) {
            try {
                GaugeService.DomainResult result = gauge.snapshotDomain(domain, day);
                corrections += result.corrections();
                publish(result);
            } catch (RuntimeException e) {
                failures++;
                LOG.warnf("gauge: snapshot of %s failed: %s", domain, e.getMessage());
            }
        }
        if (failures == 0) {
            QuarkusTransaction.requiringNew().run(() -> snapshots.finished(scheduledFor));
        }
        LOG.infof("gauge: snapshot of %s: %d domains, %d corrections, %d failures", day, domains.size(), corrections,
                failures);
        return new Run(scheduledFor, day, domains.size(), corrections, failures);
    }

    /** Takes one domain's snapshot now, as today's history (an operator refreshing the gauge); fails if an owner does. */
    public synchronized GaugeService.DomainResult snapshotNow(String domain) {
        GaugeService.DomainResult result = gauge.snapshotDomain(domain, LocalDate.now(ZoneId.of(config.zone())));
        publish(result);
        return result;
    }

    private void publish(GaugeService.DomainResult result) {
        try {
            publisher.publish(result.events());
        } catch (RuntimeException e) {
            LOG.warnf("gauge: could not publish now (the relay will): %s", e.getMessage());
        }
    }

    /** The last time the cron fired before {@code now}, if ever. */
    static Optional<Instant> lastScheduled(String cron, ZonedDateTime now) {
        CronParser parser = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));
        return ExecutionTime.forCron(parser.parse(cron)).lastExecution(now).map(ZonedDateTime::toInstant);
    }
}
