package io.postvault.quota.plan;

import io.postvault.events.Event;
import io.postvault.events.EventType;
import io.postvault.events.data.PlanChanged;
import io.postvault.events.data.QuotaScope;
import io.postvault.quota.eviction.EvictionRequests;
import io.postvault.quota.ledger.LedgerRow;
import io.postvault.quota.ledger.UsageLedger;
import io.postvault.quota.messaging.OutgoingEvents;
import io.postvault.quota.warning.OccupiedWarnings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Plans: the quota of a domain and the optional cap of an account. A change is recorded with its
 * {@code quota.plan-changed} event in one transaction (the outbox), and may open an eviction episode or warn at once.
 */
@ApplicationScoped
public class PlanService {

    /** A changed plan and the events to publish after the commit. */
    public record Change(LedgerRow row, List<Event> events) {
    }

    private final UsageLedger ledger;
    private final OutgoingEvents outgoing;
    private final EvictionRequests eviction;
    private final OccupiedWarnings warnings;

    PlanService(UsageLedger ledger, OutgoingEvents outgoing, EvictionRequests eviction, OccupiedWarnings warnings) {
        this.ledger = ledger;
        this.outgoing = outgoing;
        this.eviction = eviction;
        this.warnings = warnings;
    }

    @Transactional
    public Optional<LedgerRow> domain(String domain) {
        return ledger.find(QuotaScope.DOMAIN, normalize(domain)).filter(r -> !r.deleted());
    }

    @Transactional
    public Optional<LedgerRow> account(String address) {
        return ledger.findAccount(normalize(address));
    }

    /** Sets the domain's plan quota; empty when the domain is unknown here. */
    @Transactional
    public Optional<Change> setDomainQuota(String domain, long quotaBytes) {
        String name = normalize(domain);
        if (ledger.find(QuotaScope.DOMAIN, name).filter(r -> !r.deleted()).isEmpty()) {
            return Optional.empty();
        }
        ledger.lockDomain(name);
        ledger.setQuota(QuotaScope.DOMAIN, name, quotaBytes);
        List<Event> events = new ArrayList<>();
        events.add(record(Event.of(EvictionRequests.SOURCE, EventType.PLAN_CHANGED, name, null,
                new PlanChanged(QuotaScope.DOMAIN, null, quotaBytes))));
        eviction.evaluate(QuotaScope.DOMAIN, name).ifPresent(events::add);
        warnings.evaluate(name).ifPresent(events::add);
        return Optional.of(new Change(ledger.find(QuotaScope.DOMAIN, name).orElseThrow(), events));
    }

    /** Sets (or, with null, removes) the account's cap; empty when the account is unknown here. */
    @Transactional
    public Optional<Change> setAccountCap(String address, Long quotaBytes) {
        Optional<LedgerRow> found = ledger.findAccount(normalize(address)).filter(r -> !r.deleted());
        if (found.isEmpty()) {
            return Optional.empty();
        }
        LedgerRow row = found.get();
        ledger.lockDomain(row.domain());
        ledger.lock(QuotaScope.ACCOUNT, row.key());
        ledger.setQuota(QuotaScope.ACCOUNT, row.key(), quotaBytes);
        List<Event> events = new ArrayList<>();
        events.add(record(Event.of(EvictionRequests.SOURCE, EventType.PLAN_CHANGED, row.domain(), row.key(),
                new PlanChanged(QuotaScope.ACCOUNT, row.address(), quotaBytes))));
        eviction.evaluate(QuotaScope.ACCOUNT, row.key()).ifPresent(events::add);
        return Optional.of(new Change(ledger.find(QuotaScope.ACCOUNT, row.key()).orElseThrow(), events));
    }

    private Event record(Event event) {
        outgoing.record(event);
        return event;
    }

    static String normalize(String name) {
        return name.trim().toLowerCase(Locale.ROOT);
    }
}
