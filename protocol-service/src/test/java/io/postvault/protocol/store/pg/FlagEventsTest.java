package io.postvault.protocol.store.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.postvault.deploy.test.StackTestResource;
import io.postvault.events.Event;
import io.postvault.events.EventType;
import io.postvault.events.data.FlagState;
import io.postvault.events.data.MessageFlagsChanged;
import io.postvault.events.data.NewMessage;
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
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * {@code message.flags-changed}: written with the flag change, in its transaction, one per message whose \Seen or
 * \Flagged changed (none for other flags), at the message's new MODSEQ; {@code message.appended} carries the flags a
 * message arrives with.
 */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class FlagEventsTest {

    @Inject
    ImapMessages messages;
    @Inject
    StoreAccounts accounts;
    @Inject
    Db db;

    private Mailbox account(String localPart, String domain) {
        return accounts.personal(localPart + "@" + domain, "flags-secret");
    }

    private static String domain() {
        return StoreAccounts.newDomain("flags");
    }

    private void append(Mailbox mailbox, int count, Set<String> flags) throws Exception {
        Path dir = Files.createTempDirectory("flags");
        for (int i = 0; i < count; i++) {
            Path file = Files.writeString(dir.resolve("m" + i), "Subject: " + i + "\r\n\r\nx\r\n");
            messages.append(mailbox, "INBOX", flags, Instant.now(), file);
        }
    }

    private static List<Event> flagEvents(Mailbox mailbox, int atLeast) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> MailTopic.read(e -> e.type()
                        == EventType.MESSAGE_FLAGS_CHANGED && e.account().equals(mailbox.accountId().toString())),
                events -> events.size() >= atLeast);
    }

    @Test
    void aStoreWritesOneEventPerMessageWhoseSeenOrFlaggedChanged() throws Exception {
        Mailbox mailbox = account("store", domain());
        append(mailbox, 3, Set.of());
        ImapMessages.Opened inbox = messages.open(mailbox, "INBOX");
        long[] all = LongStream.rangeClosed(1, 3).toArray();

        messages.store(mailbox, inbox.folderId(), all, FlagMode.ADD, Set.of("$Label", "\\Answered"), -1);
        messages.store(mailbox, inbox.folderId(), new long[] {2}, FlagMode.ADD, Set.of("\\Seen"), -1);
        ImapMessages.Stored both = messages.store(mailbox, inbox.folderId(), all, FlagMode.ADD,
                Set.of("\\Seen", "\\Flagged"), -1);
        messages.store(mailbox, inbox.folderId(), all, FlagMode.ADD, Set.of("\\Seen"), -1); // changes nothing
        ImapMessages.Stored unflag = messages.store(mailbox, inbox.folderId(), new long[] {3}, FlagMode.REMOVE,
                Set.of("\\Flagged", "$Label"), -1);

        long modseq = both.changed().get(0).modseq();
        List<Event> events = flagEvents(mailbox, 5);
        assertThat(events).extracting(e -> (MessageFlagsChanged) e.data()).containsExactly(
                new MessageFlagsChanged(mailbox.address(), "INBOX", inbox.uidValidity(), 2,
                        new FlagState(true, false, modseq - 1)),
                new MessageFlagsChanged(mailbox.address(), "INBOX", inbox.uidValidity(), 1,
                        new FlagState(true, true, modseq)),
                new MessageFlagsChanged(mailbox.address(), "INBOX", inbox.uidValidity(), 2,
                        new FlagState(true, true, modseq)),
                new MessageFlagsChanged(mailbox.address(), "INBOX", inbox.uidValidity(), 3,
                        new FlagState(true, true, modseq)),
                new MessageFlagsChanged(mailbox.address(), "INBOX", inbox.uidValidity(), 3,
                        new FlagState(true, false, unflag.changed().get(0).modseq())));
        assertThat(events).allSatisfy(e -> assertThat(e.domain()).isEqualTo(mailbox.domain()));
        assertThat(db.number("SELECT modseq FROM message WHERE account_id = ? AND uid = 3", mailbox.accountId()))
                .isEqualTo(unflag.changed().get(0).modseq());
    }

    @Test
    void theEventIsWrittenInTheTransactionOfTheChange() throws Exception {
        Mailbox mailbox = account("tx", domain());
        append(mailbox, 2, Set.of());
        ImapMessages.Opened inbox = messages.open(mailbox, "INBOX");
        // The outbox refuses this account's flag events: the flag change must roll back with them.
        String trigger = "refuse_" + mailbox.accountId().toString().replace("-", "");
        db.update("CREATE FUNCTION " + trigger + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                + " RAISE EXCEPTION 'outbox refused'; END $$");
        db.update("CREATE TRIGGER " + trigger + " BEFORE INSERT ON outbox FOR EACH ROW WHEN (NEW.event_key = '"
                + mailbox.accountId() + "' AND NEW.event_type = 'message.flags-changed') EXECUTE FUNCTION "
                + trigger + "()");
        try {
            // a keyword writes no event, so nothing refuses it
            messages.store(mailbox, inbox.folderId(), new long[] {1, 2}, FlagMode.ADD, Set.of("$Work"), -1);
            assertThatThrownBy(() -> messages.store(mailbox, inbox.folderId(), new long[] {1, 2}, FlagMode.ADD,
                    Set.of("\\Flagged"), -1)).hasStackTraceContaining("outbox refused");
        } finally {
            db.update("DROP TRIGGER " + trigger + " ON outbox");
            db.update("DROP FUNCTION " + trigger + "()");
        }
        assertThat(db.rows("SELECT flags::text AS flags FROM message WHERE account_id = ? ORDER BY uid",
                mailbox.accountId())).extracting(r -> r.get("flags")).containsExactly("{$Work}", "{$Work}");

        messages.store(mailbox, inbox.folderId(), new long[] {1, 2}, FlagMode.ADD, Set.of("\\Flagged"), -1);
        assertThat(flagEvents(mailbox, 2)).extracting(e -> ((MessageFlagsChanged) e.data()).uid())
                .containsExactly(1L, 2L);
    }

    @Test
    void aLargeStoreIsOneEventPerMessageInUidOrder() throws Exception {
        Mailbox mailbox = account("many", domain());
        append(mailbox, 60, Set.of());
        ImapMessages.Opened inbox = messages.open(mailbox, "INBOX");

        // as FETCH BODY[] of 1:* marks them seen
        messages.store(mailbox, inbox.folderId(), LongStream.rangeClosed(1, 60).toArray(), FlagMode.ADD,
                Set.of("\\Seen"), -1);

        assertThat(flagEvents(mailbox, 60)).extracting(e -> ((MessageFlagsChanged) e.data()).uid())
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 60).boxed().toList());
    }

    @Test
    void appendedAndCopiedMessagesCarryTheirFlags() throws Exception {
        Mailbox mailbox = account("append", domain());
        append(mailbox, 1, Set.of("\\Flagged", "$Work"));
        ImapMessages.Opened inbox = messages.open(mailbox, "INBOX");
        messages.copy(mailbox, inbox.folderId(), new long[] {1}, "Trash", false);

        List<NewMessage> appended = await().atMost(Duration.ofSeconds(60)).until(() -> MailTopic.read(e -> e.type()
                        == EventType.MESSAGE_APPENDED && e.account().equals(mailbox.accountId().toString()))
                .stream().map(e -> (NewMessage) e.data()).toList(), events -> events.size() >= 2);
        assertThat(appended).extracting(NewMessage::folder).containsExactly("INBOX", "Trash");
        assertThat(appended).extracting(m -> m.flags().seen(), m -> m.flags().flagged())
                .containsOnly(org.assertj.core.groups.Tuple.tuple(false, true));
        assertThat(appended.get(0).flags().modSeq()).isEqualTo(inbox.highestModseq());
    }

    @Test
    void onASharedAccountOnlyTheStoredFlagsAreEventsNotAUsersOwnSeen() throws Exception {
        String domain = domain();
        Mailbox user = account("user", domain);
        Mailbox team = accounts.shared("team@" + domain);
        append(team, 1, Set.of());
        ImapMessages asUser = messages.viewedBy(user);
        ImapMessages.Opened inbox = asUser.open(team, "INBOX");

        asUser.store(team, inbox.folderId(), new long[] {1}, FlagMode.ADD, Set.of("\\Seen"), -1);
        asUser.store(team, inbox.folderId(), new long[] {1}, FlagMode.ADD, Set.of("\\Flagged"), -1);

        List<Event> events = flagEvents(team, 1);
        assertThat(events).extracting(e -> ((MessageFlagsChanged) e.data()).flags().seen(),
                e -> ((MessageFlagsChanged) e.data()).flags().flagged())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(false, true));
    }
}
