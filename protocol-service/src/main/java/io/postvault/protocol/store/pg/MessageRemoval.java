package io.postvault.protocol.store.pg;

import io.agroal.api.AgroalDataSource;
import io.postvault.events.Event;
import io.postvault.events.EventType;
import io.postvault.events.data.Direction;
import io.postvault.events.data.MessageRemoved;
import io.postvault.events.data.RemovalReason;
import io.postvault.protocol.outbox.EventSource;
import io.postvault.protocol.outbox.OutboxWriter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The one removal path of live messages (POP3 DELE, account and domain deletion; IMAP EXPUNGE later): deletes the
 * rows, lowers the usage counters, and writes one {@code message.removed} for each blob whose last live copy in the
 * account went (a copy left in another folder of the account means no event: nothing left the account).
 * Removing from the {@code \Sent} folder gives direction SENT, from anywhere else RECEIVED.
 *
 * <p>Each removal event is also recorded as pending ({@code blob_removal}) in the same transaction: the blob collector
 * ({@code blobgc}) keeps the blob until the archive acknowledges that event with {@code archive.stored}.
 */
@ApplicationScoped
public class MessageRemoval {

    private final AgroalDataSource dataSource;
    private final OutboxWriter outbox;

    MessageRemoval(AgroalDataSource dataSource, OutboxWriter outbox) {
        this.dataSource = dataSource;
        this.outbox = outbox;
    }

    /** A removed row, with what its event needs. */
    private record Removed(long id, long folderId, String folder, String specialUse, long uidValidity, long uid,
                           long size, String blobId, Instant internalDate, io.postvault.events.data.MessageSummary summary) {
    }

    /**
     * Removes those of {@code messageIds} that belong to the account (others are ignored) in the caller's transaction;
     * returns how many were removed.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int remove(UUID accountId, List<Long> messageIds, RemovalReason reason) {
        if (messageIds.isEmpty()) {
            return 0;
        }
        Instant removedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        try (Connection c = dataSource.getConnection()) {
            String address;
            String domain;
            try (PreparedStatement ps = c.prepareStatement("SELECT address, domain FROM account WHERE id = ?")) {
                ps.setObject(1, accountId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return 0;
                    }
                    address = rs.getString(1);
                    domain = rs.getString(2);
                }
            }
            // Lock order: the domain's usage row first (as delivery does).
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT 1 FROM domain_usage WHERE domain = ? FOR NO KEY UPDATE")) {
                ps.setString(1, domain);
                ps.executeQuery().close();
            }
            List<Removed> removed = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    DELETE FROM message m USING folder f
                    WHERE m.id = ANY (?) AND m.account_id = ? AND f.id = m.folder_id
                    RETURNING m.id, m.folder_id, f.name, f.special_use, f.uid_validity, m.uid, m.size, m.blob_id,
                              m.internal_date, """ + MessageRows.SUMMARY_COLUMNS)) {
                ps.setArray(1, c.createArrayOf("bigint", messageIds.toArray()));
                ps.setObject(2, accountId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        removed.add(new Removed(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                                rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getString(8),
                                MessageRows.instant(rs.getTimestamp(9)), MessageRows.summary(rs, 10)));
                    }
                }
            }
            if (removed.isEmpty()) {
                return 0;
            }
            removed.sort(Comparator.comparingLong(Removed::folderId).thenComparingLong(Removed::uid));
            long bytes = removed.stream().mapToLong(Removed::size).sum();
            for (String sql : List.of(
                    "UPDATE account_usage SET occupied_bytes = occupied_bytes - ?, message_count = message_count - ?"
                            + " WHERE account_id = ?",
                    "UPDATE domain_usage SET occupied_bytes = occupied_bytes - ?, message_count = message_count - ?"
                            + " WHERE domain = ?")) {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setLong(1, bytes);
                    ps.setLong(2, removed.size());
                    ps.setObject(3, sql.contains("account_id") ? accountId : domain);
                    ps.executeUpdate();
                }
            }
            // The last-copy rule: one event per blob that has no live copy left in the account.
            Map<String, Removed> lastOfBlob = new LinkedHashMap<>();
            removed.forEach(r -> lastOfBlob.put(r.blobId(), r));
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT EXISTS (SELECT 1 FROM message WHERE account_id = ? AND blob_id = ?)")) {
                for (Removed r : lastOfBlob.values()) {
                    ps.setObject(1, accountId);
                    ps.setString(2, r.blobId());
                    boolean copyLeft;
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        copyLeft = rs.getBoolean(1);
                    }
                    if (!copyLeft) {
                        Direction direction = "\\Sent".equalsIgnoreCase(r.specialUse()) ? Direction.SENT
                                : Direction.RECEIVED;
                        Event event = Event.of(EventSource.PROTOCOL_SERVICE, EventType.MESSAGE_REMOVED, domain,
                                accountId.toString(), new MessageRemoved(address, r.folder(), r.uidValidity(), r.uid(),
                                        r.blobId(), r.size(), r.internalDate(), removedAt, direction, reason,
                                        r.summary()));
                        outbox.append(event);
                        pending(c, event.id(), r.blobId());
                    }
                }
            }
            return removed.size();
        } catch (SQLException e) {
            throw new StoreException("could not remove messages: " + e.getMessage(), e);
        }
    }

    /** Records the removal event as unacknowledged: its blob stays until {@code archive.stored} names the event. */
    private static void pending(Connection c, UUID eventId, String blobId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO blob_removal (event_id, blob_id) VALUES (?, ?)")) {
            ps.setObject(1, eventId);
            ps.setString(2, blobId);
            ps.executeUpdate();
        }
    }
}
