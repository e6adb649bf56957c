package io.postvault.protocol.blobgc;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;

/**
 * Clears a pending removal ({@code blob_removal}) once the archive acknowledged it, and marks its blob for the collector.
 * Idempotent by construction: a replayed acknowledgement finds no pending row and changes nothing, so no inbox table is
 * needed. Acknowledgements of events that left no pending row (a {@code message.submitted}) are ignored the same way.
 */
@ApplicationScoped
public class ArchiveAcknowledgements {

    private final AgroalDataSource dataSource;

    ArchiveAcknowledgements(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Returns the blob of the acknowledged removal, or empty when {@code removalEventId} was not pending. */
    @Transactional
    public Optional<String> acknowledge(UUID removalEventId) {
        try (Connection c = dataSource.getConnection()) {
            String blobId;
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM blob_removal WHERE event_id = ? RETURNING blob_id")) {
                ps.setObject(1, removalEventId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    blobId = rs.getString(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE blob SET collectable = true WHERE blob_id = ?")) {
                ps.setString(1, blobId);
                ps.executeUpdate();
            }
            return Optional.of(blobId);
        } catch (SQLException e) {
            throw new IllegalStateException("could not record the acknowledgement of " + removalEventId, e);
        }
    }
}
