package io.postvault.protocol.store.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.minio.ListObjectsArgs;
import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import io.postvault.deploy.test.StackTestResource;
import io.postvault.events.Event;
import io.postvault.events.EventType;
import io.postvault.events.data.NewMessage;
import io.postvault.protocol.account.AccountService;
import io.postvault.protocol.mime.BodyPart;
import io.postvault.protocol.mime.Envelope;
import io.postvault.protocol.mime.MimeParser;
import io.postvault.protocol.mime.ParsedMessage;
import io.postvault.protocol.outbox.OutboxWriter;
import io.postvault.protocol.store.DeliveryOutcome;
import io.postvault.protocol.store.MailDelivery;
import io.postvault.protocol.store.Mailbox;
import io.postvault.protocol.store.QuotaLimits;
import io.postvault.protocol.store.Recipients;
import io.postvault.protocol.store.SpooledMessage;
import io.postvault.protocol.store.s3.BlobCache;
import io.postvault.protocol.store.s3.BlobStore;
import io.postvault.protocol.support.Db;
import io.postvault.protocol.support.MailTopic;
import io.postvault.protocol.support.Spool;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class MailDeliveryTest {

    @Inject
    MailDelivery delivery;
    @Inject
    Recipients recipients;
    @Inject
    QuotaLimits quota;
    @Inject
    AccountService accounts;
    @Inject
    MinioClient minio;
    @Inject
    Db db;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    OutboxWriter outbox;
    @Inject
    ObjectMapper json;

    private String domain(long quotaBytes) {
        String domain = "dlv-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
        accounts.createDomain(domain, quotaBytes);
        return domain;
    }

    private Mailbox account(String domain, String localPart, Long cap) {
        accounts.createAccount(domain, localPart, "password-of-" + localPart, "PERSONAL", null, cap);
        return recipients.find(localPart.toUpperCase() + "@" + domain).orElseThrow();
    }

    @Test
    void oneMessageToSeveralRecipientsIsStoredOnceAndFiledInEachInbox() throws Exception {
        String domain = domain(10_000_000);
        Mailbox a = account(domain, "a", null);
        Mailbox b = account(domain, "b", null);
        Mailbox c = account(domain, "c", null);
        SpooledMessage first = Spool.message("""
                From: =?UTF-8?Q?Jos=C3=A9?= <jose@example.com>
                To: a@%s, b@%s
                Subject: Hello %s
                Message-ID: <first@example.com>
                Date: Wed, 4 Mar 2026 08:00:00 +0000

                Hi all.
                """.formatted(domain, domain, domain));
        SpooledMessage second = Spool.message("Subject: second " + domain + "\n\nbody\n");

        assertThat(delivery.deliver(first, "jose@example.com", List.of(a, b, c))).containsExactly(
                Map.entry(a, DeliveryOutcome.DELIVERED), Map.entry(b, DeliveryOutcome.DELIVERED),
                Map.entry(c, DeliveryOutcome.DELIVERED));
        assertThat(delivery.deliver(second, "x@example.com", List.of(c, a))).containsOnlyKeys(c, a)
                .containsValues(DeliveryOutcome.DELIVERED);
        // The same bytes again: deduplicated in the object store, a new message in the INBOX.
        assertThat(delivery.deliver(first, "jose@example.com", List.of(b))).containsEntry(b,
                DeliveryOutcome.DELIVERED);

        String blob = BlobStore.sha256(first.file());
        assertThat(objectsNamed(blob)).isEqualTo(1);
        assertThat(db.number("SELECT count(DISTINCT blob_id) FROM message WHERE blob_id = ?", blob)).isEqualTo(1);

        assertThat(uids(a)).containsExactly(1L, 2L);
        assertThat(uids(b)).containsExactly(1L, 2L);
        assertThat(uids(c)).containsExactly(1L, 2L);
        assertThat(db.number("SELECT highest_modseq FROM folder WHERE account_id = ? AND name = 'INBOX'",
                a.accountId())).isEqualTo(3);
        assertThat(db.rows("SELECT hdr_from, hdr_subject, has_attachments, envelope->>'subject' AS env_subject,"
                + " body_structure->>'subtype' AS subtype FROM message WHERE account_id = ? AND uid = 1",
                a.accountId())).containsExactly(Map.of("hdr_from", "José <jose@example.com>",
                        "hdr_subject", "Hello " + domain, "has_attachments", false, "env_subject", "Hello " + domain,
                        "subtype", "plain"));

        // The cached parse results read back into the records IMAP will serve FETCH from.
        Map<String, Object> cached = db.rows("SELECT envelope::text AS envelope, body_structure::text AS body"
                + " FROM message WHERE account_id = ? AND uid = 1", a.accountId()).get(0);
        ParsedMessage parsed = MimeParser.parse(() -> Files.newInputStream(first.file()));
        assertThat(json.readValue((String) cached.get("body"), BodyPart.class)).isEqualTo(parsed.body());
        assertThat(json.readValue((String) cached.get("envelope"), Envelope.class)).isEqualTo(parsed.envelope());

        long sizes = first.size() + second.size();
        assertThat(usage("account_usage", "account_id", a.accountId())).containsExactly(sizes, 2L);
        assertThat(usage("account_usage", "account_id", b.accountId())).containsExactly(2 * first.size(), 2L);
        assertThat(usage("domain_usage", "domain", domain)).containsExactly(4 * first.size() + 2 * second.size(),
                6L);

        List<Event> delivered = await().atMost(Duration.ofSeconds(60))
                .until(() -> MailTopic.ofDomain(domain).stream()
                        .filter(e -> e.type() == EventType.MESSAGE_DELIVERED).toList(), events -> events.size() >= 6);
        assertThat(delivered).hasSize(6);
        NewMessage toA = delivered.stream().filter(e -> e.account().equals(a.accountId().toString()))
                .map(e -> (NewMessage) e.data()).filter(m -> m.uid() == 1).findFirst().orElseThrow();
        long uidValidity = db.number("SELECT uid_validity FROM folder WHERE account_id = ? AND name = 'INBOX'",
                a.accountId());
        assertThat(toA.address()).isEqualTo("a@" + domain);
        assertThat(toA.folder()).isEqualTo("INBOX");
        assertThat(toA.uidValidity()).isEqualTo(uidValidity);
        assertThat(toA.blobId()).isEqualTo(blob);
        assertThat(toA.size()).isEqualTo(first.size());
        assertThat(toA.internalDate()).isNotNull();
        assertThat(toA.summary().from()).isEqualTo("José <jose@example.com>");
        assertThat(toA.summary().messageId()).isEqualTo("<first@example.com>");
        // Per account, the events come in UID order.
        for (Mailbox m : List.of(a, b, c)) {
            assertThat(delivered.stream().filter(e -> e.account().equals(m.accountId().toString()))
                    .map(e -> ((NewMessage) e.data()).uid())).containsExactly(1L, 2L);
        }
    }

    /** The quota answer, and RCPT's one-query look-up (account + room) agreeing with it. */
    private void assertFits(Mailbox mailbox, long size, boolean fits) {
        assertThat(quota.fits(mailbox, size)).isEqualTo(fits);
        assertThat(recipients.findWithRoom(mailbox.address().toUpperCase(), size))
                .contains(new Recipients.Recipient(mailbox, fits));
    }

    @Test
    void overQuotaRecipientIsRefusedAndTheOthersStillGetTheMessage() {
        String domain = domain(1000);
        Mailbox capped = account(domain, "capped", 300L);
        Mailbox free = account(domain, "free", null);

        SpooledMessage message = Spool.sized("q1", 250);
        assertFits(capped, message.size(), true);
        assertThat(delivery.deliver(message, "s@example.com", List.of(capped, free))).containsValues(
                DeliveryOutcome.DELIVERED, DeliveryOutcome.DELIVERED);
        // capped: 250 + 250 > 300; the domain: 500 + 250 <= 1000.
        assertFits(capped, 250, false);
        assertFits(free, 250, true);
        assertThat(delivery.deliver(Spool.sized("q2", 250), "s@example.com", List.of(capped, free)))
                .containsEntry(capped, DeliveryOutcome.OVER_QUOTA).containsEntry(free, DeliveryOutcome.DELIVERED);
        // the domain: 750 + 250 = 1000 fits exactly; then it is full.
        assertThat(delivery.deliver(Spool.sized("q3", 250), "s@example.com", List.of(free)))
                .containsEntry(free, DeliveryOutcome.DELIVERED);
        assertFits(free, 1, false);
        assertFits(free, 0, true);
        assertThat(recipients.findWithRoom("nobody@" + domain, 0)).isEmpty();
        assertThat(delivery.deliver(Spool.sized("q4", 250), "s@example.com", List.of(free)))
                .containsEntry(free, DeliveryOutcome.OVER_QUOTA);
        assertThat(usage("domain_usage", "domain", domain)).containsExactly(1000L, 4L);
        assertThat(usage("account_usage", "account_id", capped.accountId())).containsExactly(250L, 1L);
    }

    @Test
    void aMessageTheDomainHasRoomForOnlySomeRecipientsOfReachesThoseItFits() {
        String domain = domain(1000);
        List<Mailbox> three = List.of(account(domain, "r1", null), account(domain, "r2", null),
                account(domain, "r3", null));
        // Each copy counts: 3 x 400 > 1000, so the conditional update of the domain's counters refuses the whole
        // transaction, and the delivery is filed again recipient by recipient under the domain's row lock.
        Map<Mailbox, DeliveryOutcome> outcomes = delivery.deliver(Spool.sized("some", 400), "s@example.com", three);
        assertThat(outcomes.values()).containsExactlyInAnyOrder(DeliveryOutcome.DELIVERED, DeliveryOutcome.DELIVERED,
                DeliveryOutcome.OVER_QUOTA);
        assertThat(usage("domain_usage", "domain", domain)).containsExactly(800L, 2L);
        List<String> deliveredTo = new ArrayList<>();
        for (Mailbox recipient : three) {
            boolean delivered = outcomes.get(recipient) == DeliveryOutcome.DELIVERED;
            assertThat(uids(recipient)).hasSize(delivered ? 1 : 0);
            assertThat(usage("account_usage", "account_id", recipient.accountId()))
                    .containsExactly(delivered ? 400L : 0L, delivered ? 1L : 0L);
            if (delivered) {
                deliveredTo.add(recipient.accountId().toString());
            }
        }
        // One event per delivered copy, none for the refused one (the first, refused transaction wrote none).
        List<Event> events = await().atMost(Duration.ofSeconds(60)).until(() -> MailTopic.ofDomain(domain).stream()
                .filter(e -> e.type() == EventType.MESSAGE_DELIVERED).toList(), e -> e.size() >= 2);
        assertThat(events).extracting(Event::account).containsExactlyInAnyOrderElementsOf(deliveredTo);
    }

    @Test
    void concurrentDeliveriesCannotOvershootTheQuota() throws Exception {
        String domain = domain(1000);
        List<Mailbox> mailboxes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            mailboxes.add(account(domain, "user" + i, null));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Map<Mailbox, DeliveryOutcome>>> tasks = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Mailbox target = mailboxes.get(i % 4);
                SpooledMessage message = Spool.sized("c" + i, 300);
                tasks.add(() -> delivery.deliver(message, "s@example.com", List.of(target)));
            }
            long delivered = 0;
            for (Future<Map<Mailbox, DeliveryOutcome>> result : pool.invokeAll(tasks)) {
                delivered += result.get().values().stream().filter(o -> o == DeliveryOutcome.DELIVERED).count();
                assertThat(result.get().values()).doesNotContain(DeliveryOutcome.TEMPORARY_FAILURE);
            }
            assertThat(delivered).isEqualTo(3);
            assertThat(usage("domain_usage", "domain", domain)).containsExactly(900L, 3L);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void storageFailureIsATemporaryFailureForEveryRecipientWithNothingStored() {
        String domain = domain(10_000);
        Mailbox a = account(domain, "a", null);
        Mailbox b = account(domain, "b", null);
        SpooledMessage unreadable = new SpooledMessage(Path.of("/nonexistent/spool/" + UUID.randomUUID()), 100);
        assertThat(delivery.deliver(unreadable, "s@example.com", List.of(a, b))).containsExactly(
                Map.entry(a, DeliveryOutcome.TEMPORARY_FAILURE), Map.entry(b, DeliveryOutcome.TEMPORARY_FAILURE));
        assertThat(db.number("SELECT count(*) FROM message WHERE account_id IN (?, ?)", a.accountId(),
                b.accountId())).isZero();
        assertThat(usage("domain_usage", "domain", domain)).containsExactly(0L, 0L);
    }

    @Test
    void unreachableObjectStoreIsATemporaryFailureForEveryRecipient() throws Exception {
        String domain = domain(10_000);
        Mailbox a = account(domain, "a", null);
        Mailbox b = account(domain, "b", null);
        try (ServerSocket closed = new ServerSocket(0);
             MinioClient dead = MinioClient.builder().endpoint("http://127.0.0.1:" + closed.getLocalPort())
                     .credentials("x", "y").build();
             MinioAsyncClient deadAsync = MinioAsyncClient.builder()
                     .endpoint("http://127.0.0.1:" + closed.getLocalPort()).credentials("x", "y").build()) {
            closed.close(); // nothing listens there any more
            PgMailDelivery withoutS3 = new PgMailDelivery(dataSource,
                    new BlobStore(dead, deadAsync, new BlobCache(0, 0)), outbox, json);
            assertThat(withoutS3.deliver(Spool.message("Subject: lost?\n\nno\n"), "s@example.com", List.of(a, b)))
                    .containsExactly(Map.entry(a, DeliveryOutcome.TEMPORARY_FAILURE),
                            Map.entry(b, DeliveryOutcome.TEMPORARY_FAILURE));
        }
        assertThat(db.number("SELECT count(*) FROM message WHERE account_id IN (?, ?)", a.accountId(),
                b.accountId())).isZero();
        assertThat(db.number("SELECT count(*) FROM outbox WHERE event_key IN (?, ?) AND event_type = ?",
                a.accountId().toString(), b.accountId().toString(), "message.delivered")).isZero();
    }

    private List<Long> uids(Mailbox mailbox) {
        return db.rows("SELECT m.uid FROM message m JOIN folder f ON f.id = m.folder_id WHERE f.account_id = ?"
                + " AND f.name = 'INBOX' ORDER BY m.uid", mailbox.accountId()).stream()
                .map(r -> (Long) r.get("uid")).toList();
    }

    private List<Long> usage(String table, String key, Object id) {
        // sums: a domain's usage is kept in stripes (V44), an account's in one row
        Map<String, Object> row = db.rows("SELECT sum(occupied_bytes)::bigint AS occupied_bytes,"
                + " sum(message_count)::bigint AS message_count FROM " + table + " WHERE " + key + " = ?", id).get(0);
        return List.of((Long) row.get("occupied_bytes"), (Long) row.get("message_count"));
    }

    private long objectsNamed(String blob) throws Exception {
        long count = 0;
        for (Result<Item> item : minio.listObjects(ListObjectsArgs.builder().bucket(BlobStore.BUCKET)
                .prefix(blob).build())) {
            if (item.get().objectName().equals(blob)) {
                count++;
            }
        }
        return count;
    }
}
