package io.postvault.protocol.submission;

import io.agroal.api.AgroalDataSource;
import io.postvault.events.Event;
import io.postvault.events.EventType;
import io.postvault.events.data.MessageSubmitted;
import io.postvault.protocol.mime.MimeParser;
import io.postvault.protocol.outbox.EventSource;
import io.postvault.protocol.outbox.OutboxWriter;
import io.postvault.protocol.store.Mailbox;
import io.postvault.protocol.store.SpooledMessage;
import io.postvault.protocol.store.pg.BlobRows;
import io.postvault.protocol.store.pg.StoreException;
import io.postvault.protocol.store.s3.BlobContent;
import io.postvault.protocol.store.s3.BlobStore;
import io.postvault.protocol.store.s3.BlobStoreException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The relay queue in PostgreSQL ({@code V20__submission_queue.sql}), the bytes in the blob store.
 *
 * <p>{@link #enqueue} follows the delivery protocol of {@code PgMailDelivery}: upload outside the transaction, then lock
 * the blob row first and make sure the object is there, then the queue row, the pending archive acknowledgement
 * ({@code blob_removal}, so the blob outlives the archive's copy) and the event, all in one commit.
 */
@ApplicationScoped
public class PgSubmissionQueue implements SubmissionQueue {

    private static final String COLUMNS = "id, event_id, account_id, address, domain, envelope_from, recipients,"
            + " blob_id, size, submitted_at, attempts";

    private final AgroalDataSource dataSource;
    private final BlobStore blobs;
    private final OutboxWriter outbox;

    PgSubmissionQueue(AgroalDataSource dataSource, BlobStore blobs, OutboxWriter outbox) {
        this.dataSource = dataSource;
        this.blobs = blobs;
        this.outbox = outbox;
    }

    @Override
    public int submittedSince(UUID accountId, Instant since) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM submission_queue WHERE account_id = ? AND submitted_at > ?")) {
            ps.setObject(1, accountId);
            ps.setTimestamp(2, Timestamp.from(since));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new StoreException("could not count submissions: " + e.getMessage(), e);
        }
    }

    @Override
    public QueuedMessage enqueue(Mailbox sender, SpooledMessage message, String envelopeFrom, List<String> recipients,
            Instant firstDue) {
        BlobContent content;
        try {
            content = blobs.read(message.file());
            blobs.ensure(content);
        } catch (BlobStoreException e) {
            throw new StoreException("could not store a submitted message: " + e.getMessage(), e);
        }
        String blobId = content.blobId();
        var summary = MimeParser.parse(content::open).summary();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Event event = Event.of(EventSource.PROTOCOL_SERVICE, EventType.MESSAGE_SUBMITTED, sender.domain(),
                sender.accountId().toString(), new MessageSubmitted(sender.address(), blobId, message.size(), now,
                        envelopeFrom, List.copyOf(recipients), summary));
        long id = QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection()) {
                BlobRows.lockForReference(c, blobId);
                blobs.ensure(content);
                long row;
                try (PreparedStatement ps = c.prepareStatement("""
                        INSERT INTO submission_queue (event_id, account_id, address, domain, envelope_from, recipients,
                            blob_id, size, submitted_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        RETURNING id""")) {
                    ps.setObject(1, event.id());
                    ps.setObject(2, sender.accountId());
                    ps.setString(3, sender.address());
                    ps.setString(4, sender.domain());
                    ps.setString(5, envelopeFrom);
                    ps.setArray(6, c.createArrayOf("text", recipients.toArray()));
                    ps.setString(7, blobId);
                    ps.setLong(8, message.size());
                    ps.setTimestamp(9, Timestamp.from(now));
                    ps.setTimestamp(10, Timestamp.from(firstDue));
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        row = rs.getLong(1);
                    }
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO blob_removal (event_id, blob_id) VALUES (?, ?)")) {
                    ps.setObject(1, event.id());
                    ps.setString(2, blobId);
                    ps.executeUpdate();
                }
                outbox.append(event);
                return row;
            }
        });
        return new QueuedMessage(id, event.id(), sender.accountId(), sender.address(), sender.domain(),
                envelopeFrom, List.copyOf(recipients), blobId, message.size(), now, 0);
    }

    @Override
    public Optional<QueuedMessage> claim(long id, Duration lease) {
        return claimWhere("id = ?", lease, ps -> ps.setLong(2, id)).stream().findFirst();
    }

    @Override
    public List<QueuedMessage> claimDue(int max, Duration lease) {
        return claimWhere("next_attempt_at <= now() ORDER BY next_attempt_at LIMIT ?", lease, ps -> ps.setInt(2, max));
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    /** One statement, its own commit: the lease is visible to other replicas at once. */
    private List<QueuedMessage> claimWhere(String condition, Duration lease, Binder binder) {
        String sql = "UPDATE submission_queue SET lease_until = now() + ? * interval '1 millisecond',"
                + " attempts = attempts + 1 WHERE id IN (SELECT id FROM submission_queue WHERE state = 'QUEUED'"
                + " AND (lease_until IS NULL OR lease_until < now()) AND " + condition
                + " FOR UPDATE SKIP LOCKED) RETURNING " + COLUMNS;
        List<QueuedMessage> claimed = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, lease.toMillis());
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    claimed.add(new QueuedMessage(rs.getLong(1), rs.getObject(2, UUID.class),
                            rs.getObject(3, UUID.class), rs.getString(4), rs.getString(5), rs.getString(6),
                            Arrays.asList((String[]) rs.getArray(7).getArray()), rs.getString(8), rs.getLong(9),
                            rs.getTimestamp(10).toInstant(), rs.getInt(11)));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("could not claim queued submissions: " + e.getMessage(), e);
        }
        return claimed;
    }

    @Override
    public InputStream open(QueuedMessage message) {
        try {
            return blobs.open(message.blobId());
        } catch (BlobStoreException e) {
            throw new StoreException("could not read a queued message: " + e.getMessage(), e);
        }
    }

    @Override
    public void relayed(long id, String reply) {
        finish(id, "RELAYED", reply);
    }

    @Override
    public void failed(long id, String reply) {
        finish(id, "FAILED", reply);
    }

    /** The row is done; its blob may go once the archive acknowledged it too (the collector checks both). */
    private void finish(long id, String state, String reply) {
        QuarkusTransaction.requiringNew().run(() -> {
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                    UPDATE submission_queue SET state = ?, last_reply = ?, lease_until = NULL, finished_at = now()
                    WHERE id = ? RETURNING blob_id""")) {
                ps.setString(1, state);
                ps.setString(2, reply);
                ps.setLong(3, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        BlobRows.markCollectable(c, rs.getString(1));
                    }
                }
            } catch (SQLException e) {
                throw new StoreException("could not finish queued submission " + id + ": " + e.getMessage(), e);
            }
        });
    }

    @Override
    public void retryAt(long id, Instant next, String reply, List<String> recipients) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                UPDATE submission_queue SET next_attempt_at = ?, last_reply = ?, recipients = ?, lease_until = NULL
                WHERE id = ? AND state = 'QUEUED'""")) {
            ps.setTimestamp(1, Timestamp.from(next));
            ps.setString(2, reply);
            ps.setArray(3, c.createArrayOf("text", recipients.toArray()));
            ps.setLong(4, id);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("could not reschedule queued submission " + id + ": " + e.getMessage(), e);
        }
    }

    @Override
    public int purgeFinished(Instant before) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "DELETE FROM submission_queue WHERE state <> 'QUEUED' AND finished_at < ?")) {
            ps.setTimestamp(1, Timestamp.from(before));
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("could not purge the submission queue: " + e.getMessage(), e);
        }
    }
}
