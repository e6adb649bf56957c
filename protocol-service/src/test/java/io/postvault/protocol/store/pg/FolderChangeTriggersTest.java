package io.postvault.protocol.store.pg;

import static org.assertj.core.api.Assertions.assertThat;

import io.postvault.deploy.test.StackTestResource;
import io.postvault.protocol.store.ImapFolders;
import io.postvault.protocol.store.ImapMessages;
import io.postvault.protocol.store.ImapMessages.FlagMode;
import io.postvault.protocol.store.MailDelivery;
import io.postvault.protocol.store.Mailbox;
import io.postvault.protocol.store.SpooledMessage;
import io.postvault.protocol.support.Db;
import io.postvault.protocol.support.StoreAccounts;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * The triggers of V42__flag_store_cost.sql: folder change notifications come from the folder row (its counters and
 * name), a moved row's old UID is recorded as vanished whoever moves it, and the folder's keywords follow updates.
 */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class FolderChangeTriggersTest {

    @Inject
    ImapMessages messages;
    @Inject
    ImapFolders folders;
    @Inject
    MailDelivery delivery;
    @Inject
    StoreAccounts accounts;
    @Inject
    Db db;
    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;
    @ConfigProperty(name = "quarkus.datasource.username")
    String username;
    @ConfigProperty(name = "quarkus.datasource.password")
    String password;

    /** Another replica: its own connection, listening as PgFolderChanges does. */
    private Connection listener() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", username);
        properties.setProperty("password", password);
        Connection c = DriverManager.getConnection(jdbcUrl, properties);
        try (Statement s = c.createStatement()) {
            s.execute("LISTEN postvault_folder");
        }
        return c;
    }

    /**
     * Which of {@code watched} were notified since the last call (other tests' folders are left out; the wait is
     * generous: a notification is sent at the commit, before the store call returns).
     */
    private static Set<Long> notified(Connection listener, Set<Long> watched) throws SQLException {
        Set<Long> ids = new HashSet<>();
        PGNotification[] batch = listener.unwrap(PGConnection.class).getNotifications(2_000);
        while (batch != null && batch.length > 0) {
            for (PGNotification n : batch) {
                long id = Long.parseLong(n.getParameter());
                if (watched.contains(id)) {
                    ids.add(id);
                }
            }
            batch = listener.unwrap(PGConnection.class).getNotifications(200);
        }
        return ids;
    }

    @Test
    void everyChangeToAFoldersMessagesReachesAListenerOnAnotherConnection() throws Exception {
        Mailbox mailbox = accounts.personal("notify@" + StoreAccounts.newDomain("notify"), "notify-secret");
        Path dir = Files.createTempDirectory("notify");
        Path message = Files.writeString(dir.resolve("m"), "Subject: m\r\n\r\nbody\r\n");
        folders.create(mailbox, "Elsewhere", null);
        long inbox = messages.open(mailbox, "INBOX").folderId();
        long elsewhere = messages.open(mailbox, "Elsewhere").folderId();
        Set<Long> watched = Set.of(inbox, elsewhere);
        try (Connection listener = listener()) {
            notified(listener, watched); // whatever the set-up sent

            delivery.deliver(new SpooledMessage(message, Files.size(message)), "s@example.com", List.of(mailbox));
            assertThat(notified(listener, watched)).as("LMTP delivery").contains(inbox);
            messages.append(mailbox, "INBOX", Set.of(), Instant.now(), message);
            assertThat(notified(listener, watched)).as("APPEND").contains(inbox);
            long[] uids = messages.uids(inbox);

            messages.store(mailbox, inbox, new long[] {uids[0]}, FlagMode.ADD, Set.of("\\Seen"), -1);
            assertThat(notified(listener, watched)).as("STORE +FLAGS (\\Seen)").containsExactly(inbox);
            messages.store(mailbox, inbox, new long[] {uids[0]}, FlagMode.ADD, Set.of("$Work"), -1);
            assertThat(notified(listener, watched)).as("STORE +FLAGS ($Work)").containsExactly(inbox);
            messages.store(mailbox, inbox, uids, FlagMode.ADD, Set.of("\\Deleted"), -1);
            assertThat(notified(listener, watched)).as("STORE +FLAGS (\\Deleted)").containsExactly(inbox);
            messages.store(mailbox, inbox, new long[] {uids[1]}, FlagMode.REMOVE, Set.of("\\Deleted"), -1);
            notified(listener, watched);

            messages.copy(mailbox, inbox, new long[] {uids[1]}, "Elsewhere", true);
            assertThat(notified(listener, watched)).as("MOVE: both folders")
                    .containsExactlyInAnyOrder(inbox, elsewhere);
            messages.expunge(mailbox, inbox, null);
            assertThat(notified(listener, watched)).as("EXPUNGE").containsExactly(inbox);
            folders.rename(mailbox, "Elsewhere", "Renamed");
            assertThat(notified(listener, watched)).as("RENAME").containsExactly(elsewhere);

            messages.store(mailbox, elsewhere, messages.uids(elsewhere), FlagMode.ADD, Set.of("\\Seen"), -1);
            notified(listener, watched);
            messages.store(mailbox, elsewhere, messages.uids(elsewhere), FlagMode.ADD, Set.of("\\Seen"), -1);
            assertThat(notified(listener, watched)).as("a STORE that changes nothing: nothing to learn").isEmpty();
        }
    }

    @Test
    void aMoveRecordsItsUidsAsVanishedAtOneNewModseqOfTheSource() throws Exception {
        Mailbox mailbox = accounts.personal("moved@" + StoreAccounts.newDomain("moved"), "moved-secret");
        Path message = Files.writeString(Files.createTempDirectory("moved").resolve("m"), "Subject: m\r\n\r\nx\r\n");
        for (int i = 0; i < 3; i++) {
            messages.append(mailbox, "INBOX", Set.of(), Instant.now(), message);
        }
        ImapMessages.Opened before = messages.open(mailbox, "INBOX");

        messages.copy(mailbox, before.folderId(), new long[] {1, 3}, "Trash", true);

        ImapMessages.Opened after = messages.open(mailbox, "INBOX");
        assertThat(after.uids()).containsExactly(2);
        assertThat(after.highestModseq()).isEqualTo(before.highestModseq() + 1);
        assertThat(messages.vanished(before.folderId(), before.highestModseq())).containsExactly(1, 3);
        assertThat(db.rows("SELECT uid, modseq FROM vanished_message WHERE folder_id = ? ORDER BY uid",
                before.folderId())).extracting(row -> row.get("modseq"))
                .containsOnly(after.highestModseq());
    }

    @Test
    void aRowMovedByAnyOtherWriterIsStillRecordedAsVanished() throws Exception {
        Mailbox mailbox = accounts.personal("rowmove@" + StoreAccounts.newDomain("rowmove"), "rowmove-secret");
        Path message = Files.writeString(Files.createTempDirectory("rowmove").resolve("m"), "Subject: m\r\n\r\nx\r\n");
        messages.append(mailbox, "INBOX", Set.of(), Instant.now(), message);
        messages.append(mailbox, "INBOX", Set.of(), Instant.now(), message);
        ImapMessages.Opened before = messages.open(mailbox, "INBOX");
        long junk = messages.open(mailbox, "Junk").folderId();

        // a writer that moves rows without recording them (as a migration or a future code path might)
        db.update("UPDATE message SET folder_id = ?, uid = uid + 100 WHERE folder_id = ?", junk, before.folderId());

        long highest = db.number("SELECT highest_modseq FROM folder WHERE id = ?", before.folderId());
        assertThat(highest).as("a new MODSEQ per row moved").isEqualTo(before.highestModseq() + 2);
        assertThat(messages.vanished(before.folderId(), before.highestModseq())).containsExactly(1, 2);
    }

    @Test
    void aFoldersKeywordsFollowStoresAndMovesButNotSystemFlags() throws Exception {
        Mailbox mailbox = accounts.personal("kwup@" + StoreAccounts.newDomain("kwup"), "kwup-secret");
        Path message = Files.writeString(Files.createTempDirectory("kwup").resolve("m"), "Subject: m\r\n\r\nx\r\n");
        messages.append(mailbox, "INBOX", Set.of(), Instant.now(), message);
        messages.append(mailbox, "INBOX", Set.of(), Instant.now(), message);
        long inbox = messages.open(mailbox, "INBOX").folderId();

        messages.store(mailbox, inbox, new long[] {1, 2}, FlagMode.ADD,
                Set.of("\\Seen", "\\Flagged", "\\Answered", "\\Draft", "\\Deleted"), -1);
        assertThat(messages.open(mailbox, "INBOX").keywords()).isEmpty();
        messages.store(mailbox, inbox, new long[] {1}, FlagMode.REPLACE, Set.of("\\Seen", "$Label1"), -1);
        messages.store(mailbox, inbox, new long[] {2}, FlagMode.ADD, Set.of("Work"), -1);
        assertThat(messages.open(mailbox, "INBOX").keywords()).containsExactlyInAnyOrder("$Label1", "Work");

        messages.store(mailbox, inbox, new long[] {2}, FlagMode.REMOVE, Set.of("\\Seen"), -1);
        messages.copy(mailbox, inbox, new long[] {2}, "Archive", true);
        assertThat(messages.open(mailbox, "Archive").keywords()).as("the moved message's keyword")
                .containsExactly("Work");
    }
}
