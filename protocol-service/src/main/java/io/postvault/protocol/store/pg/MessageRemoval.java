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
 * <p>A row the archive keeps already ({@code archived_by}, V40: the \Sent copy of a submission, archived from its
 * {@code message.submitted}, and its copies) is archived exactly once: its removal is always a
 * {@code message.copy-removed}, and it is no live copy for the last-copy rule of the other rows of its blob (the same
 * bytes delivered by LMTP are another message, archived when their own last copy goes).
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
                           long size, String blobId, Instant internalDate, MessageSummary summary,
                           boolean archivedAlready) {
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
            // copies left, then the events, their pending removals and the domain's usage stripe (the last lock taken).
            List<StatementPipeline.Result> deleted = new StatementPipeline()
                    .add("SELECT address, domain FROM account WHERE id = ?", accountId)
                    .add("""
                            DELETE FROM message m USING folder f
                            WHERE m.id = ANY (?) AND m.account_id = ? AND f.id = m.folder_id
                            RETURNING m.id, m.folder_id, f.name, f.special_use, f.uid_validity, m.uid, m.size,
                                      m.blob_id, m.internal_date, m.archived_by IS NOT NULL, """
                                    + MessageRows.SUMMARY_COLUMNS,
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
                        new MessageSummary((String) row[10], (String) row[11], (String) row[12], (String) row[13],
                                (String) row[14], MessageRows.instant((Timestamp) row[15]), (Boolean) row[16]),
                        (Boolean) row[9]));
            }
            if (removed.isEmpty()) {
                return 0;
            }
            removed.sort(Comparator.comparingLong(Removed::folderId).thenComparingLong(Removed::uid));
            long bytes = removed.stream().mapToLong(Removed::size).sum();
            // The last-copy rule: one event per blob that has no live copy left in the account, among the rows not
            // archived already (those are never archived again, and do not keep another message from its archive).
            Map<String, Removed> lastOfBlob = new LinkedHashMap<>();
            removed.stream().filter(r -> !r.archivedAlready()).forEach(r -> lastOfBlob.put(r.blobId(), r));
            Set<String> blobs = new HashSet<>();
            removed.forEach(r -> blobs.add(r.blobId()));
            List<StatementPipeline.Result> counted = new StatementPipeline()
                    .add("UPDATE account_usage SET occupied_bytes = occupied_bytes - ?, message_count = message_count - ?"
                            + " WHERE account_id = ?", bytes, (long) removed.size(), accountId)
                    .add("SELECT blob_id, bool_or(archived_by IS NULL) FROM message WHERE account_id = ?"
                            + " AND blob_id = ANY (?) GROUP BY blob_id", accountId, blobs.toArray(String[]::new))
                    .execute(c);
            Set<String> blobsGone = new HashSet<>(blobs); // no copy at all left in the account
            for (Object[] row : counted.get(1).rows()) {
                blobsGone.remove((String) row[0]);
                if ((Boolean) row[1]) {
                    lastOfBlob.remove((String) row[0]); // a copy not archived already is left
                }
            }
            // Blobs that only rows archived already left: the archive acknowledged their message.submitted perhaps
            // long ago, so no acknowledgement will ask the collector to look at them again; this removal does.
            List<String> collectable = removed.stream().filter(Removed::archivedAlready).map(Removed::blobId)
                    .filter(blobsGone::contains).distinct().toList();
            // Every other removed row is a copy that leaves while the message stays (another copy is live, or this
            // removal's message.removed names another copy of the blob) or whose message the archive keeps already:
            // message.copy-removed, so the views of the live copies (search, quota) drop it without archiving it.
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
            if (!collectable.isEmpty()) {
                // Queued, not marked on the blob row: this removal must not wait for a blob row (V51).
                events.add("INSERT INTO blob_recheck (blob_id) SELECT unnest(?::text[])",
                        (Object) collectable.toArray(String[]::new));
            }
            if (!removalIds.isEmpty()) {
                // Each removal event recorded as unacknowledged: its blob stays until archive.stored names it.
                events.add("INSERT INTO blob_removal (event_id, blob_id) SELECT * FROM unnest(?::uuid[], ?::text[])",
                        removalIds.toArray(UUID[]::new), removalBlobs.toArray(String[]::new));
            }
            events.add(DomainUsage.ADD, -bytes, -(long) removed.size(), domain, DomainUsage.stripe(accountId))
                    .execute(c);
            return removed.size();
        } catch (SQLException e) {
            throw new StoreException("could not remove messages: " + e.getMessage(), e);
        }
    }
}
