package io.postvault.protocol.store.pg;

import io.agroal.api.AgroalDataSource;
import io.postvault.protocol.store.LiveMessages;
import io.postvault.protocol.store.Mailbox;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The live messages of an account, walked by message id (the cursor), which only grows. */
@ApplicationScoped
public class PgLiveMessages implements LiveMessages {

    private final AgroalDataSource dataSource;

    PgLiveMessages(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Page page(Mailbox account, String cursor, int limit) {
        long after = parseCursor(cursor);
        List<LiveMessage> messages = new ArrayList<>(Math.min(limit, 1000));
        long lastId = after;
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT m.id, f.name, f.uid_validity, m.uid, m.blob_id, m.size, m.internal_date, m.flags, m.modseq, "
                     + MessageRows.SUMMARY_COLUMNS + """
                      FROM message m JOIN folder f ON f.id = m.folder_id
                     WHERE m.account_id = ? AND m.id > ? ORDER BY m.id LIMIT ?""")) {
            ps.setObject(1, account.accountId());
            ps.setLong(2, after);
            ps.setInt(3, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    lastId = rs.getLong(1);
                    messages.add(new LiveMessage(account.address(), rs.getString(2), rs.getLong(3), rs.getLong(4),
                            rs.getString(5), rs.getLong(6), rs.getTimestamp(7).toInstant(),
                            Arrays.asList((String[]) rs.getArray(8).getArray()), rs.getLong(9),
                            MessageRows.summary(rs, 10)));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("could not list the messages of " + account.address() + ": " + e.getMessage(), e);
        }
        return new Page(messages, messages.size() < limit ? null : Long.toString(lastId));
    }

    @Override
    public boolean holdsBlob(Mailbox account, String blobId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT 1 FROM message WHERE account_id = ? AND blob_id = ? LIMIT 1")) {
            ps.setObject(1, account.accountId());
            ps.setString(2, blobId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new StoreException("could not look up blob " + blobId + ": " + e.getMessage(), e);
        }
    }

    private static long parseCursor(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return 0;
        }
        try {
            long after = Long.parseLong(cursor);
            if (after < 0) {
                throw new IllegalArgumentException("not a cursor of this listing: " + cursor);
            }
            return after;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a cursor of this listing: " + cursor);
        }
    }
}
