package io.postvault.protocol.store.pg;

import io.agroal.api.AgroalDataSource;
import io.postvault.events.Event;
import io.postvault.events.EventType;
import io.postvault.events.data.Direction;
import io.postvault.events.data.MessageCopyRemoved;
import io.postvault.events.data.MessageRemoved;
import io.postvault.events.data.MessageSummary;
import io.postvault.events.data.RemovalReason;
import io.postvault.protocol.outbox.EventSource;
import io.postvault.protocol.outbox.OutboxWriter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The one removal path of live messages (POP3 DELE, IMAP EXPUNGE, folder, account and domain deletion): deletes the
 * rows, lowers the usage counters, and writes one {@code message.removed} for each blob whose last live copy in the
 * account went, and one {@code message.copy-removed} for each other row removed (a copy of a message that stays in
 * the account: nothing left the account, nothing to archive), all in one insert, in folder and UID order.
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
                           long size, String blobId, Instant internalDate, MessageSummary summary) {
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
            // Three round trips whatever the number of messages: the rows, then the account's counters and the
            // copies left, then the events, their pending removals and the domain's counters (the last lock taken).
            List<StatementPipeline.Result> deleted = new StatementPipeline()
                    .add("SELECT address, domain FROM account WHERE id = ?", accountId)
                    .add("""
                            DELETE FROM message m USING folder f
                            WHERE m.id = ANY (?) AND m.account_id = ? AND f.id = m.folder_id
                            RETURNING m.id, m.folder_id, f.name, f.special_use, f.uid_validity, m.uid, m.size,
                                      m.blob_id, m.internal_date, """ + MessageRows.SUMMARY_COLUMNS,
                            messageIds.toArray(Long[]::new), accountId)
                    .execute(c);
            if (deleted.get(0).rows().isEmpty()) {
                return 0;
            }
            String address = (String) deleted.get(0).rows().get(0)[0];
            String domain = (String) deleted.get(0).rows().get(0)[1];
            List<Removed> removed = new ArrayList<>();
            for (Object[] row : deleted.get(1).rows()) {
                removed.add(new Removed((Long) row[0], (Long) row[1], (String) row[2], (String) row[3], (Long) row[4],
                        (Long) row[5], (Long) row[6], (String) row[7], MessageRows.instant((Timestamp) row[8]),
                        new MessageSummary((String) row[9], (String) row[10], (String) row[11], (String) row[12],
                                (String) row[13], MessageRows.instant((Timestamp) row[14]), (Boolean) row[15])));
            }
            if (removed.isEmpty()) {
                return 0;
            }
            removed.sort(Comparator.comparingLong(Removed::folderId).thenComparingLong(Removed::uid));
            long bytes = removed.stream().mapToLong(Removed::size).sum();
            // The last-copy rule: one event per blob that has no live copy left in the account.
            Map<String, Removed> lastOfBlob = new LinkedHashMap<>();
            removed.forEach(r -> lastOfBlob.put(r.blobId(), r));
            List<StatementPipeline.Result> counted = new StatementPipeline()
                    .add("UPDATE account_usage SET occupied_bytes = occupied_bytes - ?, message_count = message_count - ?"
                            + " WHERE account_id = ?", bytes, (long) removed.size(), accountId)
                    .add("SELECT DISTINCT blob_id FROM message WHERE account_id = ? AND blob_id = ANY (?)", accountId,
                            lastOfBlob.keySet().toArray(String[]::new))
                    .execute(c);
            counted.get(1).rows().forEach(row -> lastOfBlob.remove((String) row[0])); // a copy is left
            // Every other removed row is a copy that leaves while the message stays (another copy is live, or this
            // removal's message.removed names another copy of the blob): message.copy-removed, so the views of
            // the live copies (search, quota) drop it without archiving it.
            Set<Removed> archived = new HashSet<>(lastOfBlob.values());
            List<Event> written = new ArrayList<>(removed.size());
            List<UUID> removalIds = new ArrayList<>();
            List<String> removalBlobs = new ArrayList<>();
            for (Removed r : removed) { // folder, UID order
                Event event;
                if (archived.contains(r)) {
                    Direction direction = "\\Sent".equalsIgnoreCase(r.specialUse()) ? Direction.SENT
                            : Direction.RECEIVED;
                    event = Event.of(EventSource.PROTOCOL_SERVICE, EventType.MESSAGE_REMOVED, domain,
                            accountId.toString(), new MessageRemoved(address, r.folder(), r.uidValidity(), r.uid(),
                                    r.blobId(), r.size(), r.internalDate(), removedAt, direction, reason, r.summary()));
                    removalIds.add(event.id());
                    removalBlobs.add(r.blobId());
                } else {
                    event = Event.of(EventSource.PROTOCOL_SERVICE, EventType.MESSAGE_COPY_REMOVED, domain,
                            accountId.toString(), new MessageCopyRemoved(address, r.folder(), r.uidValidity(),
                                    r.uid(), r.blobId(), r.size(), reason));
                }
                written.add(event);
            }
            StatementPipeline events = outbox.appendAllTo(new StatementPipeline(), written); // one insert for all
            if (!removalIds.isEmpty()) {
                // Each removal event recorded as unacknowledged: its blob stays until archive.stored names it.
                events.add("INSERT INTO blob_removal (event_id, blob_id) SELECT * FROM unnest(?::uuid[], ?::text[])",
                        removalIds.toArray(UUID[]::new), removalBlobs.toArray(String[]::new));
            }
            events.add("UPDATE domain_usage SET occupied_bytes = occupied_bytes - ?, message_count = message_count - ?"
                    + " WHERE domain = ?", bytes, (long) removed.size(), domain).execute(c);
            return removed.size();
        } catch (SQLException e) {
            throw new StoreException("could not remove messages: " + e.getMessage(), e);
        }
    }
}
