package io.postvault.protocol.store.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agroal.api.AgroalDataSource;
import io.postvault.deploy.test.StackTestResource;
import io.postvault.events.Event;
import io.postvault.events.EventType;
import io.postvault.events.data.MessageRemoved;
import io.postvault.protocol.account.AccountService;
import io.postvault.protocol.blobgc.BlobCollector;
import io.postvault.protocol.store.DeliveryOutcome;
import io.postvault.protocol.store.Mailbox;
import io.postvault.protocol.store.Maildrops;
import io.postvault.protocol.store.Recipients;
import io.postvault.protocol.store.SpooledMessage;
import io.postvault.protocol.store.s3.BlobStore;
import io.postvault.protocol.support.ArchiveTopic;
import io.postvault.protocol.support.Db;
import io.postvault.protocol.support.MailTopic;
import io.postvault.protocol.support.Spool;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The blob lifecycle on the real stack: a live blob goes only when no live message references it and the archive
 * acknowledged ({@code archive.stored} on the real broker) every removal pointing at it; a delivery of the same content
 * racing the collector never ends up referencing a deleted object. The scheduled collector is off in tests: each test
 * runs a round itself.
 */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class BlobLifecycleTest {

    @Inject
    PgMailDelivery delivery;
    @Inject
    Maildrops maildrops;
    @Inject
    Recipients recipients;
    @Inject
    AccountService accounts;
    @Inject
    BlobCollector collector;
    @Inject
    BlobStore blobs;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    Db db;

    private String newDomain() {
        String domain = "gc-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
        accounts.createDomain(domain, 100_000_000L);
        return domain;
    }

    private Mailbox newAccount(String domain, String localPart) {
        accounts.createAccount(domain, localPart, "password-of-" + localPart, "PERSONAL", null, null);
        return recipients.find(localPart + "@" + domain).orElseThrow();
    }

    /** A message with content unique to this call, so its blob is shared with no other test. */
    private static SpooledMessage uniqueMessage() {
        return Spool.message("From: a@example.com\nSubject: gc\nMessage-ID: <" + UUID.randomUUID() + "@x>\n\nbody\n");
    }

    private String deliver(SpooledMessage message, Mailbox... to) throws Exception {
        assertThat(delivery.deliver(message, "s@example.com", List.of(to)).values())
                .containsOnly(DeliveryOutcome.DELIVERED);
        return BlobStore.sha256(message.file());
    }

    /** POP3 DELE of everything + QUIT; returns the account's message.removed event as it is on the broker. */
    private Event popAll(Mailbox mailbox) {
        assertThat(maildrops.lock(mailbox).orElseThrow().update(maildrops.list(mailbox))).isTrue();
        return await().atMost(Duration.ofSeconds(30)).until(() -> MailTopic.read(e -> e.type() == EventType
                        .MESSAGE_REMOVED && e.account().equals(mailbox.accountId().toString())),
                events -> events.size() == 1).get(0);
    }

    private void acknowledge(Event removal) {
        ArchiveTopic.publish(ArchiveTopic.storedFor(removal));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> db.number("SELECT count(*) FROM blob_removal WHERE event_id = ?", removal.id()) == 0);
    }

    private boolean stored(String blobId) throws Exception {
        return blobs.exists(blobId);
    }

    @Test
    void aRemovedAndAcknowledgedBlobIsDeletedAndAReplayedAcknowledgementChangesNothing() throws Exception {
        Mailbox alice = newAccount(newDomain(), "alice");
        String blobId = deliver(uniqueMessage(), alice);
        assertThat(db.number("SELECT count(*) FROM blob WHERE blob_id = ?", blobId)).isEqualTo(1);

        Event removal = popAll(alice);
        assertThat(((MessageRemoved) removal.data()).blobId()).isEqualTo(blobId);
        // Pending from the removal's own transaction on: unacknowledged, the blob stays.
        assertThat(db.rows("SELECT blob_id FROM blob_removal WHERE event_id = ?", removal.id()))
                .containsExactly(Map.of("blob_id", blobId));
        collector.collect();
        assertThat(stored(blobId)).isTrue();

        Event stored = ArchiveTopic.storedFor(removal);
        ArchiveTopic.publish(stored);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> db.number("SELECT count(*) FROM blob_removal WHERE event_id = ?", removal.id()) == 0);
        assertThat(collector.collect()).isGreaterThanOrEqualTo(1);
        assertThat(stored(blobId)).isFalse();
        assertThat(db.number("SELECT count(*) FROM blob WHERE blob_id = ?", blobId)).isZero();

        // The same acknowledgement again (at-least-once) finds nothing pending: no row, no error, consumption goes on.
        ArchiveTopic.publish(stored);
        Mailbox bob = newAccount(alice.domain(), "bob");
        String next = deliver(uniqueMessage(), bob);
        acknowledge(popAll(bob));
        collector.collect();
        assertThat(stored(next)).isFalse();
        assertThat(db.number("SELECT count(*) FROM blob WHERE blob_id = ?", blobId)).isZero();
    }

    @Test
    void aBlobStaysWhileAnotherMessageReferencesItOrARemovalIsUnacknowledged() throws Exception {
        String domain = newDomain();
        Mailbox alice = newAccount(domain, "alice");
        Mailbox bob = newAccount(domain, "bob");
        String blobId = deliver(uniqueMessage(), alice, bob); // stored once, referenced twice

        Event aliceRemoval = popAll(alice);
        acknowledge(aliceRemoval);
        collector.collect();
        assertThat(stored(blobId)).as("bob's message still references it").isTrue();
        assertThat(db.value("SELECT collectable FROM blob WHERE blob_id = ?", blobId)).isEqualTo(false);

        Event bobRemoval = popAll(bob); // the last live copy: nothing references the blob, the archive has not said yet
        db.update("UPDATE blob SET collectable = true WHERE blob_id = ?", blobId); // whatever marks it, it stays
        collector.collect();
        assertThat(stored(blobId)).as("bob's removal is not acknowledged").isTrue();

        acknowledge(bobRemoval);
        collector.collect();
        assertThat(stored(blobId)).isFalse();
    }

    @Test
    void aDeliveryThatFoundTheObjectStoredUploadsItAgainWhenTheCollectorDeletedItMeanwhile() throws Exception {
        Mailbox alice = newAccount(newDomain(), "alice");
        SpooledMessage message = uniqueMessage();
        String blobId = deliver(message, alice);
        acknowledge(popAll(alice)); // collectable: unreferenced and archived

        Mailbox bob = newAccount(alice.domain(), "bob");
        // Bob's delivery of the same content: the first half finds the object and skips the upload ...
        assertThat(blobs.put(message.file())).isEqualTo(blobId);
        // ... the collector deletes it before the delivery's transaction ...
        collector.collect();
        assertThat(stored(blobId)).isFalse();
        // ... and the transaction, under the blob row lock, stores it again before filing the message.
        assertThat(delivery.fileStored(blobs.read(message.file()), "s@example.com", List.of(bob)).values())
                .containsOnly(DeliveryOutcome.DELIVERED);
        assertThat(stored(blobId)).isTrue();
        try (InputStream in = maildrops.open(maildrops.list(bob).get(0))) {
            assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(message.file()));
        }
        collector.collect();
        assertThat(stored(blobId)).isTrue();
    }

    @Test
    void theCollectorSkipsABlobWhileADeliveryReferencingItIsUnderWay() throws Exception {
        Mailbox alice = newAccount(newDomain(), "alice");
        SpooledMessage message = uniqueMessage();
        String blobId = deliver(message, alice);
        acknowledge(popAll(alice));

        Mailbox bob = newAccount(alice.domain(), "bob");
        CompletableFuture<Map<Mailbox, DeliveryOutcome>> bobsDelivery;
        try (Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            // Hold the domain's usage row: the delivery takes the blob row lock, then waits here.
            try (PreparedStatement ps = holder.prepareStatement(
                    "SELECT 1 FROM domain_usage WHERE domain = ? FOR UPDATE")) {
                ps.setString(1, bob.domain());
                ps.executeQuery().close();
            }
            bobsDelivery = CompletableFuture.supplyAsync(() -> delivery.deliver(message, "s@example.com", List.of(bob)));
            await().atMost(Duration.ofSeconds(30)).until(() -> db.number("""
                    SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
                    WHERE c.relname = 'blob' AND l.mode = 'RowExclusiveLock' AND l.granted""") > 0
                    && db.number("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                    + " AND query LIKE '%domain_usage%'") > 0);
            assertThat(collector.collect()).isZero();
            assertThat(stored(blobId)).isTrue();
            holder.rollback();
        }
        assertThat(bobsDelivery.get().values()).containsOnly(DeliveryOutcome.DELIVERED);
        collector.collect();
        assertThat(stored(blobId)).isTrue();
        try (InputStream in = maildrops.open(maildrops.list(bob).get(0))) {
            assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(message.file()));
        }
    }

    @Test
    void aMalformedAcknowledgementGoesToTheDeadLetterTopicAndConsumptionGoesOn() throws Exception {
        byte[] garbage = ("not an event " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        ArchiveTopic.publishRaw("some-account", garbage);
        await().atMost(Duration.ofSeconds(60)).until(() -> ArchiveTopic.deadLetters().stream()
                .anyMatch(v -> Arrays.equals(v, garbage)));

        Mailbox alice = newAccount(newDomain(), "alice");
        String blobId = deliver(uniqueMessage(), alice);
        acknowledge(popAll(alice));
        collector.collect();
        assertThat(stored(blobId)).isFalse();
    }
}
