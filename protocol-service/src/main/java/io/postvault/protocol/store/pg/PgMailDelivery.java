package io.postvault.protocol.store.pg;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.postvault.events.Event;
import io.postvault.events.EventType;
import io.postvault.events.data.MessageSummary;
import io.postvault.events.data.NewMessage;
import io.postvault.protocol.mime.MimeParser;
import io.postvault.protocol.mime.ParsedMessage;
import io.postvault.protocol.outbox.EventSource;
import io.postvault.protocol.outbox.OutboxWriter;
import io.postvault.protocol.store.DeliveryOutcome;
import io.postvault.protocol.store.MailDelivery;
import io.postvault.protocol.store.Mailbox;
import io.postvault.protocol.store.SpooledMessage;
import io.postvault.protocol.store.s3.BlobStore;
import io.postvault.protocol.store.s3.BlobStoreException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * LMTP delivery: the bytes go to the object store once (content-addressed, one request for new content), the message
 * is parsed once, then every recipient's INBOX gets its row, its counters and its {@code message.delivered} event in
 * ONE transaction. Quota is
 * checked under the locks of that transaction (domain usage rows, then each INBOX and account usage row), so
 * concurrent deliveries cannot overshoot; a recipient over quota gets OVER_QUOTA and the others are still delivered.
 * Any storage failure gives TEMPORARY_FAILURE to every recipient, with nothing stored in the database.
 */
@ApplicationScoped
public class PgMailDelivery implements MailDelivery {

    private static final Logger LOG = Logger.getLogger(PgMailDelivery.class);

    private final AgroalDataSource dataSource;
    private final BlobStore blobs;
    private final OutboxWriter outbox;
    private final ObjectMapper json;

    PgMailDelivery(AgroalDataSource dataSource, BlobStore blobs, OutboxWriter outbox, ObjectMapper json) {
        this.dataSource = dataSource;
        this.blobs = blobs;
        this.outbox = outbox;
        this.json = json;
    }

    @Override
    public Map<Mailbox, DeliveryOutcome> deliver(SpooledMessage message, String envelopeFrom, List<Mailbox> recipients) {
        if (recipients.isEmpty()) {
            return new LinkedHashMap<>();
        }
        String blobId;
        try {
            blobId = BlobStore.sha256(message.file());
        } catch (BlobStoreException e) {
            LOG.warnf("delivery from <%s>: spool unreadable: %s", envelopeFrom, e.getMessage());
            return failAll(recipients);
        }
        return fileStored(message, envelopeFrom, recipients, blobId);
    }

    /**
     * The second half of {@link #deliver}, once the content's {@code blobId} is known: the transaction that locks the
     * blob row, stores the object (or makes sure it is still there), and files the message for every recipient. Under
     * the row lock no blob collector can delete the object; the upload happens before any usage row is locked, so it
     * never holds up other deliveries to the domain.
     */
    Map<Mailbox, DeliveryOutcome> fileStored(SpooledMessage message, String envelopeFrom, List<Mailbox> recipients,
            String blobId) {
        Map<Mailbox, DeliveryOutcome> outcomes = new LinkedHashMap<>();
        long size;
        try {
            size = Files.size(message.file()); // the exact octets stored (POP3 and IMAP announce this size)
        } catch (IOException e) {
            LOG.warnf("delivery from <%s>: spool unreadable: %s", envelopeFrom, e.getMessage());
            return failAll(recipients);
        }
        ParsedMessage parsed = MimeParser.parse(message.file());
        Instant internalDate = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        try {
            Map<UUID, DeliveryOutcome> byAccount = QuarkusTransaction.requiringNew()
                    .call(() -> fileAll(message, recipients, blobId, size, internalDate, parsed));
            recipients.forEach(r -> outcomes.put(r, byAccount.get(r.accountId())));
        } catch (RuntimeException e) {
            LOG.warnf(e, "delivery from <%s>: database or object store unavailable", envelopeFrom);
            return failAll(recipients);
        }
        return outcomes;
    }

    private static Map<Mailbox, DeliveryOutcome> failAll(List<Mailbox> recipients) {
        Map<Mailbox, DeliveryOutcome> outcomes = new LinkedHashMap<>();
        recipients.forEach(r -> outcomes.put(r, DeliveryOutcome.TEMPORARY_FAILURE));
        return outcomes;
    }

    /**
     * In the delivery transaction. Locks the blob row, then domain usage rows (by name), then each INBOX (by account
     * id).
     */
    private Map<UUID, DeliveryOutcome> fileAll(SpooledMessage message, List<Mailbox> recipients, String blobId,
            long size, Instant internalDate, ParsedMessage parsed)
            throws SQLException, JsonProcessingException, BlobStoreException {
        Map<UUID, Mailbox> unique = new TreeMap<>();
        recipients.forEach(r -> unique.putIfAbsent(r.accountId(), r));
        Map<UUID, DeliveryOutcome> outcomes = new HashMap<>();
        String envelopeJson = json.writeValueAsString(parsed.envelope());
        String bodyJson = json.writeValueAsString(parsed.body());
        try (Connection c = dataSource.getConnection()) {
            boolean rowCreated = BlobRows.lockForReference(c, blobId); // first lock: the collector skips it
            if (blobs.storeLocked(blobId, message.file(), rowCreated) && !rowCreated) {
                LOG.infof("blob %s had lost its object (a collector interrupted?): stored again", blobId);
            }
            Map<String, long[]> domains = lockDomains(c, unique.values().stream().map(Mailbox::domain).distinct()
                    .sorted().toList());
            for (Mailbox recipient : unique.values().stream().sorted(Comparator.comparing(Mailbox::accountId))
                    .toList()) {
                outcomes.put(recipient.accountId(), fileOne(c, recipient, domains.get(recipient.domain()), blobId,
                        size, internalDate, parsed.summary(), envelopeJson, bodyJson, parsed.header()));
            }
            if (!outcomes.containsValue(DeliveryOutcome.DELIVERED)) {
                BlobRows.markCollectable(c, blobId); // nothing filed (over quota): nobody may need the object
            }
        }
        return outcomes;
    }

    /** Domain name to {quota, occupied}, locked. */
    private static Map<String, long[]> lockDomains(Connection c, List<String> names) throws SQLException {
        Map<String, long[]> domains = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT u.domain, d.quota_bytes, u.occupied_bytes FROM domain_usage u JOIN domain d ON d.name = u.domain
                WHERE u.domain = ANY (?) ORDER BY u.domain FOR NO KEY UPDATE OF u""")) {
            ps.setArray(1, c.createArrayOf("text", names.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    domains.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)});
                }
            }
        }
        return domains;
    }

    private DeliveryOutcome fileOne(Connection c, Mailbox recipient, long[] domain, String blobId, long size,
            Instant internalDate, MessageSummary summary, String envelopeJson, String bodyJson, byte[] header)
            throws SQLException {
        if (domain == null) {
            return DeliveryOutcome.TEMPORARY_FAILURE; // the domain went away meanwhile
        }
        long folderId;
        long uidValidity;
        long uid;
        long modseq;
        Long cap;
        long accountOccupied;
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT f.id, f.uid_validity, f.uid_next, f.highest_modseq, a.quota_bytes, u.occupied_bytes
                FROM folder f JOIN account a ON a.id = f.account_id JOIN account_usage u ON u.account_id = a.id
                WHERE f.account_id = ? AND f.name = 'INBOX' AND a.state = 'ACTIVE'
                FOR NO KEY UPDATE OF f, u FOR SHARE OF a""")) {
            ps.setObject(1, recipient.accountId());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return DeliveryOutcome.TEMPORARY_FAILURE; // deleted meanwhile: the next attempt is refused at RCPT
                }
                folderId = rs.getLong(1);
                uidValidity = rs.getLong(2);
                uid = rs.getLong(3);
                modseq = rs.getLong(4) + 1;
                long value = rs.getLong(5);
                cap = rs.wasNull() ? null : value;
                accountOccupied = rs.getLong(6);
            }
        }
        if (!PgQuotaLimits.fits(domain[0], domain[1], cap, accountOccupied, size)) {
            return DeliveryOutcome.OVER_QUOTA;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE folder SET uid_next = ?, highest_modseq = ? WHERE id = ?")) {
            ps.setLong(1, uid + 1);
            ps.setLong(2, modseq);
            ps.setLong(3, folderId);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO message (folder_id, account_id, uid, modseq, internal_date, size, blob_id, hdr_from, hdr_to,
                    hdr_cc, hdr_subject, hdr_message_id, hdr_date, has_attachments, envelope, body_structure, header_block)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?)""")) {
            ps.setLong(1, folderId);
            ps.setObject(2, recipient.accountId());
            ps.setLong(3, uid);
            ps.setLong(4, modseq);
            ps.setTimestamp(5, MessageRows.timestamp(internalDate));
            ps.setLong(6, size);
            ps.setString(7, blobId);
            ps.setString(8, summary.from());
            ps.setString(9, summary.to());
            ps.setString(10, summary.cc());
            ps.setString(11, summary.subject());
            ps.setString(12, summary.messageId());
            ps.setTimestamp(13, MessageRows.timestamp(summary.date()));
            ps.setBoolean(14, summary.hasAttachments());
            ps.setString(15, envelopeJson);
            ps.setString(16, bodyJson);
            ps.setBytes(17, header);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE account_usage SET occupied_bytes = occupied_bytes + ?,"
                + " message_count = message_count + 1 WHERE account_id = ?")) {
            ps.setLong(1, size);
            ps.setObject(2, recipient.accountId());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE domain_usage SET occupied_bytes = occupied_bytes + ?,"
                + " message_count = message_count + 1 WHERE domain = ?")) {
            ps.setLong(1, size);
            ps.setString(2, recipient.domain());
            ps.executeUpdate();
        }
        domain[1] += size;
        outbox.append(Event.of(EventSource.PROTOCOL_SERVICE, EventType.MESSAGE_DELIVERED, recipient.domain(),
                recipient.accountId().toString(), new NewMessage(recipient.address(), "INBOX", uidValidity, uid,
                        blobId, size, internalDate, summary)));
        return DeliveryOutcome.DELIVERED;
    }
}
