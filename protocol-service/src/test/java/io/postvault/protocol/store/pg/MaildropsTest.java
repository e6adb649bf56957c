package io.postvault.protocol.store.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.postvault.deploy.test.StackTestResource;
import io.postvault.events.Event;
import io.postvault.events.EventType;
import io.postvault.events.data.AccountDeleted;
import io.postvault.events.data.Direction;
import io.postvault.events.data.MessageRemoved;
import io.postvault.events.data.RemovalReason;
import io.postvault.protocol.account.AccountService;
import io.postvault.protocol.store.DeliveryOutcome;
import io.postvault.protocol.store.MailDelivery;
import io.postvault.protocol.store.Mailbox;
import io.postvault.protocol.store.Maildrops;
import io.postvault.protocol.store.Maildrops.MaildropLock;
import io.postvault.protocol.store.Pop3Message;
import io.postvault.protocol.store.Recipients;
import io.postvault.protocol.store.SpooledMessage;
import io.postvault.protocol.store.s3.BlobStore;
import io.postvault.protocol.support.Db;
import io.postvault.protocol.support.MailTopic;
import io.postvault.protocol.support.Spool;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class MaildropsTest {

    @Inject
    Maildrops maildrops;
    @Inject
    MailDelivery delivery;
    @Inject
    Recipients recipients;
    @Inject
    AccountService accounts;
    @Inject
    Db db;

    private Mailbox newAccount(String domain, String localPart) {
        accounts.createAccount(domain, localPart, "password-of-" + localPart, "PERSONAL", null, null);
        return recipients.find(localPart + "@" + domain).orElseThrow();
    }

    private String newDomain() {
        String domain = "pop-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
        accounts.createDomain(domain, 100_000_000L);
        return domain;
    }

    private void deliver(SpooledMessage message, Mailbox... to) {
        assertThat(delivery.deliver(message, "s@example.com", List.of(to)).values())
                .containsOnly(DeliveryOutcome.DELIVERED);
    }

    @Test
    void theLockIsExclusiveAndAnExpiredLeaseCanBeTaken() {
        Mailbox mailbox = newAccount(newDomain(), "locked");
        Optional<MaildropLock> first = maildrops.lock(mailbox);
        assertThat(first).isPresent();
        assertThat(maildrops.lock(mailbox)).isEmpty();
        assertThat(first.get().renew()).isTrue();
        first.get().close();

        MaildropLock second = maildrops.lock(mailbox).orElseThrow();
        assertThat(maildrops.lock(mailbox)).isEmpty();
        // The holder died without closing: once its lease has run out, another session takes the maildrop.
        db.update("UPDATE maildrop_lease SET expires_at = now() - interval '1 second' WHERE account_id = ?",
                mailbox.accountId());
        MaildropLock third = maildrops.lock(mailbox).orElseThrow();
        assertThat(second.renew()).isFalse();
        second.close(); // must not release the lease it lost
        assertThat(maildrops.lock(mailbox)).isEmpty();
        assertThat(third.renew()).isTrue();
        third.close();
        assertThat(maildrops.lock(mailbox)).isPresent();
    }

    @Test
    void anUpdateAfterTheLeaseWasLostRemovesNothing() {
        Mailbox mailbox = newAccount(newDomain(), "lost");
        deliver(Spool.message("Subject: stays\n\ns\n"), mailbox);
        MaildropLock stale = maildrops.lock(mailbox).orElseThrow();
        List<Pop3Message> list = maildrops.list(mailbox);
        db.update("UPDATE maildrop_lease SET expires_at = now() - interval '1 second' WHERE account_id = ?",
                mailbox.accountId());
        MaildropLock current = maildrops.lock(mailbox).orElseThrow();
        assertThat(stale.update(list)).isFalse();
        assertThat(maildrops.list(mailbox)).isEqualTo(list);
        assertThat(maildrops.lock(mailbox)).as("still the other session's").isEmpty();
        assertThat(current.update(list)).isTrue();
        assertThat(maildrops.list(mailbox)).isEmpty();
        maildrops.lock(mailbox).orElseThrow().close(); // released by the update
    }

    @Test
    void listOpenAndDeleteWithOneRemovalEventPerMessage() throws Exception {
        String domain = newDomain();
        Mailbox mailbox = newAccount(domain, "pop");
        SpooledMessage one = Spool.message("From: A <a@example.com>\nTo: pop@" + domain
                + "\nCc: c@example.com\nSubject: one\nMessage-ID: <one@x>\nDate: Thu, 5 Mar 2026 12:00:00 +0000\n\n1\n");
        SpooledMessage two = Spool.message("Subject: two\n\n2\n");
        SpooledMessage three = Spool.message("Subject: three\nContent-Type: multipart/mixed; boundary=b\n\n--b\n"
                + "Content-Type: application/octet-stream\nContent-Disposition: attachment; filename=a.bin\n\nxx\n--b--\n");
        deliver(one, mailbox);
        deliver(two, mailbox);
        deliver(three, mailbox);

        List<Pop3Message> list = maildrops.list(mailbox);
        long uidValidity = db.number("SELECT uid_validity FROM folder WHERE account_id = ? AND name = 'INBOX'",
                mailbox.accountId());
        assertThat(list).extracting(Pop3Message::uidl).containsExactly(uidValidity + ".1", uidValidity + ".2",
                uidValidity + ".3");
        assertThat(list).extracting(Pop3Message::size).containsExactly(one.size(), two.size(), three.size());
        try (InputStream in = maildrops.open(list.get(0))) {
            assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(one.file()));
        }

        Instant before = Instant.now().minusSeconds(1);
        assertThat(maildrops.lock(mailbox).orElseThrow().update(List.of(list.get(0), list.get(2)))).isTrue();
        maildrops.lock(mailbox).orElseThrow().close(); // the update released the lock
        assertThat(maildrops.list(mailbox)).containsExactly(list.get(1));
        assertThat(db.rows("SELECT occupied_bytes, message_count FROM account_usage WHERE account_id = ?",
                mailbox.accountId()).get(0)).containsEntry("occupied_bytes", two.size())
                .containsEntry("message_count", 1L);
        assertThat(db.number("SELECT sum(occupied_bytes) FROM domain_usage WHERE domain = ?", domain))
                .isEqualTo(two.size());
        // Deleting again (a second session with a stale list) changes nothing.
        assertThat(maildrops.lock(mailbox).orElseThrow().update(List.of(list.get(0)))).isTrue();

        List<Event> removed = awaitEvents(domain, e -> e.type() == EventType.MESSAGE_REMOVED, 2);
        assertThat(removed).hasSize(2);
        assertThat(removed).allSatisfy(e -> assertThat(e.account()).isEqualTo(mailbox.accountId().toString()));
        MessageRemoved first = (MessageRemoved) removed.get(0).data();
        assertThat(first.address()).isEqualTo("pop@" + domain);
        assertThat(first.folder()).isEqualTo("INBOX");
        assertThat(first.uidValidity()).isEqualTo(uidValidity);
        assertThat(first.uid()).isEqualTo(1);
        assertThat(first.blobId()).isEqualTo(list.get(0).blobId()).isEqualTo(BlobStore.sha256(one.file()));
        assertThat(first.size()).isEqualTo(one.size());
        assertThat(first.internalDate()).isAfter(before.minusSeconds(60));
        assertThat(first.removedAt()).isAfterOrEqualTo(first.internalDate()).isAfter(before);
        assertThat(first.direction()).isEqualTo(Direction.RECEIVED);
        assertThat(first.reason()).isEqualTo(RemovalReason.POP3_DELETE);
        assertThat(first.summary().from()).isEqualTo("A <a@example.com>");
        assertThat(first.summary().to()).isEqualTo("pop@" + domain);
        assertThat(first.summary().cc()).isEqualTo("c@example.com");
        assertThat(first.summary().subject()).isEqualTo("one");
        assertThat(first.summary().messageId()).isEqualTo("<one@x>");
        assertThat(first.summary().date()).isEqualTo(Instant.parse("2026-03-05T12:00:00Z"));
        assertThat(first.summary().hasAttachments()).isFalse();
        MessageRemoved third = (MessageRemoved) removed.get(1).data();
        assertThat(third.uid()).isEqualTo(3);
        assertThat(third.summary().hasAttachments()).isTrue();
    }

    @Test
    void onlyTheLastLiveCopyInTheAccountIsReportedRemoved() {
        String domain = newDomain();
        Mailbox mailbox = newAccount(domain, "copies");
        Mailbox other = newAccount(domain, "other");
        SpooledMessage kept = Spool.message("Subject: kept elsewhere\n\nk\n");
        SpooledMessage twice = Spool.message("Subject: twice\n\nt\n");
        deliver(kept, mailbox, other);
        deliver(twice, mailbox);
        deliver(twice, mailbox);
        // An IMAP COPY of the first message into Archive (the IMAP side does not exist yet: plain SQL).
        db.update("""
                INSERT INTO message (folder_id, account_id, uid, modseq, internal_date, size, blob_id)
                SELECT f.id, m.account_id, 1, 1, m.internal_date, m.size, m.blob_id
                FROM message m JOIN folder f ON f.account_id = m.account_id AND f.name = 'Archive'
                WHERE m.account_id = ? AND m.uid = 1""", mailbox.accountId());

        assertThat(maildrops.lock(mailbox).orElseThrow().update(maildrops.list(mailbox))).isTrue();
        assertThat(maildrops.list(mailbox)).isEmpty();
        assertThat(maildrops.list(other)).hasSize(1);

        // "kept": a copy remains in Archive, so nothing left the account. "twice": two copies went, one event.
        List<Event> removed = awaitEvents(domain, e -> e.type() == EventType.MESSAGE_REMOVED, 1);
        assertThat(removed).extracting(e -> ((MessageRemoved) e.data()).summary().subject())
                .containsExactly("twice");
        assertThat(((MessageRemoved) removed.get(0).data()).uid()).isEqualTo(3);
    }

    @Test
    void deletingAnAccountArchivesEveryMessageThenReportsTheDeletion() {
        String domain = newDomain();
        Mailbox gone = newAccount(domain, "gone");
        Mailbox stays = newAccount(domain, "stays");
        SpooledMessage shared = Spool.message("Subject: to both\n\nb\n");
        deliver(shared, gone, stays);
        for (int i = 0; i < 4; i++) {
            deliver(Spool.message("Subject: mine " + i + "\n\n" + i + "\n"), gone);
        }
        // One message filed in Sent (as SMTP submission will), so its removal has direction SENT.
        db.update("""
                INSERT INTO message (folder_id, account_id, uid, modseq, internal_date, size, blob_id, hdr_subject)
                SELECT f.id, f.account_id, 1, 1, now(), 10, repeat('a', 64), 'sent one'
                FROM folder f WHERE f.account_id = ? AND f.name = 'Sent'""", gone.accountId());
        db.update("UPDATE account_usage SET occupied_bytes = occupied_bytes + 10, message_count = message_count + 1"
                + " WHERE account_id = ?", gone.accountId());
        db.update("UPDATE domain_usage SET occupied_bytes = occupied_bytes + 10, message_count = message_count + 1"
                + " WHERE domain = ? AND stripe = 0", domain);
        maildrops.lock(gone).orElseThrow();

        accounts.deleteAccount(domain, "gone");

        assertThat(recipients.find("gone@" + domain)).isEmpty();
        assertThat(db.number("SELECT count(*) FROM message WHERE account_id = ?", gone.accountId())).isZero();
        assertThat(db.number("SELECT count(*) FROM folder WHERE account_id = ?", gone.accountId())).isZero();
        assertThat(db.rows("SELECT sum(occupied_bytes)::bigint AS occupied_bytes, sum(message_count)::bigint"
                + " AS message_count FROM domain_usage WHERE domain = ?", domain).get(0))
                .containsEntry("occupied_bytes", shared.size()).containsEntry("message_count", 1L);

        List<Event> ofGone = awaitEvents(domain, e -> gone.accountId().toString().equals(e.account()),
                e -> e.type() == EventType.ACCOUNT_DELETED);
        assertThat(ofGone).extracting(Event::type).containsExactly(EventType.ACCOUNT_CREATED,
                EventType.MESSAGE_DELIVERED, EventType.MESSAGE_DELIVERED, EventType.MESSAGE_DELIVERED,
                EventType.MESSAGE_DELIVERED, EventType.MESSAGE_DELIVERED, EventType.MESSAGE_REMOVED,
                EventType.MESSAGE_REMOVED, EventType.MESSAGE_REMOVED, EventType.MESSAGE_REMOVED,
                EventType.MESSAGE_REMOVED, EventType.MESSAGE_REMOVED, EventType.ACCOUNT_DELETED);
        List<MessageRemoved> removals = ofGone.stream().filter(e -> e.type() == EventType.MESSAGE_REMOVED)
                .map(e -> (MessageRemoved) e.data()).toList();
        assertThat(removals).allSatisfy(r -> assertThat(r.reason()).isEqualTo(RemovalReason.ACCOUNT_DELETED));
        assertThat(removals).filteredOn(r -> r.folder().equals("Sent")).singleElement()
                .satisfies(r -> assertThat(r.direction()).isEqualTo(Direction.SENT));
        assertThat(removals).filteredOn(r -> r.folder().equals("INBOX")).hasSize(5)
                .allSatisfy(r -> assertThat(r.direction()).isEqualTo(Direction.RECEIVED));
        assertThat(ofGone.get(ofGone.size() - 1).data()).isEqualTo(new AccountDeleted("gone@" + domain));
        // The other account's copy is untouched.
        assertThat(maildrops.list(stays)).hasSize(1);
    }

    @Test
    void deletingADomainDeletesEveryAccountThenTheDomain() {
        String domain = newDomain();
        Mailbox one = newAccount(domain, "one");
        Mailbox two = newAccount(domain, "two");
        deliver(Spool.message("Subject: for both\n\nx\n"), one, two);
        deliver(Spool.message("Subject: for two\n\ny\n"), two);

        accounts.deleteDomain(domain);

        assertThat(recipients.find("one@" + domain)).isEmpty();
        assertThat(db.number("SELECT count(*) FROM domain WHERE name = ?", domain)).isZero();
        assertThat(db.number("SELECT count(*) FROM message WHERE account_id IN (?, ?)", one.accountId(),
                two.accountId())).isZero();
        List<Event> events = awaitEvents(domain, e -> true, e -> e.type() == EventType.DOMAIN_DELETED);
        for (Mailbox m : List.of(one, two)) {
            List<EventType> ofAccount = events.stream().filter(e -> m.accountId().toString().equals(e.account()))
                    .map(Event::type).filter(t -> t != EventType.MESSAGE_DELIVERED && t != EventType.ACCOUNT_CREATED)
                    .toList();
            int messages = m == one ? 1 : 2;
            assertThat(ofAccount).hasSize(messages + 1).endsWith(EventType.ACCOUNT_DELETED)
                    .startsWith(EventType.MESSAGE_REMOVED);
        }
        assertThat(events).filteredOn(e -> e.type() == EventType.DOMAIN_DELETED).singleElement()
                .satisfies(e -> assertThat(e.account()).isNull());
    }

    private static List<Event> awaitEvents(String domain, Predicate<Event> filter, int count) {
        return await().atMost(Duration.ofSeconds(60)).until(
                () -> MailTopic.ofDomain(domain).stream().filter(filter).toList(), events -> events.size() >= count);
    }

    private static List<Event> awaitEvents(String domain, Predicate<Event> filter, Predicate<Event> last) {
        return await().atMost(Duration.ofSeconds(60)).until(
                () -> MailTopic.ofDomain(domain).stream().filter(filter).toList(),
                events -> events.stream().anyMatch(last));
    }
}
