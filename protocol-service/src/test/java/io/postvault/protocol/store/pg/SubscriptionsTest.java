package io.postvault.protocol.store.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.postvault.deploy.test.StackTestResource;
import io.postvault.protocol.store.ImapFolders;
import io.postvault.protocol.store.Mailbox;
import io.postvault.protocol.store.MailboxException;
import io.postvault.protocol.support.StoreAccounts;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * Subscriptions are names (V49__imap_subscriptions.sql, RFC 3501 section 6.3.6): a new account is subscribed to the
 * folders it starts with, CREATE subscribes to nothing, a name may be subscribed before its folder exists and stays
 * subscribed when its folder is deleted, and RENAME moves the subscriptions of the folders it renames only.
 */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class SubscriptionsTest {

    @Inject
    ImapFolders folders;
    @Inject
    StoreAccounts accounts;

    @Test
    void aNewAccountIsSubscribedToItsFoldersAndCreateSubscribesToNothing() {
        Mailbox mailbox = accounts.personal("subs@" + StoreAccounts.newDomain("subs"), "subscribe-secret");
        assertThat(folders.subscriptions(mailbox))
                .containsExactly("Archive", "Drafts", "INBOX", "Junk", "Sent", "Trash");

        folders.create(mailbox, "Lists/news", null);

        assertThat(folders.subscriptions(mailbox)).doesNotContain("Lists", "Lists/news");
        assertThat(folders.list(mailbox)).filteredOn(f -> f.name().startsWith("Lists"))
                .allMatch(f -> !f.subscribed());
    }

    @Test
    void aSubscriptionOutlivesItsFolderAndMayComeBeforeIt() {
        Mailbox mailbox = accounts.personal("outlive@" + StoreAccounts.newDomain("subs"), "subscribe-secret");
        folders.create(mailbox, "Old", null);
        folders.subscribe(mailbox, "Old", true);
        folders.subscribe(mailbox, "Future/one", true);
        folders.subscribe(mailbox, "inbox", true);

        folders.delete(mailbox, "Old");

        assertThat(folders.subscriptions(mailbox)).contains("Old", "Future/one", "INBOX").doesNotContain("inbox");
        folders.create(mailbox, "Future/one", null);
        assertThat(folders.list(mailbox)).filteredOn(f -> f.name().equals("Future/one"))
                .singleElement().matches(ImapFolders.Folder::subscribed);
        folders.subscribe(mailbox, "Old", false);
        folders.subscribe(mailbox, "Old", false);
        assertThat(folders.subscriptions(mailbox)).doesNotContain("Old");
        assertThatThrownBy(() -> folders.subscribe(mailbox, "bad//name", true)).isInstanceOf(MailboxException.class);
    }

    @Test
    void renameMovesTheSubscriptionsOfTheFoldersItRenames() {
        Mailbox mailbox = accounts.personal("rename@" + StoreAccounts.newDomain("subs"), "subscribe-secret");
        folders.create(mailbox, "Work/2024", null);
        folders.subscribe(mailbox, "Work", true);
        folders.subscribe(mailbox, "Work/2024", true);
        folders.subscribe(mailbox, "Work/gone", true); // no folder: stays where it is

        folders.rename(mailbox, "Work", "Jobs");

        assertThat(folders.subscriptions(mailbox)).contains("Jobs", "Jobs/2024", "Work/gone")
                .doesNotContain("Work", "Work/2024", "Jobs/gone");
    }
}
