package io.postvault.quota.ledger;

import io.postvault.common.inbox.EventInbox;
import io.postvault.events.Event;
import io.postvault.events.EventType;
import io.postvault.events.data.AccountCreated;
import io.postvault.events.data.ArchiveDeleted;
import io.postvault.events.data.ArchiveEvicted;
import io.postvault.events.data.ArchiveStored;
import io.postvault.events.data.DomainCreated;
import io.postvault.events.data.MessageCopyRemoved;
import io.postvault.events.data.MessageRemoved;
import io.postvault.events.data.MessageSubmitted;
import io.postvault.events.data.NewMessage;
import io.postvault.events.data.QuotaScope;
import io.postvault.quota.eviction.EvictionRequests;
import io.postvault.quota.warning.OccupiedWarnings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Applies mail and archive events to the usage ledger, in the transaction that records their ids in the inbox (a
 * replay changes nothing), then lets {@link EvictionRequests} decide on the accounts and domains, and
 * {@link OccupiedWarnings} on the domains. Returns the events it recorded for publication after the commit.
 *
 * <p>Bytes move as follows. A delivery or append adds to occupied; a removal takes from occupied. A removed or sent
 * message enters archives when both its source event and the archive's {@code archive.stored} have been applied, in
 * whichever order they come ({@link ArchiveTransfers}); an eviction or deletion takes it out again. Each topic keeps
 * per-account order (key = account id), so neither figure goes below zero through reordering between the topics.
 */
@ApplicationScoped
public class LedgerService {

    private static final Logger LOG = Logger.getLogger(LedgerService.class);

    private final EventInbox inbox;
    private final UsageLedger ledger;
    private final ArchiveTransfers transfers;
    private final EvictionRequests eviction;
    private final OccupiedWarnings warnings;

    LedgerService(EventInbox inbox, UsageLedger ledger, ArchiveTransfers transfers, EvictionRequests eviction,
            OccupiedWarnings warnings) {
        this.inbox = inbox;
        this.ledger = ledger;
        this.transfers = transfers;
        this.eviction = eviction;
        this.warnings = warnings;
    }

    /**
     * Applies a batch of events in one transaction: one commit instead of one per event, and one eviction and warning
     * decision per account and domain the batch touched, on their final figures. The domains' rows are locked first,
     * in name order, so that two batches (two consumers, two replicas) never wait on each other in a cycle.
     */
    @Transactional
    public List<Event> apply(List<Event> events) {
        events.stream().map(LedgerService::domainOf).distinct().sorted().forEach(ledger::lockDomain);
        Set<String> domains = new LinkedHashSet<>();
        Set<String> accounts = new LinkedHashSet<>();
        for (Event event : events) {
            if (applyOne(event)) {
                domains.add(domainOf(event));
                if (event.account() != null) {
                    accounts.add(event.account());
                }
            }
        }
        List<Event> emitted = new ArrayList<>();
        for (String account : accounts) {
            if (ledger.find(QuotaScope.ACCOUNT, account).isPresent()) {
                eviction.evaluate(QuotaScope.ACCOUNT, account).ifPresent(emitted::add);
            }
        }
        for (String domain : domains) {
            eviction.evaluate(QuotaScope.DOMAIN, domain).ifPresent(emitted::add);
            warnings.evaluate(domain).ifPresent(emitted::add);
        }
        return emitted;
    }

    /**
     * Whether events of {@code type} can change the ledger. Those that cannot are skipped before the inbox: a flag
     * change comes with nearly every message read, a move renames messages within their account, and folder
     * deletions and restores move no bytes (their messages come as message.removed, message.copy-removed and
     * message.appended).
     */
    public static boolean concerns(EventType type) {
        return switch (type) {
            case MESSAGE_FLAGS_CHANGED, MESSAGE_MOVED, FOLDER_DELETED, ARCHIVE_RESTORED -> false;
            default -> true;
        };
    }

    /** Applies one event, its domain's row locked by the caller; false when it was applied before. */
    private boolean applyOne(Event event) {
        if (!inbox.firstDelivery(event)) {
            LOG.debugf("event %s (%s) already applied", event.id(), event.type().wireName());
            return false;
        }
        String domain = domainOf(event);
        String account = event.account();
        switch (event.type()) {
            case MESSAGE_DELIVERED, MESSAGE_APPENDED -> {
                NewMessage m = (NewMessage) event.data();
                move(domain, account, m.address(), m.size(), 1, 0, 0);
            }
            case MESSAGE_REMOVED -> {
                MessageRemoved r = (MessageRemoved) event.data();
                move(domain, account, r.address(), -r.size(), -1, 0, 0);
                long archived = transfers.sourceSeen(event.id(), account, domain);
                move(domain, account, null, 0, 0, archived, archived > 0 ? 1 : 0);
            }
            case MESSAGE_COPY_REMOVED -> { // a copy's space freed; not archived (another copy stays, or archived)
                MessageCopyRemoved r = (MessageCopyRemoved) event.data();
                move(domain, account, r.address(), -r.size(), -1, 0, 0);
            }
            case MESSAGE_SUBMITTED -> {
                MessageSubmitted s = (MessageSubmitted) event.data();
                long archived = transfers.sourceSeen(event.id(), account, domain);
                move(domain, account, s.address(), 0, 0, archived, archived > 0 ? 1 : 0);
            }
            case ARCHIVE_STORED -> {
                ArchiveStored s = (ArchiveStored) event.data();
                long archived = transfers.stored(s.sourceEventId(), s.archiveId(), s.size(), account, domain);
                move(domain, account, s.address(), 0, 0, archived, archived > 0 ? 1 : 0);
            }
            case ARCHIVE_EVICTED -> {
                ArchiveEvicted e = (ArchiveEvicted) event.data();
                for (ArchiveEvicted.Entry entry : e.entries()) {
                    long gone = transfers.gone(entry.archiveId(), entry.size());
                    move(domain, account, entry.address(), 0, 0, -gone, gone > 0 ? -1 : 0);
                }
                if (e.requestId() != null) {
                    ledger.addFreed(e.requestId(), e.bytesFreed());
                }
            }
            case ARCHIVE_DELETED -> {
                ArchiveDeleted d = (ArchiveDeleted) event.data();
                long gone = transfers.gone(d.archiveId(), d.size());
                move(domain, account, d.address(), 0, 0, -gone, gone > 0 ? -1 : 0);
            }
            case ACCOUNT_CREATED -> {
                AccountCreated c = (AccountCreated) event.data();
                LedgerRow row = ledger.lockAccount(account, domain, c.address());
                if (row.quotaBytes() == null && c.quotaBytes() != null) {
                    ledger.setQuota(QuotaScope.ACCOUNT, account, c.quotaBytes());
                }
            }
            case ACCOUNT_DELETED -> {
                ledger.lockAccount(account, domain, null);
                ledger.markDeleted(QuotaScope.ACCOUNT, account);
            }
            case DOMAIN_CREATED -> {
                LedgerRow row = ledger.lockDomain(domain);
                if (row.quotaBytes() == null || row.deleted()) {
                    // A plan set through REST before this event stays; a domain created again starts afresh.
                    ledger.setQuota(QuotaScope.DOMAIN, domain, ((DomainCreated) event.data()).quotaBytes());
                    ledger.revive(QuotaScope.DOMAIN, domain);
                }
            }
            case DOMAIN_DELETED -> ledger.markDeleted(QuotaScope.DOMAIN, domain);
            default -> {
                // not concerns(): skipped before the inbox; quota events are not on these topics
            }
        }
        return true;
    }

    private static String domainOf(Event event) {
        return event.domain().toLowerCase(Locale.ROOT);
    }

    private void move(String domain, String account, String address, long occupiedBytes, long occupiedCount,
            long archiveBytes, long archiveCount) {
        if (occupiedBytes == 0 && occupiedCount == 0 && archiveBytes == 0 && archiveCount == 0) {
            if (account != null && address != null) {
                ledger.lockAccount(account, domain, address);
            }
            return;
        }
        ledger.add(QuotaScope.DOMAIN, domain, occupiedBytes, occupiedCount, archiveBytes, archiveCount);
        if (account != null) {
            ledger.lockAccount(account, domain, address);
            ledger.add(QuotaScope.ACCOUNT, account, occupiedBytes, occupiedCount, archiveBytes, archiveCount);
        }
    }
}
