package io.postvault.archive.storage;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;

/** Archive entries. The listing with filters is {@link ArchiveListing}; totals and eviction use native SQL. */
@ApplicationScoped
public class ArchiveRepository implements PanacheRepositoryBase<ArchiveEntry, UUID> {

    public Optional<ArchiveEntry> findOfAccount(String address, UUID id) {
        return findByIdOptional(id).filter(e -> e.address.equals(address));
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
