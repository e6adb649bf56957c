package io.postvault.protocol.store.pg;

import static org.assertj.core.api.Assertions.assertThat;

import io.postvault.deploy.test.StackTestResource;
import io.postvault.protocol.store.ImapFolders;
import io.postvault.protocol.store.ImapMessages;
import io.postvault.protocol.store.ImapMessages.Changes;
import io.postvault.protocol.store.ImapMessages.FlagMode;
import io.postvault.protocol.store.ImapMessages.Flags;
import io.postvault.protocol.store.Mailbox;
import io.postvault.protocol.support.StoreAccounts;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The change report a selected session reads after its commands ({@link ImapMessages#changes}, one statement): new
 * UIDs from the session's UIDNEXT, flag changes above its MODSEQ with their exact flags (none, several, keywords), in
 * UID order, removals above its MODSEQ, nothing when nothing moved, and null once the folder is gone.
 * (VanishedPruningTest covers a record of removals pruned past the session's MODSEQ.)
 */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class ChangeReportTest {

    @Inject
    ImapMessages messages;
    @Inject
    ImapFolders folders;
    @Inject
    StoreAccounts accounts;

    @Test
    void reportsWhatMovedSinceTheSessionsCountersAndNothingElse() throws Exception {
        Mailbox mailbox = accounts.personal("report@" + StoreAccounts.newDomain("report"), "report-secret");
        append(mailbox, "INBOX", 3);
        ImapMessages.Opened opened = messages.open(mailbox, "INBOX");
        long folderId = opened.folderId();
        long modseq = opened.highestModseq();

        Changes quiet = messages.changes(folderId, modseq, 4);
        assertThat(quiet.uidNext()).isEqualTo(4);
        assertThat(quiet.highestModseq()).isEqualTo(modseq);
        assertThat(quiet.recentUid()).isEqualTo(opened.recentUid());
        assertThat(quiet.added()).isEmpty();
        assertThat(quiet.changed()).isEmpty();
        assertThat(quiet.vanished()).as("known, and empty").isEmpty();

        messages.store(mailbox, folderId, new long[] {3}, FlagMode.REPLACE, Set.of("\\Seen", "$Label1", "\\Flagged"),
                -1);
        messages.store(mailbox, folderId, new long[] {1}, FlagMode.ADD, Set.of("\\Answered"), -1);
        messages.store(mailbox, folderId, new long[] {1}, FlagMode.REMOVE, Set.of("\\Answered"), -1);
        Changes flagged = messages.changes(folderId, modseq, 4);
        assertThat(flagged.highestModseq()).isEqualTo(modseq + 3);
        assertThat(flagged.changed()).as("in UID order, each with its MODSEQ and exact flags").containsExactly(
                new Flags(1, modseq + 3, Set.of()),
                new Flags(3, modseq + 1, Set.of("$Label1", "\\Flagged", "\\Seen")));
        assertThat(flagged.added()).isEmpty();
        assertThat(messages.changes(folderId, modseq + 1, 4).changed()).extracting(Flags::uid).containsExactly(1L);
        assertThat(messages.changes(folderId, modseq + 3, 4).changed()).as("the session saw them all").isEmpty();

        append(mailbox, "INBOX", 2);
        Changes added = messages.changes(folderId, modseq + 3, 4);
        assertThat(added.uidNext()).isEqualTo(6);
        assertThat(added.added()).containsExactly(4, 5);
        assertThat(messages.changes(folderId, added.highestModseq(), 5).added()).containsExactly(5);
        assertThat(messages.changes(folderId, added.highestModseq(), 6).added()).isEmpty();

        messages.store(mailbox, folderId, new long[] {2, 4}, FlagMode.ADD, Set.of("\\Deleted"), -1);
        long beforeExpunge = messages.changes(folderId, 0, 6).highestModseq();
        messages.expunge(mailbox, folderId, new long[] {2, 4});
        Changes expunged = messages.changes(folderId, added.highestModseq(), 6);
        assertThat(expunged.vanished()).containsExactly(2, 4);
        assertThat(expunged.changed()).extracting(Flags::uid).as("the \\Deleted ones are gone").isEmpty();
        assertThat(messages.changes(folderId, beforeExpunge, 6).vanished()).containsExactly(2, 4);
        assertThat(messages.changes(folderId, expunged.highestModseq(), 6).vanished()).isEmpty();
    }

    @Test
    void aDeletedFolderHasNoReport() throws Exception {
        Mailbox mailbox = accounts.personal("gone@" + StoreAccounts.newDomain("report"), "report-secret");
        folders.create(mailbox, "Projects", null);
        append(mailbox, "Projects", 1);
        long folderId = messages.open(mailbox, "Projects").folderId();
        assertThat(messages.changes(folderId, 0, 1).added()).containsExactly(1);
        folders.delete(mailbox, "Projects");
        assertThat(messages.changes(folderId, 0, 1)).isNull();
    }

    private void append(Mailbox mailbox, String folder, int count) throws Exception {
        Path dir = Files.createTempDirectory("report");
        for (int i = 1; i <= count; i++) {
            Path file = Files.writeString(dir.resolve("m" + i), "Subject: m" + i + "\r\n\r\nbody " + i + "\r\n",
                    StandardCharsets.UTF_8);
            messages.append(mailbox, folder, Set.of(), Instant.now(), file);
        }
    }
}
