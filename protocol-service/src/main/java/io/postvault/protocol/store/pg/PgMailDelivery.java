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
import io.postvault.protocol.store.s3.BlobContent;
import io.postvault.protocol.store.s3.BlobStore;
import io.postvault.protocol.store.s3.BlobStoreException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
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
 * ONE transaction. Any storage failure gives TEMPORARY_FAILURE to every recipient, with nothing stored in the database.
 *
 * <p>The transaction is three round trips and a commit, whatever the number of recipients: (1) the blob row locked
 * (then the object stored under that lock, before any account's row is locked: a slow upload holds up no other
 * delivery), (2) the recipients' INBOX and usage rows locked, (3) every row, counter and outbox event written, the
 * domains' occupied counters last.
 *
 * <p>Quota: each account's cap is checked under its locked usage row. The domain quota is checked by the last
 * statements of (3) themselves, conditional updates of the recipients' stripes of the domain's usage (V44,
 * {@link DomainUsage}: {@code occupied + size <= allowance}), so a stripe is held only from there to the commit, and
 * deliveries to other accounts of the domain mostly use other stripes. When (3) finds a stripe's allowance short (the
 * domain filled up since RCPT, or that stripe's share of it did), the delivery is done again with every stripe of the
 * domain locked and each recipient checked in turn against the exact sum, so that those who still fit get their
 * message and the others OVER_QUOTA, and the free space is shared out between the stripes again; the quota is never
 * exceeded. Lock order (everywhere): accounts' rows by account id, outbox key locks, domain usage rows by (domain,
 * stripe) last.
 */
@ApplicationScoped
public class PgMailDelivery implements MailDelivery {

    private static final Logger LOG = Logger.getLogger(PgMailDelivery.class);

    /** The recipients' INBOX, account and usage rows, locked in account order (the lock order of every writer). */
    private static final String LOCK_INBOXES = """
            SELECT f.account_id, f.id, f.uid_validity, f.uid_next, f.highest_modseq, a.quota_bytes, u.occupied_bytes
            FROM folder f JOIN account a ON a.id = f.account_id JOIN account_usage u ON u.account_id = a.id
            WHERE f.account_id = ANY (?) AND f.name = 'INBOX' AND a.state = 'ACTIVE'
            ORDER BY f.account_id FOR NO KEY UPDATE OF f, u FOR SHARE OF a""";
    private static final String INSERT_MESSAGE = """
            INSERT INTO message (folder_id, account_id, uid, modseq, internal_date, size, blob_id, hdr_from, hdr_to,
                hdr_cc, hdr_subject, hdr_message_id, hdr_date, has_attachments, envelope, body_structure, header_block)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?)""";

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
        BlobContent content;
        try {
            content = blobs.read(message.file());
        } catch (BlobStoreException e) {
            LOG.warnf("delivery from <%s>: spool unreadable: %s", envelopeFrom, e.getMessage());
            return failAll(recipients);
        }
        return fileStored(content, envelopeFrom, recipients);
    }

    /**
     * The second half of {@link #deliver}, once the content and its blob id are known: the transaction that locks the
     * blob row, stores the object (or makes sure it is still there), and files the message for every recipient. Under
     * the row lock no blob collector can delete the object.
     */
    Map<Mailbox, DeliveryOutcome> fileStored(BlobContent content, String envelopeFrom, List<Mailbox> recipients) {
        Map<Mailbox, DeliveryOutcome> outcomes = new LinkedHashMap<>();
        ParsedMessage parsed = MimeParser.parse(content::open);
        Instant internalDate = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        try {
            Map<UUID, DeliveryOutcome> byAccount;
            try {
                byAccount = QuarkusTransaction.requiringNew()
                        .call(() -> fileAll(content, recipients, internalDate, parsed, false));
            } catch (RuntimeException e) {
                if (!(e instanceof DomainFull) && !(e.getCause() instanceof DomainFull)) {
                    throw e;
                }
                byAccount = QuarkusTransaction.requiringNew()
                        .call(() -> fileAll(content, recipients, internalDate, parsed, true));
            }
            Map<UUID, DeliveryOutcome> filed = byAccount;
            recipients.forEach(r -> outcomes.put(r, filed.get(r.accountId())));
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

    /** A stripe's allowance refused the messages at the last statements: the delivery is done again, domain locked. */
    private static final class DomainFull extends RuntimeException {
        DomainFull() {
            super("a domain is full", null, false, false);
        }
    }

    /** One row of a domain's usage (V44), ordered as they are locked: by domain, then stripe. */
    private record UsageStripe(String domain, int stripe) implements Comparable<UsageStripe> {
        @Override
        public int compareTo(UsageStripe other) {
            int byDomain = domain.compareTo(other.domain);
            return byDomain != 0 ? byDomain : Integer.compare(stripe, other.stripe);
        }
    }

    /** A recipient's INBOX row and usage, locked. */
    private record Inbox(long folderId, long uidValidity, long uidNext, long highestModseq, Long cap, long occupied) {
    }

    /**
     * In the delivery transaction. {@code domainsLocked}: lock the domains' usage rows (after the accounts') and check
     * each recipient against them, instead of one conditional update per domain at the end.
     */
    private Map<UUID, DeliveryOutcome> fileAll(BlobContent content, List<Mailbox> recipients, Instant internalDate,
            ParsedMessage parsed, boolean domainsLocked) throws SQLException, JsonProcessingException,
            BlobStoreException {
        String blobId = content.blobId();
        long size = content.size();
        Map<UUID, Mailbox> unique = new HashMap<>();
        recipients.forEach(r -> unique.putIfAbsent(r.accountId(), r));
        Map<UUID, DeliveryOutcome> outcomes = new HashMap<>();
        unique.keySet().forEach(id -> outcomes.put(id, DeliveryOutcome.TEMPORARY_FAILURE)); // deleted meanwhile
        String envelopeJson = json.writeValueAsString(parsed.envelope());
        String bodyJson = json.writeValueAsString(parsed.body());
        MessageSummary summary = parsed.summary();
        try (Connection c = dataSource.getConnection()) {
            // (1) the blob row, the first lock (the collector skips a locked row); the object is stored under it,
            // before any account's row is locked, so a slow upload holds up no other delivery
            boolean rowCreated = BlobRows.lockForReference(c, blobId);
            if (blobs.storeLocked(content, rowCreated) && !rowCreated) {
                LOG.infof("blob %s had lost its object (a collector interrupted?): stored again", blobId);
            }
            // (2) the INBOXes in account order, then (when asked) the domains' rows: the lock order
            List<String> domainNames = unique.values().stream().map(Mailbox::domain).distinct().sorted().toList();
            StatementPipeline locks = new StatementPipeline()
                    .add(LOCK_INBOXES, (Object) unique.keySet().toArray(UUID[]::new));
            if (domainsLocked) {
                locks.add(DomainUsage.LOCK_DOMAINS, (Object) domainNames.toArray(String[]::new));
            }
            List<StatementPipeline.Result> locked = locks.execute(c);
            Map<String, long[]> domains = new HashMap<>();
            if (domainsLocked) {
                locked.get(1).rows().forEach(row -> domains.put((String) row[0], new long[] {(Long) row[1],
                        (Long) row[2]}));
            }
            // (3) rows, counters and events of every recipient that fits, the domains' counters last: from their
            // update to the commit the domain rows are locked
            StatementPipeline writes = new StatementPipeline();
            List<Event> delivered = new ArrayList<>(); // in account order, as the rows are filed
            Map<UsageStripe, long[]> added = new TreeMap<>(); // -> {bytes, messages}, in the lock order
            for (Object[] row : locked.get(0).rows()) {
                Mailbox recipient = unique.get((UUID) row[0]);
                Inbox inbox = new Inbox((Long) row[1], (Long) row[2], (Long) row[3], (Long) row[4], (Long) row[5],
                        (Long) row[6]);
                long[] domain = domains.get(recipient.domain());
                if (domainsLocked && domain == null) {
                    continue; // the domain went away meanwhile: TEMPORARY_FAILURE
                }
                boolean fits = domainsLocked
                        ? PgQuotaLimits.fits(domain[0], domain[1], inbox.cap(), inbox.occupied(), size)
                        : PgQuotaLimits.fits(Long.MAX_VALUE, 0, inbox.cap(), inbox.occupied(), size);
                if (!fits) {
                    outcomes.put(recipient.accountId(), DeliveryOutcome.OVER_QUOTA);
                    continue;
                }
                if (domainsLocked) {
                    domain[1] += size;
                }
                delivered.add(addFiling(writes, recipient, inbox, blobId, size, internalDate, summary, envelopeJson,
                        bodyJson, parsed.header()));
                added.merge(new UsageStripe(recipient.domain(), DomainUsage.stripe(recipient.accountId())),
                        new long[] {size, 1}, (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
                outcomes.put(recipient.accountId(), DeliveryOutcome.DELIVERED);
            }
            outbox.appendAllTo(writes, delivered); // the recipients' key locks, then one insert for all
            if (added.isEmpty()) {
                BlobRows.addMarkCollectable(writes, blobId); // nothing filed: nobody may need the object
            }
            int firstDomainUpdate = writes.size();
            added.forEach((row, sum) -> writes.add(domainsLocked ? DomainUsage.ADD : DomainUsage.ADD_WITHIN_ALLOWANCE,
                    domainsLocked ? new Object[] {sum[0], sum[1], row.domain(), row.stripe()}
                            : new Object[] {sum[0], sum[1], row.domain(), row.stripe(), sum[0]}));
            int firstRebalance = writes.size();
            if (domainsLocked) { // the allowances shared out again from the exact sums
                domains.keySet().stream().sorted().forEach(name -> writes.add(DomainUsage.REBALANCE, name));
            }
            List<StatementPipeline.Result> written = writes.execute(c);
            for (StatementPipeline.Result result : written.subList(firstDomainUpdate, firstRebalance)) {
                if (result.updateCount() != 1) {
                    throw new DomainFull(); // rolls back; done again with the domain rows locked
                }
            }
        }
        return outcomes;
    }

    /** The statements that file the message in one recipient's INBOX (UID, row, account counters); its event. */
    private Event addFiling(StatementPipeline writes, Mailbox recipient, Inbox inbox, String blobId, long size,
            Instant internalDate, MessageSummary summary, String envelopeJson, String bodyJson, byte[] header) {
        long uid = inbox.uidNext();
        long modseq = inbox.highestModseq() + 1;
        writes.add("UPDATE folder SET uid_next = ?, highest_modseq = ? WHERE id = ?", uid + 1, modseq,
                        inbox.folderId())
                .add(INSERT_MESSAGE, inbox.folderId(), recipient.accountId(), uid, modseq,
                        MessageRows.timestamp(internalDate), size, blobId, summary.from(), summary.to(), summary.cc(),
                        summary.subject(), summary.messageId(), MessageRows.timestamp(summary.date()),
                        summary.hasAttachments(), envelopeJson, bodyJson, header)
                .add("UPDATE account_usage SET occupied_bytes = occupied_bytes + ?, message_count = message_count + 1"
                        + " WHERE account_id = ?", size, recipient.accountId());
        return Event.of(EventSource.PROTOCOL_SERVICE, EventType.MESSAGE_DELIVERED, recipient.domain(),
                recipient.accountId().toString(), new NewMessage(recipient.address(), "INBOX", inbox.uidValidity(), uid,
                        blobId, size, internalDate, summary, null)); // no flags on delivery
    }
}
