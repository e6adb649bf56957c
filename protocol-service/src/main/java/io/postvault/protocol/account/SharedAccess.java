package io.postvault.protocol.account;

import io.agroal.api.AgroalDataSource;
import io.postvault.events.data.AccountKind;
import io.postvault.protocol.store.Mailbox;
import io.postvault.protocol.store.MailboxException;
import io.postvault.protocol.store.SharedMailboxes;
import io.postvault.protocol.store.pg.StoreException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Who may reach a shared account, and with which RFC 4314 rights. A grant ties a personal account to a shared account
 * of the same domain (a domain administrator shares the domain's mailboxes with its own users); granting again
 * replaces the rights. The same grants are what IMAP sessions reach the shared accounts by ({@link SharedMailboxes}).
 */
@ApplicationScoped
public class SharedAccess implements SharedMailboxes {

    /** One user's rights on a shared account. */
    public record Grant(String shared, String user, String rights, Instant grantedAt) {
    }

    private final AgroalDataSource dataSource;

    SharedAccess(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Sets (creates or replaces) the rights of {@code user} on {@code shared}. */
    public Grant grant(String shared, String user, String rights) {
        String sharedAddress = address("shared", shared);
        String userAddress = address("user", user);
        Rights canonical = new Rights(rights);
        return inTransaction(c -> {
            UUID sharedId = sharedAccount(c, sharedAddress);
            UUID userId;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, kind, domain FROM account WHERE address = ? AND state = 'ACTIVE' FOR SHARE")) {
                ps.setString(1, userAddress);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new StoreProblem.NotFound("no account " + userAddress);
                    }
                    if (!AccountKind.PERSONAL.name().equals(rs.getString(2))) {
                        throw new StoreProblem.InvalidInput("user", userAddress
                                + " is a shared account: rights are granted to personal accounts");
                    }
                    if (!domainOf(sharedAddress).equals(rs.getString(3))) {
                        throw new StoreProblem.InvalidInput("user", userAddress + " is not in the domain of "
                                + sharedAddress + ": a shared account is shared within its domain");
                    }
                    userId = rs.getObject(1, UUID.class);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO shared_access (shared_account_id, user_account_id, rights) VALUES (?, ?, ?)
                    ON CONFLICT (shared_account_id, user_account_id)
                        DO UPDATE SET rights = excluded.rights, granted_at = now()
                    RETURNING granted_at""")) {
                ps.setObject(1, sharedId);
                ps.setObject(2, userId);
                ps.setString(3, canonical.letters());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new Grant(sharedAddress, userAddress, canonical.letters(),
                            rs.getTimestamp(1).toInstant());
                }
            }
        });
    }

    /** Removes every right of {@code user} on {@code shared}; NotFound when there was none. */
    public void revoke(String shared, String user) {
        String sharedAddress = address("shared", shared);
        String userAddress = address("user", user);
        inTransaction(c -> {
            UUID sharedId = sharedAccount(c, sharedAddress);
            try (PreparedStatement ps = c.prepareStatement("""
                    DELETE FROM shared_access s USING account u
                    WHERE s.shared_account_id = ? AND s.user_account_id = u.id AND u.address = ?""")) {
                ps.setObject(1, sharedId);
                ps.setString(2, userAddress);
                if (ps.executeUpdate() == 0) {
                    throw new StoreProblem.NotFound(userAddress + " has no rights on " + sharedAddress);
                }
            }
            return null;
        });
    }

    /** Every grant on {@code shared}, by user address. */
    public List<Grant> grants(String shared) {
        String sharedAddress = address("shared", shared);
        return inTransaction(c -> query(c, sharedAccount(c, sharedAddress), null));
    }

    /** The rights of {@code user} on {@code shared}, if any. */
    public Optional<Grant> grant(String shared, String user) {
        String sharedAddress = address("shared", shared);
        String userAddress = address("user", user);
        return inTransaction(c -> query(c, sharedAccount(c, sharedAddress), userAddress).stream().findFirst());
    }

    private static List<Grant> query(Connection c, UUID sharedId, String userAddress) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT sa.address, u.address, s.rights, s.granted_at
                FROM shared_access s JOIN account u ON u.id = s.user_account_id
                                     JOIN account sa ON sa.id = s.shared_account_id
                WHERE s.shared_account_id = ? AND (?::text IS NULL OR u.address = ?) ORDER BY u.address""")) {
            ps.setObject(1, sharedId);
            ps.setString(2, userAddress);
            ps.setString(3, userAddress);
            List<Grant> grants = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    grants.add(new Grant(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getTimestamp(4).toInstant()));
                }
            }
            return grants;
        }
    }

    // --- IMAP (SharedMailboxes) --------------------------------------------------------------------------------

    @Override
    public List<Reach> reachable(Mailbox user) {
        return reaches(user, null);
    }

    @Override
    public Optional<Reach> reach(Mailbox user, String address) {
        return reaches(user, address.toLowerCase(java.util.Locale.ROOT)).stream().findFirst();
    }

    /** The shared accounts of the user's domain with the user's rights (plus {@code a} for a domain administrator). */
    private List<Reach> reaches(Mailbox user, String address) {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT sa.id, sa.address, sa.domain, s.rights, u.role = 'DOMAIN_ADMIN'
                    FROM account u
                    JOIN account sa ON sa.domain = u.domain AND sa.kind = 'SHARED' AND sa.state = 'ACTIVE'
                    LEFT JOIN shared_access s ON s.shared_account_id = sa.id AND s.user_account_id = u.id
                    WHERE u.id = ? AND u.state = 'ACTIVE' AND (s.rights IS NOT NULL OR u.role = 'DOMAIN_ADMIN')
                      AND (?::text IS NULL OR sa.address = ?)
                    ORDER BY sa.address""")) {
                ps.setObject(1, user.accountId());
                ps.setString(2, address);
                ps.setString(3, address);
                List<Reach> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String rights = rs.getString(4) == null ? "" : rs.getString(4);
                        out.add(new Reach(new Mailbox(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                                AccountKind.SHARED), new Rights(rs.getBoolean(5) ? rights + "a" : rights)));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public List<Entry> acl(Mailbox shared) {
        return inTransaction(c -> query(c, shared.accountId(), null).stream()
                .map(g -> new Entry(g.user(), new Rights(g.rights()))).toList());
    }

    @Override
    public void setRights(Mailbox shared, String user, Rights rights) {
        if (rights != null) {
            grant(shared.address(), user, rights.letters());
            return;
        }
        try {
            revoke(shared.address(), user);
        } catch (StoreProblem.NotFound e) {
            // RFC 4314 section 3.2: DELETEACL of an identifier without rights changes nothing
        }
    }

    @Override
    public Set<Long> subscriptions(Mailbox user) {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT folder_id FROM shared_subscription WHERE user_account_id = ?")) {
                ps.setObject(1, user.accountId());
                Set<Long> ids = new HashSet<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                    }
                }
                return ids;
            }
        });
    }

    @Override
    public void subscribe(Mailbox user, Mailbox shared, String folder, boolean subscribed) {
        inTransaction(c -> {
            long folderId;
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM folder WHERE account_id = ? AND name = ?")) {
                ps.setObject(1, shared.accountId());
                ps.setString(2, folder);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new MailboxException(MailboxException.Code.NONEXISTENT, "No such mailbox");
                    }
                    folderId = rs.getLong(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement(subscribed
                    ? "INSERT INTO shared_subscription (user_account_id, folder_id) VALUES (?, ?) ON CONFLICT DO NOTHING"
                    : "DELETE FROM shared_subscription WHERE user_account_id = ? AND folder_id = ?")) {
                ps.setObject(1, user.accountId());
                ps.setLong(2, folderId);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** The id of the active shared account, locked against deletion until the transaction ends. */
    private static UUID sharedAccount(Connection c, String address) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, kind FROM account WHERE address = ? AND state = 'ACTIVE' FOR SHARE")) {
            ps.setString(1, address);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new StoreProblem.NotFound("no account " + address);
                }
                if (!AccountKind.SHARED.name().equals(rs.getString(2))) {
                    throw new StoreProblem.Conflict(address + " is a personal account: only shared accounts"
                            + " have access rights");
                }
                return rs.getObject(1, UUID.class);
            }
        }
    }

    /** The canonical form of an address given in {@code field}, or InvalidInput. */
    static String address(String field, String address) {
        int at = address == null ? -1 : address.lastIndexOf('@');
        if (at <= 0 || at == address.length() - 1) {
            throw new StoreProblem.InvalidInput(field, "'" + address + "' is not an address local@domain");
        }
        return Names.localPart(address.substring(0, at)) + "@" + Names.domain(address.substring(at + 1));
    }

    private static String domainOf(String address) {
        return address.substring(address.lastIndexOf('@') + 1);
    }

    @FunctionalInterface
    private interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * One read statement outside any transaction: every IMAP LIST and every command naming a shared folder asks, and a
     * transaction would add its commit round trip for nothing.
     */
    private <T> T read(SqlWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new StoreException("shared access: " + e.getMessage(), e);
        }
    }

    private <T> T inTransaction(SqlWork<T> work) {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection()) {
                return work.run(c);
            } catch (SQLException e) {
                throw new StoreException("shared access: " + e.getMessage(), e);
            }
        });
    }
}
