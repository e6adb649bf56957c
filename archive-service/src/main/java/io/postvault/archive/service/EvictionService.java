package io.postvault.archive.service;

import io.postvault.archive.config.ArchiveConfig;
import io.postvault.archive.storage.ArchiveEntry;
import io.postvault.archive.storage.ArchiveRepository;
import io.postvault.archive.storage.BlobReferences;
import io.postvault.archive.storage.OutgoingEvents;
import io.postvault.common.inbox.EventInbox;
import io.postvault.events.Event;
import io.postvault.events.EventType;
import io.postvault.events.data.ArchiveEvicted;
import io.postvault.events.data.EvictionRequested;
import io.postvault.events.data.QuotaScope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Evicts the oldest entries of an account or a domain (by removed-at, then internal date, then id): on a quota request
 * until the requested bytes are free, or by retention those older than a cut-off. The entries go and their blob
 * references are released in one transaction, with the {@code archive.evicted} events (one per account) to publish;
 * the objects whose last reference went are deleted after the commit ({@link BlobSweeper}).
 */
@ApplicationScoped
public class EvictionService {

    private final EventInbox inbox;
    private final ArchiveRepository repository;
    private final BlobReferences references;
    private final OutgoingEvents outgoing;
    private final int batchSize;

    EvictionService(EventInbox inbox, ArchiveRepository repository, BlobReferences references,
            OutgoingEvents outgoing, ArchiveConfig config) {
        this.inbox = inbox;
        this.repository = repository;
        this.references = references;
        this.outgoing = outgoing;
        this.batchSize = config.eviction().batchSize();
    }

    /** What an eviction did: the events to publish and the blobs that may have lost their last reference. */
    public record Outcome(List<Event> events, List<String> releasedBlobs) {
    }

    /** Answers a {@code quota.eviction-requested}; a request seen before evicts nothing and returns its events again. */
    @Transactional
    public Outcome onRequest(Event event) {
        EvictionRequested request = (EvictionRequested) event.data();
        if (!inbox.firstDelivery(event)) {
            List<Event> events = outgoing.causedBy(event.id());
            return new Outcome(events, blobsOf(events));
        }
        String column = request.scope() == QuotaScope.ACCOUNT ? "address" : "domain";
        String value = request.scope() == QuotaScope.ACCOUNT ? request.address() : event.domain();
        if (value == null) {
            throw new IllegalArgumentException("eviction request " + request.requestId() + " of scope "
                    + request.scope() + " names no " + column);
        }
        List<ArchiveEntry> evicted = evictOldest(column, value.toLowerCase(Locale.ROOT), null,
                request.bytesToFree(), Integer.MAX_VALUE);
        return record(event.id(), request.requestId(), evicted);
    }

    /**
     * Evicts up to {@code maxEntries} entries of {@code domain} removed before {@code cutoff}, oldest first, in one
     * transaction (the retention job calls it until nothing is left).
     */
    @Transactional
    public Outcome evictOlderThan(String domain, Instant cutoff, int maxEntries) {
        List<ArchiveEntry> evicted = evictOldest("domain", domain.toLowerCase(Locale.ROOT), cutoff, Long.MAX_VALUE,
                maxEntries);
        return record(null, null, evicted);
    }

    /** The domains that have archive entries. */
    @Transactional
    public List<String> domains() {
        return repository.getEntityManager()
                .createQuery("SELECT DISTINCT e.domain FROM ArchiveEntry e", String.class).getResultList();
    }

    private List<ArchiveEntry> evictOldest(String column, String value, Instant cutoff, long bytesToFree,
            int maxEntries) {
        List<ArchiveEntry> evicted = new ArrayList<>();
        long freed = 0;
        String jpql = "FROM ArchiveEntry e WHERE e." + column + " = :value"
                + (cutoff == null ? "" : " AND e.removedAt < :cutoff")
                + " ORDER BY e.removedAt, e.internalDate, e.id";
        while (freed < bytesToFree && evicted.size() < maxEntries) {
            // Evicted rows are deleted as we go, so each query starts at the oldest entry still there.
            var query = repository.getEntityManager().createQuery(jpql, ArchiveEntry.class)
                    .setParameter("value", value)
                    .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                    .setMaxResults(Math.min(batchSize, maxEntries - evicted.size()));
            if (cutoff != null) {
                query.setParameter("cutoff", cutoff);
            }
            List<ArchiveEntry> batch = query.getResultList();
            if (batch.isEmpty()) {
                break;
            }
            for (ArchiveEntry entry : batch) {
                if (freed >= bytesToFree) {
                    break;
                }
                references.release(entry.blobId);
                repository.delete(entry);
                evicted.add(entry);
                freed += entry.size;
            }
            repository.flush();
        }
        return evicted;
    }

    private Outcome record(UUID causeId, UUID requestId, List<ArchiveEntry> evicted) {
        Map<String, List<ArchiveEntry>> byAccount = new LinkedHashMap<>();
        evicted.forEach(e -> byAccount.computeIfAbsent(e.accountId, k -> new ArrayList<>()).add(e));
        List<Event> events = new ArrayList<>();
        byAccount.forEach((accountId, entries) -> {
            Event event = Event.of(ArchivingService.SOURCE, EventType.ARCHIVE_EVICTED, entries.get(0).domain,
                    accountId, new ArchiveEvicted(requestId,
                            entries.stream().map(e -> new ArchiveEvicted.Entry(e.id, e.address, e.blobId, e.size))
                                    .toList(),
                            entries.stream().mapToLong(e -> e.size).sum()));
            outgoing.record(causeId, event);
            events.add(event);
        });
        return new Outcome(events, evicted.stream().map(e -> e.blobId).distinct().toList());
    }

    private static List<String> blobsOf(List<Event> events) {
        return events.stream().filter(e -> e.data() instanceof ArchiveEvicted)
                .flatMap(e -> ((ArchiveEvicted) e.data()).entries().stream()).map(ArchiveEvicted.Entry::blobId)
                .distinct().toList();
    }
}
