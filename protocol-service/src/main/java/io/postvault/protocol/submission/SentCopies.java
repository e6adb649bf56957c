package io.postvault.protocol.submission;

import io.agroal.api.AgroalDataSource;
import io.postvault.protocol.store.ImapFolders;
import io.postvault.protocol.store.ImapMessages;
import io.postvault.protocol.store.Mailbox;
import io.postvault.protocol.store.MailboxException;
import io.postvault.protocol.store.pg.StoreException;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The per-account option "also file what I send into \Sent" ({@code submission_setting}, off by default): the
 * submitted bytes are appended to the account's \Sent folder (RFC 6154 special use) as the IMAP APPEND path does, with
 * \Seen. Blocking. A copy that cannot be made (over quota, no \Sent folder) is logged; the message was sent all the same.
 *
 * <p>The archive keeps the message from its {@code message.submitted} already, so the copy is appended as archived by
 * that event ({@link ImapMessages#appendArchived}): removing it later archives it no second time.
 */
@ApplicationScoped
public class SentCopies {

    private static final Logger LOG = Logger.getLogger(SentCopies.class);

    private final AgroalDataSource dataSource;
    private final ImapFolders folders;
    private final ImapMessages messages;

    SentCopies(AgroalDataSource dataSource, ImapFolders folders, ImapMessages messages) {
        this.dataSource = dataSource;
        this.folders = folders;
        this.messages = messages;
    }

    /** Whether the account wants its submitted messages in \Sent. */
    public boolean wanted(UUID accountId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT copy_to_sent FROM submission_setting WHERE account_id = ?")) {
            ps.setObject(1, accountId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        } catch (SQLException e) {
            throw new StoreException("could not read the submission settings: " + e.getMessage(), e);
        }
    }

    /** Turns the option on or off for an account. */
    public void setWanted(UUID accountId, boolean copyToSent) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                INSERT INTO submission_setting (account_id, copy_to_sent) VALUES (?, ?)
                ON CONFLICT (account_id) DO UPDATE SET copy_to_sent = EXCLUDED.copy_to_sent""")) {
            ps.setObject(1, accountId);
            ps.setBoolean(2, copyToSent);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("could not write the submission settings: " + e.getMessage(), e);
        }
    }

    /**
     * Files the message into \Sent when the account wants it; returns whether a copy was made.
     *
     * @param submitted the message's {@code message.submitted}, whose archive entry keeps it
     */
    public boolean copyIfWanted(Mailbox account, Path message, UUID submitted) {
        try {
            if (!wanted(account.accountId())) {
                return false;
            }
            var sent = folders.list(account).stream().filter(f -> "\\Sent".equalsIgnoreCase(f.specialUse())).findFirst();
            if (sent.isEmpty()) {
                LOG.warnf("%s wants copies of sent mail but has no \\Sent folder", account.address());
                return false;
            }
            messages.appendArchived(account, sent.get().name(), Set.of("\\Seen"),
                    Instant.now().truncatedTo(ChronoUnit.SECONDS), message, submitted);
            return true;
        } catch (MailboxException | StoreException e) {
            LOG.warnf("no copy in \\Sent for %s: %s", account.address(), e.getMessage());
            return false;
        }
    }
}
