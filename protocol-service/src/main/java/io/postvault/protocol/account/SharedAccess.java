package io.postvault.protocol.account;

import io.agroal.api.AgroalDataSource;
import io.postvault.events.data.AccountKind;
import io.postvault.protocol.store.pg.StoreException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Who may reach a shared account, and with which RFC 4314 rights. A grant ties a personal account to a shared account
 * of the same domain (a domain administrator shares the domain's mailboxes with its own users); granting again
 * replaces the rights.
 */
@ApplicationScoped
public class SharedAccess {

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
