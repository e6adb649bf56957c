package io.postvault.protocol.account;

import io.agroal.api.AgroalDataSource;
import io.postvault.events.Event;
import io.postvault.events.EventType;
import io.postvault.events.data.AccountCreated;
import io.postvault.events.data.AccountDeleted;
import io.postvault.events.data.AccountKind;
import io.postvault.events.data.DomainCreated;
import io.postvault.events.data.DomainDeleted;
import io.postvault.events.data.RemovalReason;
import io.postvault.protocol.config.StoreConfig;
import io.postvault.protocol.outbox.EventSource;
import io.postvault.protocol.outbox.OutboxWriter;
import io.postvault.protocol.store.pg.DomainUsage;
import io.postvault.protocol.store.pg.MessageRemoval;
import io.postvault.protocol.store.pg.StoreException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Domains and accounts: creation (an account gets its default folders), deletion (every live message leaves through
 * {@link MessageRemoval}, one {@code message.removed} per last copy, reason ACCOUNT_DELETED, then
 * {@code account.deleted}), passwords and roles. Every change other services learn of writes its event to the outbox in
 * its own transaction (passwords and roles are protocol-service's alone: no event).
 *
 * <p>Deletion first marks the account (or domain) DELETING, so it receives and logs in no more, then removes its
 * messages in batches (each its own transaction, so a huge mailbox does not make one huge transaction; a deletion cut
 * short by a crash is finished by calling it again), and finally drops the rows and writes the event.
 */
@ApplicationScoped
public class AccountService {

    /** The folders of a new account and their SPECIAL-USE attributes (RFC 6154); INBOX has none. */
    static final List<String[]> DEFAULT_FOLDERS = List.of(new String[] {"INBOX", null},
            new String[] {"Sent", "\\Sent"}, new String[] {"Drafts", "\\Drafts"}, new String[] {"Trash", "\\Trash"},
            new String[] {"Junk", "\\Junk"}, new String[] {"Archive", "\\Archive"});

    private static final String ACCOUNT_COLUMNS = """
            a.id, a.address, a.local_part, a.domain, a.kind, a.role, a.quota_bytes, u.occupied_bytes, u.message_count,
            a.created_at""";

    private final AgroalDataSource dataSource;
    private final OutboxWriter outbox;
    private final MessageRemoval removal;
    private final PasswordHasher hasher;
    private final StoreConfig config;

    AccountService(AgroalDataSource dataSource, OutboxWriter outbox, MessageRemoval removal, PasswordHasher hasher,
            StoreConfig config) {
        this.dataSource = dataSource;
        this.outbox = outbox;
        this.removal = removal;
        this.hasher = hasher;
        this.config = config;
    }

    // --- domains -------------------------------------------------------------------------------------------------

    public Domain createDomain(String name, Long quotaBytes) {
        String domain = Names.domain(name);
        long quota = Names.quota("quotaBytes", quotaBytes, true);
        inTransaction(c -> {
            if (update(c, "INSERT INTO domain (name, quota_bytes) VALUES (?, ?) ON CONFLICT DO NOTHING", domain,
                    quota) == 0) {
                throw new StoreProblem.Conflict("domain " + domain + " exists already");
            }
            update(c, DomainUsage.CREATE, domain);
            update(c, DomainUsage.REBALANCE, domain); // the quota shared out between the stripes
            outbox.append(Event.of(EventSource.PROTOCOL_SERVICE, EventType.DOMAIN_CREATED, domain, null,
                    new DomainCreated(domain, quota)));
            return null;
        });
        return domain(domain);
    }

    public Domain domain(String name) {
        String domain = Names.domain(name);
        return inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT d.name, d.quota_bytes, sum(u.occupied_bytes), sum(u.message_count),
                           (SELECT count(*) FROM account a WHERE a.domain = d.name AND a.state = 'ACTIVE'), d.created_at
                    FROM domain d JOIN domain_usage u ON u.domain = d.name WHERE d.name = ? AND d.state = 'ACTIVE'
                    GROUP BY d.name""")) {
                ps.setString(1, domain);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new StoreProblem.NotFound("no domain " + domain);
                    }
                    return new Domain(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                            rs.getTimestamp(6).toInstant());
                }
            }
        });
    }

    /** Deletes every account of the domain (their messages go to the archive), then the domain. */
    public void deleteDomain(String name) {
        String domain = Names.domain(name);
        List<String> localParts = inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE domain SET state = 'DELETING' WHERE name = ? RETURNING name")) {
                ps.setString(1, domain);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new StoreProblem.NotFound("no domain " + domain);
                    }
                }
            }
            List<String> parts = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT local_part FROM account WHERE domain = ? ORDER BY id")) {
                ps.setString(1, domain);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        parts.add(rs.getString(1));
                    }
                }
            }
            return parts;
        });
        for (String localPart : localParts) {
            deleteAccount(domain, localPart, true);
        }
        inTransaction(c -> {
            update(c, "DELETE FROM domain_usage WHERE domain = ?", domain);
            update(c, "DELETE FROM domain WHERE name = ?", domain);
            outbox.append(Event.of(EventSource.PROTOCOL_SERVICE, EventType.DOMAIN_DELETED, domain, null,
                    new DomainDeleted(domain)));
            return null;
        });
    }

    // --- accounts ------------------------------------------------------------------------------------------------

    public Account createAccount(String domainName, String localPart, String password, String kind, String role,
            Long quotaBytes) {
        String domain = Names.domain(domainName);
        String local = Names.localPart(localPart);
        AccountKind accountKind = Names.kind(kind);
        Account.Role accountRole = Names.role(role);
        long quota = Names.quota("quotaBytes", quotaBytes, false);
        String hash = null;
        if (accountKind == AccountKind.SHARED) {
            if (password != null) {
                throw new StoreProblem.InvalidInput("password", "a shared account has no password (reached via ACLs)");
            }
            if (accountRole != Account.Role.USER) {
                throw new StoreProblem.InvalidInput("role", "a shared account cannot be a domain administrator");
            }
        } else if (password != null) {
            hash = hasher.hash(Names.password(password)); // slow on purpose: outside the transaction
        }
        UUID id = UUID.randomUUID();
        String address = local + "@" + domain;
        String passwordHash = hash;
        inTransaction(c -> {
            requireActiveDomain(c, domain);
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO account (id, domain, local_part, address, kind, role, password_hash, quota_bytes)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (address) DO NOTHING""")) {
                ps.setObject(1, id);
                ps.setString(2, domain);
                ps.setString(3, local);
                ps.setString(4, address);
                ps.setString(5, accountKind.name());
                ps.setString(6, accountRole.name());
                ps.setString(7, passwordHash);
                ps.setObject(8, quota < 0 ? null : quota);
                if (ps.executeUpdate() == 0) {
                    throw new StoreProblem.Conflict("account " + address + " exists already");
                }
            }
            update(c, "INSERT INTO account_usage (account_id) VALUES (?)", id);
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO folder (account_id, name, special_use, uid_validity)
                    VALUES (?, ?, ?, nextval('folder_uid_validity_seq'))""")) {
                for (String[] folder : DEFAULT_FOLDERS) {
                    ps.setObject(1, id);
                    ps.setString(2, folder[0]);
                    ps.setString(3, folder[1]);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            // the folders every account starts with are subscribed; folders created later are not (as Dovecot)
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO subscription (account_id, name) SELECT ?, unnest(?::text[])")) {
                ps.setObject(1, id);
                ps.setArray(2, c.createArrayOf("text", DEFAULT_FOLDERS.stream().map(f -> f[0]).toArray()));
                ps.executeUpdate();
            }
            outbox.append(Event.of(EventSource.PROTOCOL_SERVICE, EventType.ACCOUNT_CREATED, domain, id.toString(),
                    new AccountCreated(address, accountKind, quota < 0 ? null : quota)));
            return null;
        });
        return account(domain, local).orElseThrow();
    }

    public List<Account> accounts(String domainName) {
        String domain = Names.domain(domainName);
        return inTransaction(c -> {
            requireActiveDomain(c, domain);
            List<Account> accounts = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + ACCOUNT_COLUMNS + """
                     FROM account a JOIN account_usage u ON u.account_id = a.id
                    WHERE a.domain = ? AND a.state = 'ACTIVE' ORDER BY a.local_part""")) {
                ps.setString(1, domain);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        accounts.add(account(rs));
                    }
                }
            }
            return accounts;
        });
    }

    public Optional<Account> account(String domainName, String localPart) {
        String address = Names.localPart(localPart) + "@" + Names.domain(domainName);
        return inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + ACCOUNT_COLUMNS + """
                     FROM account a JOIN account_usage u ON u.account_id = a.id
                    WHERE a.address = ? AND a.state = 'ACTIVE'""")) {
                ps.setString(1, address);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(account(rs)) : Optional.empty();
                }
            }
        });
    }

    public void changePassword(String domainName, String localPart, String password) {
        String address = Names.localPart(localPart) + "@" + Names.domain(domainName);
        String hash = hasher.hash(Names.password(password));
        inTransaction(c -> {
            if (lockActiveKind(c, address) == AccountKind.SHARED) {
                throw new StoreProblem.Conflict(address + " is a shared account: it has no password");
            }
            update(c, "UPDATE account SET password_hash = ? WHERE address = ?", hash, address);
            return null;
        });
    }

    /**
     * Sets what the account may administer. A SHARED account has no password and never logs in, so it cannot be a
     * domain administrator. No event: no other service keeps roles (the gateway asks protocol-service at each login).
     */
    public Account changeRole(String domainName, String localPart, String role) {
        String domain = Names.domain(domainName);
        String local = Names.localPart(localPart);
        if (role == null || role.isBlank()) {
            throw new StoreProblem.InvalidInput("role", "a role is required: USER or DOMAIN_ADMIN");
        }
        Account.Role accountRole = Names.role(role);
        String address = local + "@" + domain;
        inTransaction(c -> {
            AccountKind kind = lockActiveKind(c, address);
            if (accountRole == Account.Role.DOMAIN_ADMIN && kind == AccountKind.SHARED) {
                throw new StoreProblem.Conflict(address + " is a shared account: it cannot log in, so it"
                        + " cannot be a domain administrator");
            }
            update(c, "UPDATE account SET role = ? WHERE address = ?", accountRole.name(), address);
            return null;
        });
        return account(domain, local).orElseThrow(() -> new StoreProblem.NotFound("no account " + address));
    }

    /** Deletes the account: its messages leave through the removal path (one event per last copy), then the rows. */
    public void deleteAccount(String domainName, String localPart) {
        deleteAccount(Names.domain(domainName), Names.localPart(localPart), false);
    }

    private void deleteAccount(String domain, String localPart, boolean domainDeleting) {
        String address = localPart + "@" + domain;
        UUID id = inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE account SET state = 'DELETING' WHERE address = ?"
                    + (domainDeleting ? "" : " AND state = 'ACTIVE'") + " RETURNING id")) {
                ps.setString(1, address);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new StoreProblem.NotFound("no account " + address);
                    }
                    return rs.getObject(1, UUID.class);
                }
            }
        });
        int removed;
        do {
            removed = inTransaction(c -> {
                List<Long> ids = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT id FROM message WHERE account_id = ? ORDER BY folder_id, uid LIMIT ?")) {
                    ps.setObject(1, id);
                    ps.setInt(2, config.deletionBatchSize());
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            ids.add(rs.getLong(1));
                        }
                    }
                }
                return removal.remove(id, ids, RemovalReason.ACCOUNT_DELETED);
            });
        } while (removed > 0);
        inTransaction(c -> {
            update(c, "DELETE FROM maildrop_lease WHERE account_id = ?", id);
            update(c, "DELETE FROM folder WHERE account_id = ?", id);
            update(c, "DELETE FROM account_usage WHERE account_id = ?", id);
            update(c, "DELETE FROM account WHERE id = ?", id);
            outbox.append(Event.of(EventSource.PROTOCOL_SERVICE, EventType.ACCOUNT_DELETED, domain, id.toString(),
                    new AccountDeleted(address)));
            return null;
        });
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    /** Locks the ACTIVE account's row against concurrent changes and returns its kind; NotFound when there is none. */
    private static AccountKind lockActiveKind(Connection c, String address) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT kind FROM account WHERE address = ? AND state = 'ACTIVE' FOR NO KEY UPDATE")) {
            ps.setString(1, address);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new StoreProblem.NotFound("no account " + address);
                }
                return AccountKind.valueOf(rs.getString(1));
            }
        }
    }

    private static void requireActiveDomain(Connection c, String domain) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT state FROM domain WHERE name = ? FOR SHARE")) {
            ps.setString(1, domain);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new StoreProblem.NotFound("no domain " + domain);
                }
                if (!"ACTIVE".equals(rs.getString(1))) {
                    throw new StoreProblem.Conflict("domain " + domain + " is being deleted");
                }
            }
        }
    }

    private static Account account(ResultSet rs) throws SQLException {
        long quota = rs.getLong(7);
        Long cap = rs.wasNull() ? null : quota;
        return new Account(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                AccountKind.valueOf(rs.getString(5)), Account.Role.valueOf(rs.getString(6)), cap, rs.getLong(8),
                rs.getLong(9), rs.getTimestamp(10).toInstant());
    }

    private static int update(Connection c, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setObject(i + 1, parameters[i]);
            }
            return ps.executeUpdate();
        }
    }

    /** Work on the transaction's connection. */
    @FunctionalInterface
    private interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> T inTransaction(SqlWork<T> work) {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection()) {
                return work.run(c);
            } catch (SQLException e) {
                if ("23505".equals(e.getSQLState())) {
                    throw new StoreProblem.Conflict("exists already: " + e.getMessage());
                }
                throw new StoreException("database failure: " + e.getMessage(), e);
            }
        });
    }
}
