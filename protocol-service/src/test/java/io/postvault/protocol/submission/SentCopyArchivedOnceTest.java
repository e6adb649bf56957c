package io.postvault.protocol.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agroal.api.AgroalDataSource;
import io.postvault.deploy.test.StackTestResource;
import io.postvault.events.Event;
import io.postvault.events.EventType;
import io.postvault.events.data.MessageCopyRemoved;
import io.postvault.events.data.MessageRemoved;
import io.postvault.events.data.RemovalReason;
import io.postvault.protocol.account.AccountService;
import io.postvault.protocol.blobgc.BlobCollector;
import io.postvault.protocol.store.DeliveryOutcome;
import io.postvault.protocol.store.ImapMessages;
import io.postvault.protocol.store.ImapMessages.FlagMode;
import io.postvault.protocol.store.MailDelivery;
import io.postvault.protocol.store.Mailbox;
import io.postvault.protocol.store.Maildrops;
import io.postvault.protocol.store.SpooledMessage;
import io.postvault.protocol.store.s3.BlobStore;
import io.postvault.protocol.support.ArchiveTopic;
import io.postvault.protocol.support.Db;
import io.postvault.protocol.support.MailTopic;
import io.postvault.protocol.support.Spool;
import io.postvault.protocol.support.StoreAccounts;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The \Sent copy of a submitted message is archived once, by its {@code message.submitted}: removing it (IMAP expunge,
 * POP3, account deletion), or removing a copy of it made in the account, writes {@code message.copy-removed} (quota and
 * search drop the live copy) and never a second {@code message.removed}. The same bytes delivered by LMTP are another
 * message, archived on their own; a copy into another account is that account's message. On the real database, broker
 * and S3.
 */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class SentCopyArchivedOnceTest {

    private static final Set<EventType> ARCHIVED_OR_GONE = Set.of(EventType.MESSAGE_SUBMITTED,
            EventType.MESSAGE_REMOVED, EventType.MESSAGE_COPY_REMOVED);

    @Inject
    SubmissionQueue queue;
    @Inject
    SentCopies sentCopies;
    @Inject
    ImapMessages messages;
    @Inject
    MailDelivery delivery;
    @Inject
    Maildrops maildrops;
    @Inject
    AccountService accountService;
    @Inject
    BlobCollector collector;
    @Inject
    BlobStore blobs;
    @Inject
    StoreAccounts accounts;
    @Inject
    Db db;
    @Inject
    AgroalDataSource dataSource;

    /** alice@ a new domain, who wants copies of what she sends in \Sent. */
    private Mailbox sender() {
        Mailbox alice = accounts.personal("alice@" + StoreAccounts.newDomain("sentonce"), "alice-secret");
        sentCopies.setWanted(alice.accountId(), true);
        return alice;
    }

    private static SpooledMessage uniqueMessage() {
        return Spool.message("From: alice@example.org\nTo: friend@example.org\nSubject: sent once\nMessage-ID: <"
                + UUID.randomUUID() + "@example.org>\n\nbody\n");
    }

    /**
     * What the submission session does with a message it accepted: queue it (blob, {@code message.submitted}), then
     * the \Sent copy. Due tomorrow: the relay leaves it alone.
     */
    private QueuedMessage submit(Mailbox sender, SpooledMessage message) {
        QueuedMessage queued = queue.enqueue(sender, message, sender.address(), List.of("friend@example.org"),
                Instant.now().plus(Duration.ofDays(1)));
        assertThat(sentCopies.copyIfWanted(sender, message.file(), queued.eventId())).isTrue();
        return queued;
    }

    /** A submission the archive acknowledged and the relay sent: only its \Sent copy keeps its blob. */
    private QueuedMessage submittedArchivedAndRelayed(Mailbox sender) {
        QueuedMessage queued = submit(sender, uniqueMessage());
        ArchiveTopic.publish(ArchiveTopic.storedFor(events(sender, 1).get(0)));
        await().atMost(Duration.ofSeconds(30)).until(
                () -> db.number("SELECT count(*) FROM blob_removal WHERE event_id = ?", queued.eventId()) == 0);
        queue.relayed(queued.id(), "250 2.0.0 test");
        return queued;
    }

    private long[] expunge(Mailbox mailbox, String folder, long... uids) {
        ImapMessages.Opened opened = messages.open(mailbox, folder);
        messages.store(mailbox, opened.folderId(), uids, FlagMode.ADD, Set.of("\\Deleted"), -1);
        return messages.expunge(mailbox, opened.folderId(), uids);
    }

    /** The account's submission and removal events in publication order, once there are {@code count}. */
    private static List<Event> events(Mailbox mailbox, int count) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> MailTopic.read(e -> ARCHIVED_OR_GONE.contains(
                e.type()) && e.account().equals(mailbox.accountId().toString())), list -> list.size() >= count);
    }

    /** "message.submitted", "message.removed INBOX IMAP_EXPUNGE RECEIVED", "message.copy-removed Sent POP3_DELETE". */
    private static String describe(Event event) {
        if (event.data() instanceof MessageRemoved r) {
            return event.type().wireName() + " " + r.folder() + " " + r.reason() + " " + r.direction();
        } else if (event.data() instanceof MessageCopyRemoved r) {
            return event.type().wireName() + " " + r.folder() + " " + r.reason();
        }
        return event.type().wireName();
    }

    @Test
    void expungingTheSentCopyIsACopyRemovalTheSubmissionStaysTheOneArchived() {
        Mailbox alice = sender();
        SpooledMessage message = uniqueMessage();
        QueuedMessage queued = submit(alice, message);
        assertThat(db.value("SELECT m.archived_by FROM message m JOIN folder f ON f.id = m.folder_id"
                + " WHERE f.account_id = ? AND f.name = 'Sent'", alice.accountId())).isEqualTo(queued.eventId());
        long uidValidity = messages.open(alice, "Sent").uidValidity();

        assertThat(expunge(alice, "Sent", 1)).containsExactly(1);

        List<Event> events = events(alice, 2);
        assertThat(events).extracting(Event::type)
                .containsExactly(EventType.MESSAGE_SUBMITTED, EventType.MESSAGE_COPY_REMOVED);
        assertThat(events.get(0).id()).isEqualTo(queued.eventId());
        assertThat(events.get(1).data()).isEqualTo(new MessageCopyRemoved(alice.address(), "Sent", uidValidity, 1,
                queued.blobId(), message.size(), RemovalReason.IMAP_EXPUNGE));
        // the submission alone keeps the blob for the archive; the copy's space is free
        assertThat(db.rows("SELECT event_id FROM blob_removal WHERE blob_id = ?", queued.blobId()))
                .extracting(r -> r.get("event_id")).containsExactly(queued.eventId());
        assertThat(db.number("SELECT occupied_bytes + message_count FROM account_usage WHERE account_id = ?",
                alice.accountId())).isZero();
    }

    @Test
    void copiesOfTheSentMessageInTheAccountAreNotArchivedAgainNotEvenTheLastOneByPop3() {
        Mailbox alice = sender();
        QueuedMessage queued = submit(alice, uniqueMessage());
        long sentFolder = messages.open(alice, "Sent").folderId();
        long trashCopy = messages.copy(alice, sentFolder, new long[] {1}, "Trash", false).targetUids()[0];
        long trashFolder = messages.open(alice, "Trash").folderId();
        messages.copy(alice, trashFolder, new long[] {trashCopy}, "INBOX", true); // a move keeps the row
        assertThat(db.rows("SELECT archived_by FROM message WHERE account_id = ?", alice.accountId()))
                .extracting(r -> r.get("archived_by")).containsExactly(queued.eventId(), queued.eventId());

        expunge(alice, "Sent", 1);
        // POP3 sees INBOX, where the copy now is: DELE + QUIT of the last copy
        assertThat(maildrops.lock(alice).orElseThrow().update(maildrops.list(alice))).isTrue();

        assertThat(events(alice, 3)).extracting(SentCopyArchivedOnceTest::describe).containsExactly(
                "message.submitted", "message.copy-removed Sent IMAP_EXPUNGE",
                "message.copy-removed INBOX POP3_DELETE");
    }

    @Test
    void theSameBytesDeliveredByLmtpAreAnotherMessageArchivedOnItsOwn() {
        Mailbox alice = sender();
        SpooledMessage message = uniqueMessage();
        QueuedMessage queued = submit(alice, message);
        assertThat(delivery.deliver(message, "bounce@example.org", List.of(alice)).values())
                .containsOnly(DeliveryOutcome.DELIVERED);
        assertThat(db.number("SELECT count(DISTINCT blob_id) FROM message WHERE account_id = ?", alice.accountId()))
                .as("one blob, deduplicated by SHA-256").isEqualTo(1);

        expunge(alice, "INBOX", 1); // while the \Sent copy of the same blob stays live
        expunge(alice, "Sent", 1);

        List<Event> events = events(alice, 3);
        assertThat(events).extracting(SentCopyArchivedOnceTest::describe).containsExactly("message.submitted",
                "message.removed INBOX IMAP_EXPUNGE RECEIVED", "message.copy-removed Sent IMAP_EXPUNGE");
        assertThat(((MessageRemoved) events.get(1).data()).blobId()).isEqualTo(queued.blobId());
    }

    @Test
    void deletingTheAccountArchivesItsReceivedMailAndNotItsSentCopyAgain() {
        Mailbox alice = sender();
        submit(alice, uniqueMessage());
        delivery.deliver(uniqueMessage(), "someone@example.org", List.of(alice));

        accountService.deleteAccount(alice.domain(), "alice");

        assertThat(events(alice, 3)).extracting(SentCopyArchivedOnceTest::describe).containsExactlyInAnyOrder(
                "message.submitted", "message.removed INBOX ACCOUNT_DELETED RECEIVED",
                "message.copy-removed Sent ACCOUNT_DELETED");
    }

    @Test
    void aCopyIntoAnotherAccountIsThatAccountsMessage() {
        Mailbox alice = sender();
        Mailbox bob = accounts.personal("bob@" + alice.domain(), "bob-secret");
        submit(alice, uniqueMessage());
        messages.copyTo(alice, messages.open(alice, "Sent").folderId(), new long[] {1}, bob, "INBOX");
        assertThat(db.value("SELECT archived_by FROM message WHERE account_id = ?", bob.accountId())).isNull();

        expunge(bob, "INBOX", 1);

        assertThat(events(bob, 1)).extracting(SentCopyArchivedOnceTest::describe)
                .containsExactly("message.removed INBOX IMAP_EXPUNGE RECEIVED");
    }

    @Test
    void theBlobGoesOnceTheSubmissionIsAcknowledgedRelayedAndTheSentCopyRemoved() throws Exception {
        Mailbox alice = sender();
        QueuedMessage queued = submittedArchivedAndRelayed(alice);
        collector.collect();
        assertThat(blobs.exists(queued.blobId())).as("the \\Sent copy references it").isTrue();

        expunge(alice, "Sent", 1); // nothing else will ask the collector to look at the blob again

        collector.collect();
        assertThat(blobs.exists(queued.blobId())).isFalse();
    }

    @Test
    void theBlobGoesEvenWhenACollectorRoundHeldItWhileTheSentCopyWasRemoved() throws Exception {
        Mailbox alice = sender();
        QueuedMessage queued = submittedArchivedAndRelayed(alice);

        try (Connection round = dataSource.getConnection()) {
            // A collector round has locked the blob's row and, from a snapshot in which the \Sent copy is still
            // there, found it referenced ...
            round.setAutoCommit(false);
            try (PreparedStatement ps = round.prepareStatement("SELECT 1 FROM blob WHERE blob_id = ? FOR UPDATE")) {
                ps.setString(1, queued.blobId());
                ps.executeQuery().close();
            }
            // ... when the copy is expunged (which must not wait for that row) ...
            expunge(alice, "Sent", 1);
            // ... and the round ends with its verdict: still needed.
            try (PreparedStatement ps = round.prepareStatement(
                    "UPDATE blob SET collectable = false WHERE blob_id = ?")) {
                ps.setString(1, queued.blobId());
                ps.executeUpdate();
            }
            round.commit();
        }

        collector.collect();
        assertThat(blobs.exists(queued.blobId())).as("nothing references it any more").isFalse();
        assertThat(db.number("SELECT count(*) FROM blob_recheck WHERE blob_id = ?", queued.blobId())).isZero();
    }
}
