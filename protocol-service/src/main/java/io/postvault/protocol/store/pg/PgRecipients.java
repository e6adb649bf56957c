package io.postvault.protocol.store.pg;

import io.agroal.api.AgroalDataSource;
import io.postvault.events.data.AccountKind;
import io.postvault.protocol.store.Mailbox;
import io.postvault.protocol.store.Recipients;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/** Resolves addresses to live accounts (an account or domain being deleted receives nothing). */
@ApplicationScoped
public class PgRecipients implements Recipients {

    private final AgroalDataSource dataSource;

    PgRecipients(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Optional<Mailbox> find(String address) {
        if (address == null || address.isBlank()) {
            return Optional.empty();
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     SELECT a.id, a.address, a.domain, a.kind FROM account a JOIN domain d ON d.name = a.domain
                     WHERE a.address = ? AND a.state = 'ACTIVE' AND d.state = 'ACTIVE'""")) {
            ps.setString(1, address.trim().toLowerCase(Locale.ROOT));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(mailbox(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("could not look up " + address + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<Recipient> findWithRoom(String address, long size) {
        if (address == null || address.isBlank()) {
            return Optional.empty();
        }
        // one statement instead of find + PgQuotaLimits.fits: RCPT costs one round trip
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     SELECT a.id, a.address, a.domain, a.kind, d.quota_bytes,
                         (SELECT sum(s.occupied_bytes) FROM domain_usage s WHERE s.domain = a.domain), a.quota_bytes,
                         au.occupied_bytes
                     FROM account a JOIN domain d ON d.name = a.domain JOIN account_usage au ON au.account_id = a.id
                     WHERE a.address = ? AND a.state = 'ACTIVE' AND d.state = 'ACTIVE'""")) {
            ps.setString(1, address.trim().toLowerCase(Locale.ROOT));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                long cap = rs.getLong(7);
                Long accountCap = rs.wasNull() ? null : cap;
                return Optional.of(new Recipient(mailbox(rs),
                        PgQuotaLimits.fits(rs.getLong(5), rs.getLong(6), accountCap, rs.getLong(8), size)));
            }
        } catch (SQLException e) {
            throw new StoreException("could not look up " + address + ": " + e.getMessage(), e);
        }
    }

    static Mailbox mailbox(ResultSet rs) throws SQLException {
        return new Mailbox(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                AccountKind.valueOf(rs.getString(4)));
    }
}
