package io.postvault.archive.storage;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Archive entries. The listing with filters is {@link ArchiveListing}; totals and eviction use native SQL. */
@ApplicationScoped
public class ArchiveRepository implements PanacheRepositoryBase<ArchiveEntry, UUID> {

    public Optional<ArchiveEntry> findOfAccount(String address, UUID id) {
        return findByIdOptional(id).filter(e -> e.address.equals(address));
    }

    /**
     * Up to {@code limit} entries of an account, oldest first by internal date (then id), after the entry at
     * ({@code afterDate}, {@code afterId}); from the first when {@code afterDate} is null.
     */
    public List<ArchiveEntry> oldestFirst(String address, Instant afterDate, UUID afterId, int limit) {
        if (afterDate == null) {
            return find("address = ?1 ORDER BY internalDate, id", address).page(0, limit).list();
        }
        return find("address = ?1 AND (internalDate > ?2 OR (internalDate = ?2 AND id > ?3)) ORDER BY internalDate, id",
                address, afterDate, afterId).page(0, limit).list();
    }

    /** Bytes and count of the entries of one account or one domain. */
    public Totals totals(String column, String value) {
        if (!column.equals("address") && !column.equals("domain")) {
            throw new IllegalArgumentException(column);
        }
        Object[] row = (Object[]) getEntityManager().createNativeQuery(
                        "SELECT coalesce(sum(size), 0), count(*) FROM archive_entry WHERE " + column + " = ?1")
                .setParameter(1, value).getSingleResult();
        return new Totals(((Number) row[0]).longValue(), ((Number) row[1]).longValue());
    }

    /** Archived bytes and entries. */
    public record Totals(long bytes, long count) {
    }
}
