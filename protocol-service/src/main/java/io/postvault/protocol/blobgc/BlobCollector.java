package io.postvault.protocol.blobgc;

import io.agroal.api.AgroalDataSource;
import io.postvault.protocol.store.s3.BlobStore;
import io.postvault.protocol.store.s3.BlobStoreException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Deletes live blobs that no live message references, whose removals the archive all acknowledged, and that no
 * submitted message still waits to be relayed with (submission_queue, V20).
 *
 * <p>Each candidate (a {@code blob} row marked collectable, or a blob a removal queued in {@code blob_recheck}, V51) is
 * decided in its own transaction: lock the row (SKIP LOCKED: a delivery holding it is filing a message that references
 * the blob), consume its queued rechecks, then, in a later statement and so a fresh snapshot, look for referencing
 * messages and pending removals; if there are none, delete the object, then the row.
 * A delivery waiting on that row lock re-inserts the row and uploads the object again (see {@code PgMailDelivery}); a
 * crash after the object went but before the commit leaves the row, and the next round deletes again (a no-op).
 */
@ApplicationScoped
public class BlobCollector {

    private static final Logger LOG = Logger.getLogger(BlobCollector.class);

    private final AgroalDataSource dataSource;
    private final BlobStore blobs;
    private final BlobGcConfig config;

    BlobCollector(AgroalDataSource dataSource, BlobStore blobs, BlobGcConfig config) {
        this.dataSource = dataSource;
        this.blobs = blobs;
        this.config = config;
    }

    @Scheduled(every = "${postvault.blobs.collect-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            int deleted = collect();
            if (deleted > 0) {
                LOG.infof("deleted %d unreferenced, archived blobs", deleted);
            }
        } catch (RuntimeException e) {
            LOG.warnf("blob collection failed, next round retries: %s", e.getMessage());
        }
    }

    /** One round over up to the batch size of candidates; returns how many blobs were deleted. */
    public int collect() {
        int deleted = 0;
        for (String blobId : candidates()) {
            if (QuarkusTransaction.requiringNew().call(() -> collect(blobId))) {
                deleted++;
            }
        }
        return deleted;
    }

    private List<String> candidates() {
        List<String> ids = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT blob_id FROM blob WHERE collectable UNION SELECT blob_id FROM blob_recheck"
                        + " ORDER BY blob_id LIMIT ?")) {
            ps.setInt(1, config.collectBatchSize());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not list collectable blobs: " + e.getMessage(), e);
        }
        return ids;
    }

    /** In its own transaction; true when the blob was deleted. */
    private boolean collect(String blobId) throws SQLException, BlobStoreException {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT 1 FROM blob WHERE blob_id = ? FOR UPDATE SKIP LOCKED")) {
                ps.setString(1, blobId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        // A delivery or another collector holds it (a later round looks again), or it is gone: then
                        // its queued rechecks have nothing left to look at.
                        update(c, "DELETE FROM blob_recheck r WHERE r.blob_id = ?"
                                + " AND NOT EXISTS (SELECT 1 FROM blob b WHERE b.blob_id = r.blob_id)", blobId);
                        return false;
                    }
                }
            }
            // Consumed under the row lock and before the look below: every recheck this deletes was committed before
            // the look's snapshot; one committed later stays for the next round.
            update(c, "DELETE FROM blob_recheck WHERE blob_id = ?", blobId);
            boolean needed;
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT EXISTS (SELECT 1 FROM message WHERE blob_id = ?)
                        OR EXISTS (SELECT 1 FROM blob_removal WHERE blob_id = ?)
                        OR EXISTS (SELECT 1 FROM submission_queue WHERE blob_id = ? AND state = 'QUEUED')""")) {
                ps.setString(1, blobId);
                ps.setString(2, blobId);
                ps.setString(3, blobId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    needed = rs.getBoolean(1);
                }
            }
            if (needed) {
                // Still referenced or not yet archived: the next acknowledgement or removal asks again.
                update(c, "UPDATE blob SET collectable = false WHERE blob_id = ?", blobId);
                return false;
            }
            blobs.delete(blobId);
            update(c, "DELETE FROM blob WHERE blob_id = ?", blobId);
            LOG.debugf("deleted blob %s", blobId);
            return true;
        }
    }

    private static void update(Connection c, String sql, String blobId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, blobId);
            ps.executeUpdate();
        }
    }
}
