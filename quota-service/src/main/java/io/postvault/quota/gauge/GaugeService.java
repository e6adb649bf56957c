package io.postvault.quota.gauge;

import io.micrometer.core.instrument.MeterRegistry;
import io.postvault.events.Event;
import io.postvault.events.data.QuotaScope;
import io.postvault.quota.eviction.EvictionRequests;
import io.postvault.quota.warning.OccupiedWarnings;
import io.postvault.quota.ledger.ArchiveTransfers;
import io.postvault.quota.ledger.LedgerRow;
import io.postvault.quota.ledger.UsageLedger;
import io.quarkus.narayana.jta.runtime.TransactionConfiguration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.WebApplicationException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Takes the gauge snapshot of one domain: asks the owners for exact totals (occupied from protocol-service, archives
 * from archive-service) while holding the domain's ledger lock, so no event is applied to the domain meanwhile;
 * corrects the ledger where it drifted (logged, and counted by the metric {@code postvault.quota.drift.bytes}); and
 * records the day's history for the domain and each of its accounts.
 */
@ApplicationScoped
public class GaugeService {

    private static final Logger LOG = Logger.getLogger(GaugeService.class);

    /** What one domain's snapshot found: the corrections made and the events to publish after the commit. */
    public record DomainResult(String domain, int corrections, List<Event> events) {
    }

    private final UsageLedger ledger;
    private final ArchiveTransfers transfers;
    private final Snapshots snapshots;
    private final EvictionRequests eviction;
    private final OccupiedWarnings warnings;
    private final ProtocolTotalsClient protocol;
    private final ArchiveTotalsClient archive;
    private final MeterRegistry metrics;

    GaugeService(UsageLedger ledger, ArchiveTransfers transfers, Snapshots snapshots, EvictionRequests eviction,
            OccupiedWarnings warnings, @RestClient ProtocolTotalsClient protocol, @RestClient ArchiveTotalsClient archive, MeterRegistry metrics) {
        this.ledger = ledger;
        this.transfers = transfers;
        this.snapshots = snapshots;
        this.eviction = eviction;
        this.warnings = warnings;
        this.protocol = protocol;
        this.archive = archive;
        this.metrics = metrics;
    }

    @Transactional
    @TransactionConfiguration(timeoutFromConfigProperty = "postvault.quota.gauge.domain-timeout-seconds")
    public DomainResult snapshotDomain(String domain, LocalDate day) {
        LedgerRow domainRow = ledger.lockDomain(domain);
        Instant now = Instant.now();
        ProtocolTotalsClient.DomainTotals occupied = orNull(() -> protocol.domain(domain));
        List<ProtocolTotalsClient.AccountTotals> liveAccounts = occupied == null ? List.of()
                : protocol.accounts(domain);
        ArchiveTotalsClient.Totals archived = archive.domain(domain);

        Map<String, ProtocolTotalsClient.AccountTotals> live = new HashMap<>();
        liveAccounts.forEach(a -> live.put(a.id().toString(), a));
        Map<String, LedgerRow> rows = new TreeMap<>();
        ledger.accounts(domain).forEach(r -> rows.put(r.key(), r));
        live.values().stream().sorted(Comparator.comparing(a -> a.id().toString()))
                .filter(a -> !rows.containsKey(a.id().toString()))
                .forEach(a -> rows.put(a.id().toString(), ledger.lockAccount(a.id().toString(), domain, a.address())));

        int corrections = 0;
        List<Event> events = new ArrayList<>();
        for (LedgerRow row : rows.values()) {
            LedgerRow locked = ledger.lock(QuotaScope.ACCOUNT, row.key()).orElseThrow();
            ProtocolTotalsClient.AccountTotals liveAccount = live.get(row.key());
            String address = liveAccount != null ? liveAccount.address() : locked.address();
            ArchiveTotalsClient.Totals accountArchive = address == null
                    ? new ArchiveTotalsClient.Totals(locked.archiveBytes(), locked.archiveCount())
                    : archive.account(address);
            corrections += reconcile(locked, day, now,
                    liveAccount == null ? 0 : liveAccount.occupiedBytes(),
                    liveAccount == null ? 0 : liveAccount.messageCount(), accountArchive);
            eviction.evaluate(QuotaScope.ACCOUNT, row.key()).ifPresent(events::add);
        }
        corrections += reconcile(domainRow, day, now, occupied == null ? 0 : occupied.occupiedBytes(),
                occupied == null ? 0 : occupied.messageCount(), archived);
        transfers.countWaitingEntries(domain);
        eviction.evaluate(QuotaScope.DOMAIN, domain).ifPresent(events::add);
        warnings.evaluate(domain).ifPresent(events::add);
        return new DomainResult(domain, corrections, events);
    }

    private int reconcile(LedgerRow row, LocalDate day, Instant now, long occupiedBytes, long occupiedCount,
            ArchiveTotalsClient.Totals archived) {
        long occupiedDrift = occupiedBytes - row.occupiedBytes();
        long archiveDrift = archived.bytes() - row.archiveBytes();
        boolean drifted = occupiedDrift != 0 || archiveDrift != 0 || occupiedCount != row.occupiedCount()
                || archived.count() != row.archiveCount();
        if (drifted) {
            String name = row.address() != null ? row.address() : row.domain();
            LOG.warnf("gauge: %s %s drifted, corrected: occupied %d -> %d bytes (%d -> %d messages), archives %d -> %d"
                            + " bytes (%d -> %d entries)", row.scope(), name, row.occupiedBytes(), occupiedBytes,
                    row.occupiedCount(), occupiedCount, row.archiveBytes(), archived.bytes(), row.archiveCount(),
                    archived.count());
            ledger.set(row.scope(), row.key(), occupiedBytes, occupiedCount, archived.bytes(), archived.count());
            count(row.scope(), "occupied", occupiedDrift);
            count(row.scope(), "archives", archiveDrift);
            metrics.counter("postvault.quota.drift.corrections", "scope", row.scope().name()).increment();
        }
        snapshots.record(day, row, occupiedBytes, occupiedCount, archived.bytes(), archived.count(), occupiedDrift,
                archiveDrift, now);
        return drifted ? 1 : 0;
    }

    private void count(QuotaScope scope, String kind, long drift) {
        if (drift != 0) {
            metrics.counter("postvault.quota.drift.bytes", "scope", scope.name(), "kind", kind,
                    "direction", drift > 0 ? "under" : "over").increment(Math.abs(drift));
        }
    }

    private static <T> T orNull(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() == 404) {
                return null;
            }
            throw e;
        }
    }
}
