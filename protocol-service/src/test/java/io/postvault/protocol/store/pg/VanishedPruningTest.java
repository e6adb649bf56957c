package io.postvault.protocol.store.pg;

import static org.assertj.core.api.Assertions.assertThat;

import io.postvault.deploy.test.StackTestResource;
import io.postvault.protocol.imap.ImapServer;
import io.postvault.protocol.store.ImapMessages;
import io.postvault.protocol.store.Mailbox;
import io.postvault.protocol.support.Db;
import io.postvault.protocol.support.StoreAccounts;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.mail.Folder;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.event.MailEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.MessageVanishedEvent;
import org.eclipse.angus.mail.imap.ResyncData;
import org.junit.jupiter.api.Test;

/**
 * The record of expunged UIDs stays bounded (by age and by count per folder, whole MODSEQs at once), and a QRESYNC
 * client whose MODSEQ is older than what is left still hears of every removal (RFC 7162 section 3.2.5.2), in SELECT and
 * in UID FETCH (CHANGEDSINCE .. VANISHED), through Angus Mail.
 */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class VanishedPruningTest {

    private static final String PASSWORD = "prune-secret";

    @Inject
    VanishedPruning pruning;
    @Inject
    ImapMessages messages;
    @Inject
    ImapServer imap;
    @Inject
    StoreAccounts accounts;
    @Inject
    Db db;

    @Test
    void oldRemovalsAreForgottenAndQresyncStillHearsOfEveryOne() throws Exception {
        Mailbox mailbox = newAccount();
        String address = mailbox.address();
        long folderId = fill(mailbox, 6);
        long before = highestModseq(folderId);
        long afterFirst = expunge(mailbox, folderId, 1, 2, 3);
        expunge(mailbox, folderId, 5);
        db.update("UPDATE vanished_message SET removed_at = now() - interval '40 days' WHERE folder_id = ? AND uid <= 3",
                folderId);

        assertThat(pruning.prune(Duration.ofDays(30), 0)).isEqualTo(3);
        assertThat(pruning.prune(Duration.ofDays(30), 0)).as("nothing left to prune").isZero();
        assertThat(db.number("SELECT count(*) FROM vanished_message WHERE folder_id = ?", folderId)).isEqualTo(1);
        assertThat(messages.vanished(folderId, before)).as("pruned past that MODSEQ: unknown").isNull();
        assertThat(messages.vanished(folderId, afterFirst)).containsExactly(5);

        Store store = Session.getInstance(angusProperties()).getStore("imap");
        store.connect(address, PASSWORD);
        try {
            long uidValidity = messages.open(mailbox, "INBOX").uidValidity();
            assertThat(resync(store, uidValidity, before)).as("fallback: every UID not there").containsExactly(1L, 2L,
                    3L, 5L);
            assertThat(resync(store, uidValidity, afterFirst)).as("exact").containsExactly(5L);

            IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            Object answer = inbox.doCommand(p -> p.command("UID FETCH 1:* (FLAGS) (CHANGEDSINCE " + before
                    + " VANISHED)", null));
            assertThat(Arrays.stream((Response[]) answer).map(Response::toString))
                    .contains("* VANISHED (EARLIER) 1:3,5");
            inbox.close(false);
        } finally {
            store.close();
        }
    }

    @Test
    void atMostMaxPerFolderRemovalsAreKeptWholeModseqsAtATime() throws Exception {
        Mailbox mailbox = newAccount();
        long folderId = fill(mailbox, 6);
        long first = expunge(mailbox, folderId, 1, 2);
        long second = expunge(mailbox, folderId, 3);
        expunge(mailbox, folderId, 4);

        // the two newest removals stay; the third newest shares its MODSEQ with another: both go (other tests' folders
        // may be pruned by count too, hence "at least")
        assertThat(pruning.prune(Duration.ofDays(30), 2)).isGreaterThanOrEqualTo(2);
        assertThat(db.number("SELECT vanished_pruned_modseq FROM folder WHERE id = ?", folderId)).isEqualTo(first);
        assertThat(messages.vanished(folderId, first)).containsExactly(3, 4);
        assertThat(messages.vanished(folderId, first - 1)).isNull();
        assertThat(pruning.prune(Duration.ofDays(30), 1)).isGreaterThanOrEqualTo(1);
        assertThat(messages.vanished(folderId, second)).containsExactly(4);
        assertThat(messages.vanished(folderId, first)).isNull();
    }

    @Test
    void aSelectedSessionHearsOfRemovalsWhoseRecordWasPrunedSinceItLastLooked() throws Exception {
        Mailbox mailbox = newAccount();
        String address = mailbox.address();
        long folderId = fill(mailbox, 6);
        long before = highestModseq(folderId);
        Store store = Session.getInstance(angusProperties()).getStore("imap");
        store.connect(address, PASSWORD);
        try {
            IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            expunge(mailbox, folderId, 2, 3);
            fill(mailbox, 1);
            ImapMessages.Changes changes = messages.changes(folderId, before, 7);
            assertThat(changes.vanished()).containsExactly(2, 3);
            assertThat(changes.added()).containsExactly(7);
            assertThat(changes.changed()).as("the new message; the flagged ones are gone")
                    .extracting(ImapMessages.Flags::uid).containsExactly(7L);
            assertThat(changes.uidNext()).isEqualTo(8);
            db.update("UPDATE vanished_message SET removed_at = now() - interval '40 days' WHERE folder_id = ?",
                    folderId);
            assertThat(pruning.prune(Duration.ofDays(30), 0)).isGreaterThanOrEqualTo(2);
            assertThat(messages.changes(folderId, before, 7).vanished()).as("pruned: unknown").isNull();

            // the session's report falls back to comparing its view with the folder's UIDs
            Object answer = inbox.doCommand(p -> p.command("NOOP", null));
            assertThat(Arrays.stream((Response[]) answer).map(Response::toString))
                    .containsSubsequence("* 2 EXPUNGE", "* 2 EXPUNGE", "* 5 EXISTS");
            inbox.close(false);
        } finally {
            store.close();
        }
    }

    /** The UIDs Angus Mail reports vanished when it opens INBOX with QRESYNC from {@code modseq}. */
    private static List<Long> resync(Store store, long uidValidity, long modseq) throws Exception {
        IMAPFolder folder = (IMAPFolder) store.getFolder("INBOX");
        List<Long> vanished = new ArrayList<>();
        for (MailEvent event : folder.open(Folder.READ_WRITE, new ResyncData(uidValidity, modseq))) {
            if (event instanceof MessageVanishedEvent v) {
                Arrays.stream(v.getUIDs()).forEach(vanished::add);
            }
        }
        folder.close(false);
        return vanished;
    }

    private Mailbox newAccount() {
        return accounts.personal("prune@" + StoreAccounts.newDomain("prune"), PASSWORD);
    }

    /** Appends {@code count} messages to INBOX (UIDs 1 to count); returns the folder id. */
    private long fill(Mailbox mailbox, int count) throws Exception {
        Path dir = Files.createTempDirectory("prune");
        for (int i = 1; i <= count; i++) {
            Path file = Files.writeString(dir.resolve("m" + i), "Subject: m" + i + "\r\n\r\nbody " + i + "\r\n",
                    StandardCharsets.UTF_8);
            messages.append(mailbox, "INBOX", Set.of(), Instant.now(), file);
        }
        return messages.open(mailbox, "INBOX").folderId();
    }

    /** Expunges the UIDs in one statement (one MODSEQ); returns the folder's HIGHESTMODSEQ after it. */
    private long expunge(Mailbox mailbox, long folderId, long... uids) {
        messages.store(mailbox, folderId, uids, ImapMessages.FlagMode.ADD, Set.of("\\Deleted"), -1);
        assertThat(messages.expunge(mailbox, folderId, uids)).containsExactly(uids);
        return highestModseq(folderId);
    }

    private long highestModseq(long folderId) {
        return db.number("SELECT highest_modseq FROM folder WHERE id = ?", folderId);
    }

    private Properties angusProperties() {
        Properties p = new Properties();
        p.put("mail.imap.host", "localhost");
        p.put("mail.imap.port", String.valueOf(imap.port()));
        p.put("mail.imap.timeout", "20000");
        p.put("mail.imap.connectiontimeout", "10000");
        return p;
    }
}
