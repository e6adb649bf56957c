package io.postvault.protocol.store.pg;

import io.agroal.api.AgroalDataSource;
import io.postvault.protocol.store.ImapFolders;
import io.postvault.protocol.store.ImapMessages.Appended;
import io.postvault.protocol.store.Mailbox;
import io.postvault.protocol.store.MailboxException;
import io.postvault.protocol.store.RestAppends;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Appends through the internal REST API. With an idempotency key, the first result is recorded in the append's own
 * transaction ({@code rest_append}), so a retry after a lost reply or a crash finds it instead of appending again.
 */
@ApplicationScoped
public class PgRestAppends implements RestAppends {

    private final AgroalDataSource dataSource;
    private final PgImapMessages messages;
    private final ImapFolders folders;

    PgRestAppends(AgroalDataSource dataSource, PgImapMessages messages, ImapFolders folders) {
        this.dataSource = dataSource;
        this.messages = messages;
        this.folders = folders;
    }

    @Override
    public Result append(Mailbox account, String folder, Set<String> flags, Instant internalDate, Path file,
            String blobId, long size, String idempotencyKey) {
        try {
            return appendToExisting(account, folder, flags, internalDate, file, blobId, size, idempotencyKey);
        } catch (MailboxException e) {
            if (e.code() != MailboxException.Code.TRYCREATE) {
                throw e;
            }
        }
        // A missing folder is created, as a delivery agent's autocreate does (a restore into "Restored").
        try {
            folders.create(account, folder, null);
        } catch (MailboxException e) {
            if (e.code() != MailboxException.Code.ALREADYEXISTS) { // a concurrent request created it: fine
                throw e;
            }
        }
        return appendToExisting(account, folder, flags, internalDate, file, blobId, size, idempotencyKey);
    }

    private Result appendToExisting(Mailbox account, String folder, Set<String> flags, Instant internalDate,
            Path file, String blobId, long size, String idempotencyKey) {
        if (idempotencyKey == null) {
            Appended appended = messages.append(account, folder, flags, internalDate, file);
            return new Result(folder, appended.uidValidity(), appended.uid(), blobId, size, false);
        }
        Optional<Result> earlier = find(account, idempotencyKey);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        try {
            Appended appended = messages.append(account, folder, flags, internalDate, file,
                    (c, uidValidity, uid) -> record(c, account, idempotencyKey, folder, uidValidity, uid, blobId, size));
            return new Result(folder, appended.uidValidity(), appended.uid(), blobId, size, false);
        } catch (AlreadyRecorded concurrent) {
            return find(account, idempotencyKey).orElseThrow(
                    () -> new StoreException("the append with key " + idempotencyKey + " vanished", concurrent));
        }
    }

    private Optional<Result> find(Mailbox account, String key) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     SELECT folder, uid_validity, uid, blob_id, size FROM rest_append
                     WHERE account_id = ? AND idempotency_key = ?""")) {
            ps.setObject(1, account.accountId());
            ps.setString(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? Optional.of(new Result(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getString(4),
                                rs.getLong(5), true))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("could not look up the append with key " + key + ": " + e.getMessage(), e);
        }
    }

    /** Runs inside the append's transaction, after the message row exists; a concurrent twin rolls this one back. */
    private static void record(Connection c, Mailbox account, String key, String folder, long uidValidity, long uid,
            String blobId, long size) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO rest_append (account_id, idempotency_key, folder, uid_validity, uid, blob_id, size)
                VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")) {
            ps.setObject(1, account.accountId());
            ps.setString(2, key);
            ps.setString(3, folder);
            ps.setLong(4, uidValidity);
            ps.setLong(5, uid);
            ps.setString(6, blobId);
            ps.setLong(7, size);
            if (ps.executeUpdate() == 0) {
                throw new AlreadyRecorded();
            }
        }
    }

    /** Another request with the same key committed first: this append is rolled back. */
    private static final class AlreadyRecorded extends RuntimeException {
        AlreadyRecorded() {
            super("already appended under this key", null, false, false);
        }
    }
}
