package io.postvault.protocol.store.pg;

import io.agroal.api.AgroalDataSource;
import io.postvault.events.data.RemovalReason;
import io.postvault.protocol.config.StoreConfig;
import io.postvault.protocol.store.Mailbox;
import io.postvault.protocol.store.Maildrops;
import io.postvault.protocol.store.Pop3Message;
import io.postvault.protocol.store.s3.BlobStore;
import io.postvault.protocol.store.s3.BlobStoreException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * POP3 maildrops. The lock is a lease row per account (holder, expiry) in PostgreSQL, so it holds across replicas and
 * frees itself when its holder dies: another session may take it once it has expired. The UIDL is
 * {@code <uidvalidity>.<uid>} of the INBOX message, which never changes and is never reused.
 */
@ApplicationScoped
public class PgMaildrops implements Maildrops {

    private final AgroalDataSource dataSource;
    private final BlobStore blobs;
    private final MessageRemoval removal;
    private final Duration lease;

    PgMaildrops(AgroalDataSource dataSource, BlobStore blobs, MessageRemoval removal,
            StoreConfig config) {
        this.dataSource = dataSource;
        this.blobs = blobs;
        this.removal = removal;
        this.lease = config.maildropLease();
    }

    @Override
    public Optional<MaildropLock> lock(Mailbox mailbox) {
        UUID holder = UUID.randomUUID();
        boolean taken = update("""
                INSERT INTO maildrop_lease (account_id, holder, expires_at) VALUES (?, ?, now() + ? * interval '1 ms')
                ON CONFLICT (account_id) DO UPDATE
                    SET holder = excluded.holder, acquired_at = now(), expires_at = excluded.expires_at
                    WHERE maildrop_lease.expires_at < now()""", mailbox.accountId(), holder, lease.toMillis()) == 1;
        return taken ? Optional.of(new Lease(mailbox.accountId(), holder)) : Optional.empty();
    }

    @Override
    public List<Pop3Message> list(Mailbox mailbox) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     SELECT m.id, f.uid_validity, m.uid, m.size, m.blob_id
                     FROM message m JOIN folder f ON f.id = m.folder_id
                     WHERE f.account_id = ? AND f.name = 'INBOX' ORDER BY m.uid""")) {
            ps.setObject(1, mailbox.accountId());
            List<Pop3Message> messages = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    messages.add(new Pop3Message(rs.getLong(1), rs.getLong(2) + "." + rs.getLong(3), rs.getLong(4),
                            rs.getString(5)));
                }
            }
            return messages;
        } catch (SQLException e) {
            throw new StoreException("could not list the maildrop of " + mailbox.address() + ": " + e.getMessage(), e);
        }
    }

    /** {@inheritDoc} Throws {@link UncheckedIOException} when the object store cannot be read. */
    @Override
    public InputStream open(Pop3Message message) {
        try {
            return blobs.open(message.blobId());
        } catch (BlobStoreException e) {
            throw new UncheckedIOException(new IOException(e.getMessage(), e));
        }
    }

    @Override
    public Optional<InputStream> openInMemory(Pop3Message message) {
        return blobs.openInMemory(message.blobId());
    }

    private int update(String sql, Object... parameters) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setObject(i + 1, parameters[i]);
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("maildrop lease: " + e.getMessage(), e);
        }
    }

    /** A held lease. */
    private final class Lease implements MaildropLock {
        private final UUID accountId;
        private final UUID holder;

        Lease(UUID accountId, UUID holder) {
            this.accountId = accountId;
            this.holder = holder;
        }

        @Override
        public boolean renew() {
            return PgMaildrops.this.update("UPDATE maildrop_lease SET expires_at = now() + ? * interval '1 ms'"
                    + " WHERE account_id = ? AND holder = ?", lease.toMillis(), accountId, holder) == 1;
        }

        /**
         * {@inheritDoc} The lease row is the transaction's first lock, as in account deletion (then the removal's
         * folder, usage and outbox locks); releasing it in the removal's commit saves two commits per session.
         */
        @Override
        public boolean update(List<Pop3Message> messages) {
            List<Long> ids = messages.stream().map(Pop3Message::messageId).toList();
            return QuarkusTransaction.requiringNew().call(() -> {
                try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                        "DELETE FROM maildrop_lease WHERE account_id = ? AND holder = ?")) {
                    ps.setObject(1, accountId);
                    ps.setObject(2, holder);
                    if (ps.executeUpdate() != 1) {
                        return false;
                    }
                }
                removal.remove(accountId, ids, RemovalReason.POP3_DELETE);
                return true;
            });
        }

        @Override
        public void close() {
            PgMaildrops.this.update("DELETE FROM maildrop_lease WHERE account_id = ? AND holder = ?", accountId,
                    holder);
        }
    }
}
