package io.postvault.protocol.store.pg;

import io.agroal.api.AgroalDataSource;
import io.postvault.protocol.config.StoreConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Keeps QRESYNC's record of expunged UIDs ({@code vanished_message}, filled by the V10 triggers on every removal)
 * bounded, as Cyrus's {@code expunge_days} does: removals older than the retention, and beyond the most recent
 * {@code max-per-folder} of a folder, are forgotten, and the folder's {@code vanished_pruned_modseq} rises to the highest
 * MODSEQ forgotten. A client whose MODSEQ is below it gets the fallback answer (every known UID no longer there,
 * {@code imap.handler.VanishedFallback}), never a VANISHED with removals left out.
 *
 * <p>Each folder is pruned in its own transaction holding its row lock (the first lock taken, so the lock order of
 * V1__mail_store.sql holds), and the mark and the deletion commit together; readers take both in one statement
 * ({@code PgImapMessages.vanished}). Whole MODSEQs go at once (one expunge shares one). Replicas may prune at the same
 * time: the second finds nothing left to do.
 */
@ApplicationScoped
public class VanishedPruning {

    private static final Logger LOG = Logger.getLogger(VanishedPruning.class);
    /** Rounds per run at most, so a run ends even while removals keep coming. */
    private static final int MAX_ROUNDS = 100;

    private final AgroalDataSource dataSource;
    private final StoreConfig.Vanished config;

    VanishedPruning(AgroalDataSource dataSource, StoreConfig config) {
        this.dataSource = dataSource;
        this.config = config.vanished();
    }

    @Scheduled(every = "${postvault.store.vanished.prune-interval}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            long pruned = prune(config.retention(), config.maxPerFolder());
            if (pruned > 0) {
                LOG.infof("forgot %d expunged UIDs older than %s or beyond %d per folder", pruned,
                        config.retention(), config.maxPerFolder());
            }
        } catch (RuntimeException e) {
            LOG.warnf("pruning expunged UIDs failed, the next run retries: %s", e.getMessage());
        }
    }

    /** Prunes every folder over the bounds ({@code maxPerFolder} 0: no count bound); returns the rows deleted. */
    public long prune(Duration retention, int maxPerFolder) {
        long deleted = 0;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            List<Long> folders = candidates(retention, maxPerFolder);
            long before = deleted;
            for (long folderId : folders) {
                deleted += QuarkusTransaction.requiringNew().call(() -> prune(folderId, retention, maxPerFolder));
            }
            if (folders.size() < config.pruneBatchSize() || deleted == before) {
                break;
            }
        }
        return deleted;
    }

    private List<Long> candidates(Duration retention, int maxPerFolder) {
        String sql = "SELECT folder_id FROM vanished_message WHERE removed_at < now() - make_interval(secs => ?)"
                + (maxPerFolder > 0 ? " UNION SELECT folder_id FROM vanished_message GROUP BY folder_id"
                + " HAVING count(*) > ?" : "") + " LIMIT ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setDouble(i++, retention.toMillis() / 1000.0);
            if (maxPerFolder > 0) {
                ps.setInt(i++, maxPerFolder);
            }
            ps.setInt(i, config.pruneBatchSize());
            List<Long> ids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            return ids;
        } catch (SQLException e) {
            throw new StoreException("could not find folders to prune: " + e.getMessage(), e);
        }
    }

    private long prune(long folderId, Duration retention, int maxPerFolder) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM folder WHERE id = ? FOR NO KEY UPDATE")) {
                ps.setLong(1, folderId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return 0; // deleted meanwhile: its rows went with it
                    }
                }
            }
            long mark;
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT greatest(
                        (SELECT max(modseq) FROM vanished_message
                         WHERE folder_id = ? AND removed_at < now() - make_interval(secs => ?)),
                        (SELECT modseq FROM vanished_message WHERE folder_id = ? ORDER BY modseq DESC OFFSET ? LIMIT 1))""")) {
                ps.setLong(1, folderId);
                ps.setDouble(2, retention.toMillis() / 1000.0);
                ps.setLong(3, folderId);
                ps.setLong(4, maxPerFolder > 0 ? maxPerFolder : Long.MAX_VALUE);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    mark = rs.getLong(1);
                    if (rs.wasNull()) {
                        return 0;
                    }
                }
            }
            long deleted;
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM vanished_message WHERE folder_id = ? AND modseq <= ?")) {
                ps.setLong(1, folderId);
                ps.setLong(2, mark);
                deleted = ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE folder"
                    + " SET vanished_pruned_modseq = greatest(vanished_pruned_modseq, ?) WHERE id = ?")) {
                ps.setLong(1, mark);
                ps.setLong(2, folderId);
                ps.executeUpdate();
            }
            return deleted;
        }
    }
}
