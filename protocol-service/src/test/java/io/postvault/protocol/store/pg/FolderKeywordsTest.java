package io.postvault.protocol.store.pg;

import static org.assertj.core.api.Assertions.assertThat;

import io.postvault.deploy.test.StackTestResource;
import io.postvault.protocol.store.ImapFolders;
import io.postvault.protocol.store.ImapMessages;
import io.postvault.protocol.store.MailDelivery;
import io.postvault.protocol.store.Mailbox;
import io.postvault.protocol.store.SpooledMessage;
import io.postvault.protocol.support.StoreAccounts;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A folder's keywords (the FLAGS and PERMANENTFLAGS of SELECT) grow with every message that arrives with a keyword, by
 * APPEND or COPY; system flags are not keywords, and a delivered message (no flags) leaves them as they are.
 */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class FolderKeywordsTest {

    @Inject
    ImapMessages messages;
    @Inject
    ImapFolders folders;
    @Inject
    MailDelivery delivery;
    @Inject
    StoreAccounts accounts;

    @Test
    void keywordsOfAppendedAndCopiedMessagesAreTheFoldersAndDeliveriesAddNone() throws Exception {
        Mailbox mailbox = accounts.personal("kw@" + StoreAccounts.newDomain("kw"), "keyword-secret");
        Path dir = Files.createTempDirectory("keywords");
        Path one = Files.writeString(dir.resolve("one"), "Subject: one\r\n\r\nx\r\n");
        Path two = Files.writeString(dir.resolve("two"), "Subject: two\r\n\r\ny\r\n");

        messages.append(mailbox, "INBOX", Set.of("\\Seen", "$Label2"), Instant.now(), one);
        assertThat(messages.open(mailbox, "INBOX").keywords()).containsExactly("$Label2");
        messages.append(mailbox, "INBOX", Set.of(), Instant.now(), two);
        messages.append(mailbox, "INBOX", Set.of("\\Flagged"), Instant.now(), two);
        assertThat(delivery.deliver(new SpooledMessage(one, Files.size(one)), "s@example.com", List.of(mailbox)))
                .hasSize(1);
        assertThat(messages.open(mailbox, "INBOX").keywords()).as("no keyword among them").containsExactly("$Label2");
        messages.append(mailbox, "INBOX", Set.of("$Label1", "$Label2"), Instant.now(), two);
        ImapMessages.Opened inbox = messages.open(mailbox, "INBOX");
        assertThat(inbox.keywords()).containsExactlyInAnyOrder("$Label1", "$Label2");

        folders.create(mailbox, "Kept", null);
        assertThat(messages.open(mailbox, "Kept").keywords()).isEmpty();
        messages.copy(mailbox, inbox.folderId(), inbox.uids(), "Kept", false);
        assertThat(messages.open(mailbox, "Kept").keywords()).as("several rows in one insert")
                .containsExactlyInAnyOrder("$Label1", "$Label2");
    }
}
