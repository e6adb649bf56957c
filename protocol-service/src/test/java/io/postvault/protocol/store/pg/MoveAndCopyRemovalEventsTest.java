package io.postvault.protocol.store.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.postvault.deploy.test.StackTestResource;
import io.postvault.events.Event;
import io.postvault.events.EventType;
import io.postvault.events.data.MessageCopyRemoved;
import io.postvault.events.data.MessageMoved;
import io.postvault.events.data.MessageRemoved;
import io.postvault.events.data.RemovalReason;
import io.postvault.protocol.store.ImapMessages;
import io.postvault.protocol.store.ImapMessages.FlagMode;
import io.postvault.protocol.store.Mailbox;
import io.postvault.protocol.support.Db;
import io.postvault.protocol.support.MailTopic;
import io.postvault.protocol.support.StoreAccounts;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * A live message renamed or dropped while the account keeps it: IMAP MOVE writes one {@code message.moved} per message,
 * and the removal of a copy while another copy stays writes {@code message.copy-removed}, not {@code message.removed}
 * (which stays the event of the last copy: the archive archives a message once).
 */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class MoveAndCopyRemovalEventsTest {

    private static final Set<EventType> RENAMED_OR_GONE = Set.of(EventType.MESSAGE_MOVED,
            EventType.MESSAGE_COPY_REMOVED, EventType.MESSAGE_REMOVED);

    @Inject
    ImapMessages messages;
    @Inject
    StoreAccounts accounts;
    @Inject
    Db db;

    private Mailbox account(String localPart) {
        return accounts.personal(localPart + "@" + StoreAccounts.newDomain("moves"), "moves-secret");
    }

    private void append(Mailbox mailbox, int count) throws Exception {
        Path dir = Files.createTempDirectory("moves");
        for (int i = 0; i < count; i++) {
            Path file = Files.writeString(dir.resolve("m" + i), "Subject: " + i + "\r\n\r\nbody " + i + " of "
                    + mailbox.address() + "\r\n");
            messages.append(mailbox, "INBOX", Set.of(), Instant.now(), file);
        }
    }

    /** The account's move and removal events, in publication order, once {@code until} holds. */
    private static List<Event> events(Mailbox mailbox, Predicate<List<Event>> until) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> MailTopic.read(e -> RENAMED_OR_GONE.contains(
                e.type()) && e.account().equals(mailbox.accountId().toString())), until);
    }

    private long[] expunge(Mailbox mailbox, ImapMessages.Opened folder, long... uids) {
        messages.store(mailbox, folder.folderId(), uids, FlagMode.ADD, Set.of("\\Deleted"), -1);
        return messages.expunge(mailbox, folder.folderId(), uids);
    }

    @Test
    void aMoveWritesOneMovedEventPerMessageInUidOrder() throws Exception {
        Mailbox mailbox = account("move");
        append(mailbox, 3);
        ImapMessages.Opened inbox = messages.open(mailbox, "INBOX");

        ImapMessages.Copied moved = messages.copy(mailbox, inbox.folderId(), new long[] {1, 3}, "Trash", true);

        ImapMessages.Opened trash = messages.open(mailbox, "Trash");
        long modseq = db.number("SELECT modseq FROM message WHERE account_id = ? AND folder_id = ? AND uid = ?",
                mailbox.accountId(), trash.folderId(), moved.targetUids()[0]);
        List<Event> events = events(mailbox, list -> list.size() >= 2);
        assertThat(events).extracting(e -> (MessageMoved) e.data()).containsExactly(
                new MessageMoved(mailbox.address(), "INBOX", inbox.uidValidity(), 1, "Trash", trash.uidValidity(),
                        moved.targetUids()[0], modseq),
                new MessageMoved(mailbox.address(), "INBOX", inbox.uidValidity(), 3, "Trash", trash.uidValidity(),
                        moved.targetUids()[1], modseq));
        assertThat(events).allSatisfy(e -> assertThat(e.domain()).isEqualTo(mailbox.domain()));
    }

    @Test
    void expungingACopyWhileAnotherStaysIsACopyRemovalAndTheLastCopyIsTheRemoval() throws Exception {
        Mailbox mailbox = account("copy");
        append(mailbox, 1);
        ImapMessages.Opened inbox = messages.open(mailbox, "INBOX");
        ImapMessages.Copied copied = messages.copy(mailbox, inbox.folderId(), new long[] {1}, "Trash", false);
        ImapMessages.Opened trash = messages.open(mailbox, "Trash");
        String blobId = (String) db.value("SELECT blob_id FROM message WHERE account_id = ? AND folder_id = ?",
                mailbox.accountId(), inbox.folderId());
        long size = db.number("SELECT size FROM message WHERE account_id = ? AND folder_id = ?", mailbox.accountId(),
                inbox.folderId());

        assertThat(expunge(mailbox, inbox, 1)).containsExactly(1);
        assertThat(events(mailbox, list -> !list.isEmpty())).extracting(Event::data).containsExactly(
                new MessageCopyRemoved(mailbox.address(), "INBOX", inbox.uidValidity(), 1, blobId, size,
                        RemovalReason.IMAP_EXPUNGE));

        expunge(mailbox, trash, copied.targetUids());
        List<Event> events = events(mailbox, list -> list.size() >= 2);
        assertThat(events).extracting(Event::type)
                .containsExactly(EventType.MESSAGE_COPY_REMOVED, EventType.MESSAGE_REMOVED);
        MessageRemoved removed = (MessageRemoved) events.get(1).data();
        assertThat(removed.folder()).isEqualTo("Trash");
        assertThat(removed.uid()).isEqualTo(copied.targetUids()[0]);
        // the last copy's removal alone keeps the blob for the archive
        assertThat(db.rows("SELECT event_id::text AS id FROM blob_removal WHERE blob_id = ?"
                + " AND event_id::text = ANY (?)", blobId, events.stream().map(e -> e.id().toString())
                .toArray(String[]::new))).extracting(r -> r.get("id")).containsExactly(events.get(1).id().toString());
    }

    @Test
    void removingSeveralCopiesAtOnceIsOneRemovalAndACopyRemovalForEachOther() throws Exception {
        Mailbox mailbox = account("both");
        append(mailbox, 1);
        ImapMessages.Opened inbox = messages.open(mailbox, "INBOX");
        messages.copy(mailbox, inbox.folderId(), new long[] {1}, "INBOX", false); // a second copy in INBOX

        assertThat(expunge(mailbox, inbox, 1, 2)).containsExactly(1, 2);

        List<Event> events = events(mailbox, list -> list.size() >= 2);
        assertThat(events).extracting(Event::type)
                .containsExactly(EventType.MESSAGE_COPY_REMOVED, EventType.MESSAGE_REMOVED);
        assertThat(((MessageCopyRemoved) events.get(0).data()).uid()).isEqualTo(1);
        assertThat(((MessageRemoved) events.get(1).data()).uid()).isEqualTo(2);
    }
}
