package io.postvault.protocol.account;

import io.agroal.api.AgroalDataSource;
import io.postvault.events.data.AccountKind;
import io.postvault.protocol.store.Authenticator;
import io.postvault.protocol.store.LoginResult;
import io.postvault.protocol.store.Mailbox;
import io.postvault.protocol.store.pg.StoreException;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.UUID;

/**
 * Logins by full address (case-insensitive) and password against the Argon2id hash. An unknown user costs the same
 * hashing time as a wrong password, so the two cannot be told apart by timing either. A password verified a moment
 * ago is accepted again without hashing ({@link VerifiedLogins}).
 */
@ApplicationScoped
public class AccountAuthenticator implements Authenticator {

    private final AgroalDataSource dataSource;
    private final PasswordHasher hasher;
    private final VerifiedLogins verifiedLogins;

    AccountAuthenticator(AgroalDataSource dataSource, PasswordHasher hasher, VerifiedLogins verifiedLogins) {
        this.dataSource = dataSource;
        this.hasher = hasher;
        this.verifiedLogins = verifiedLogins;
    }

    @Override
    public LoginResult login(String username, String password) {
        if (username == null || username.isBlank() || password == null) {
            hasher.verifyNothing(password);
            return new LoginResult.BadCredentials();
        }
        String address = username.trim().toLowerCase(Locale.ROOT);
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     SELECT a.id, a.address, a.domain, a.kind, a.password_hash
                     FROM account a JOIN domain d ON d.name = a.domain
                     WHERE a.address = ? AND a.state = 'ACTIVE' AND d.state = 'ACTIVE'""")) {
            ps.setString(1, address);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    hasher.verifyNothing(password);
                    return new LoginResult.BadCredentials();
                }
                Mailbox mailbox = new Mailbox(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                        AccountKind.valueOf(rs.getString(4)));
                String hash = rs.getString(5);
                if (mailbox.kind() == AccountKind.SHARED) {
                    return new LoginResult.SharedAccount(mailbox.address());
                }
                if (hash == null) {
                    hasher.verifyNothing(password);
                    return new LoginResult.BadCredentials();
                }
                if (verifiedLogins.verifiedRecently(hash, password)) {
                    return new LoginResult.Success(mailbox);
                }
                if (!hasher.verify(password, hash)) {
                    return new LoginResult.BadCredentials();
                }
                verifiedLogins.remember(hash, password);
                return new LoginResult.Success(mailbox);
            }
        } catch (SQLException e) {
            throw new StoreException("could not check the login of " + address + ": " + e.getMessage(), e);
        }
    }
}
