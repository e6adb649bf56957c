package io.postvault.archive.service;

import io.postvault.archive.messaging.ArchiveEventPublisher;
import io.postvault.archive.storage.ArchiveBlobStore;
import io.postvault.archive.storage.ArchiveEntry;
import io.postvault.archive.storage.ArchiveRepository;
import io.postvault.archive.storage.BlobReferences;
import io.postvault.archive.storage.OutgoingEvents;
import io.postvault.events.Event;
import io.postvault.events.EventType;
import io.postvault.events.data.ArchiveDeleted;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.jboss.logging.Logger;

/** What the REST API does with the archive: list, read, download, delete, totals; removal for restores. */
@ApplicationScoped
public class ArchiveService {

    private static final Logger LOG = Logger.getLogger(ArchiveService.class);

    private final ArchiveRepository repository;
    private final BlobReferences references;
    private final ArchiveBlobStore store;
    private final OutgoingEvents outgoing;
    private final ArchiveEventPublisher publisher;
    private final BlobSweeper sweeper;

    ArchiveService(ArchiveRepository repository, BlobReferences references, ArchiveBlobStore store,
            OutgoingEvents outgoing, ArchiveEventPublisher publisher, BlobSweeper sweeper) {
        this.repository = repository;
        this.references = references;
        this.store = store;
        this.outgoing = outgoing;
        this.publisher = publisher;
        this.sweeper = sweeper;
    }

    @Transactional
    public ArchiveListing.Page list(String address, ArchiveListing.Filter filter,
            Optional<ArchiveListing.Cursor> cursor, int limit) {
        StringBuilder jpql = new StringBuilder("FROM ArchiveEntry e WHERE e.address = :address");
        Map<String, Object> params = new HashMap<>();
        params.put("address", normalize(address));
        filter.after().ifPresent(v -> {
            jpql.append(" AND e.internalDate >= :after");
            params.put("after", v);
        });
        filter.before().ifPresent(v -> {
            jpql.append(" AND e.internalDate < :before");
            params.put("before", v);
        });
        filter.direction().ifPresent(v -> {
            jpql.append(" AND e.direction = :direction");
            params.put("direction", v);
        });
        filter.from().ifPresent(v -> {
            jpql.append(" AND lower(e.from) LIKE :from ESCAPE '\\'");
            params.put("from", containing(v));
        });
        filter.subject().ifPresent(v -> {
            jpql.append(" AND lower(e.subject) LIKE :subject ESCAPE '\\'");
            params.put("subject", containing(v));
        });
        cursor.ifPresent(c -> {
            jpql.append(" AND (e.internalDate < :cursorDate OR (e.internalDate = :cursorDate AND e.id < :cursorId))");
            params.put("cursorDate", c.internalDate());
            params.put("cursorId", c.id());
        });
        jpql.append(" ORDER BY e.internalDate DESC, e.id DESC");
        var query = repository.getEntityManager().createQuery(jpql.toString(), ArchiveEntry.class)
                .setMaxResults(limit + 1);
        params.forEach(query::setParameter);
        List<ArchiveEntry> rows = query.getResultList();
        if (rows.size() <= limit) {
            return new ArchiveListing.Page(rows, null);
        }
        List<ArchiveEntry> page = rows.subList(0, limit);
        ArchiveEntry last = page.get(limit - 1);
        return new ArchiveListing.Page(List.copyOf(page), new ArchiveListing.Cursor(last.internalDate, last.id).encode());
    }

    @Transactional
    public Optional<ArchiveEntry> find(String address, UUID id) {
        return repository.findOfAccount(normalize(address), id);
    }

    /** The archived bytes of an entry (found with {@link #find}); the caller closes the stream. */
    public InputStream open(ArchiveEntry entry) {
        return store.open(entry.blobId);
    }

    /**
     * Deletes an entry and emits {@code archive.deleted}. Returns false when there is no such entry. The deletion is
     * durable at the commit; if the broker does not confirm the event at once, the relay publishes it later.
     */
    public boolean delete(String address, UUID id) {
        return remove(address, id, entry -> List.of(deleted(entry))).isPresent();
    }

    /**
     * Removes an entry from the archive in its own transaction (its row locked, so two removals of one entry never
     * both apply), records the events {@code announce} makes of it, publishes them after the commit and deletes the
     * object if this was its last reference. Empty when the account has no such entry (any more).
     */
    public Optional<ArchiveEntry> remove(String address, UUID id, Function<ArchiveEntry, List<Event>> announce) {
        Optional<Removal> removal = QuarkusTransaction.requiringNew().call(() -> {
            ArchiveEntry entry = repository.getEntityManager().find(ArchiveEntry.class, id,
                    LockModeType.PESSIMISTIC_WRITE);
            if (entry == null || !entry.address.equals(normalize(address))) {
                return Optional.<Removal>empty();
            }
            repository.delete(entry);
            repository.flush();
            references.release(entry.blobId);
            List<Event> events = announce.apply(entry);
            events.forEach(event -> outgoing.record(null, event));
            return Optional.of(new Removal(entry, events));
        });
        removal.ifPresent(r -> {
            try {
                publisher.publish(r.events());
            } catch (RuntimeException e) {
                LOG.warnf("events of the removal of archive entry %s not confirmed yet, the relay publishes them: %s",
                        r.entry().id, e.getMessage());
            }
            sweeper.sweep(List.of(r.entry().blobId));
        });
        return removal.map(Removal::entry);
    }

    /** The {@code archive.deleted} event of an entry that left the archive. */
    public static Event deleted(ArchiveEntry e) {
        return Event.of(ArchivingService.SOURCE, EventType.ARCHIVE_DELETED, e.domain, e.accountId,
                new ArchiveDeleted(e.id, e.address, e.blobId, e.size));
    }

    private record Removal(ArchiveEntry entry, List<Event> events) {
    }

    @Transactional
    public ArchiveTotals accountTotals(String address) {
        var totals = repository.totals("address", normalize(address));
        return new ArchiveTotals(totals.bytes(), totals.count());
    }

    @Transactional
    public ArchiveTotals domainTotals(String domain) {
        var totals = repository.totals("domain", normalize(domain));
        return new ArchiveTotals(totals.bytes(), totals.count());
    }

    /** Archived bytes and entries of an account or a domain. */
    public record ArchiveTotals(long bytes, long count) {
    }

    private static String normalize(String address) {
        return address.toLowerCase(Locale.ROOT);
    }

    private static String containing(String text) {
        String escaped = text.toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        return "%" + escaped + "%";
    }
}
