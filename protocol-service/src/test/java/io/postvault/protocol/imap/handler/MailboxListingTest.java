package io.postvault.protocol.imap.handler;

import static org.assertj.core.api.Assertions.assertThat;

import io.postvault.events.data.AccountKind;
import io.postvault.protocol.account.Rights;
import io.postvault.protocol.imap.command.ListCommand;
import io.postvault.protocol.imap.command.ListCommand.Return;
import io.postvault.protocol.imap.command.ListCommand.Select;
import io.postvault.protocol.imap.handler.MailboxListing.Entry;
import io.postvault.protocol.store.ImapFolders;
import io.postvault.protocol.store.Mailbox;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/**
 * What LIST and LSUB answer over a fixed set of names, exact bytes: LSUB's \Noselect levels (RFC 3501 section 6.3.9),
 * CHILDINFO only for subscribed descendants the patterns do not list (RFC 5258 section 3.5), subscriptions without a
 * folder as \NonExistent (RFC 5258 section 3.4), and plain LIST never showing them.
 */
class MailboxListingTest {

    private static final Mailbox ALICE = new Mailbox(UUID.randomUUID(), "alice@example.com", "example.com",
            AccountKind.PERSONAL);

    /** Folders Box, Box/a, Box/a/x (subscribed), Box/b (subscribed); subscriptions Box/gone and Far/away/here. */
    private static List<Entry> entries() {
        List<Entry> all = new ArrayList<>();
        for (String[] f : new String[][] {{"Box", "n"}, {"Box/a", "n"}, {"Box/a/x", "y"}, {"Box/b", "y"}}) {
            all.add(new Entry(new ImapFolders.Folder(1, f[0], null, f[1].equals("y")),
                    new Target(ALICE, f[0], new Rights(Rights.ALL)), true));
        }
        MailboxListing.addMissingSubscriptions(all, List.of("Box/a/x", "Box/b", "Box/gone", "Far/away/here"));
        return all;
    }

    private static List<String> answer(boolean lsub, Set<Select> selection, Set<Return> returns, String... patterns) {
        ListCommand command = new ListCommand(lsub, selection, "", List.of(patterns), returns, List.of());
        List<Pattern> compiled = MailboxListing.patterns(command);
        List<Entry> all = entries();
        return all.stream().map(e -> MailboxListing.line(command, all, e, compiled, false)).filter(Objects::nonNull)
                .toList();
    }

    @Test
    void missingSubscriptionsAndTheirLevelsJoinTheFoldersInNameOrder() {
        assertThat(entries()).extracting(Entry::name, Entry::exists).containsExactly(
                Tuple.tuple("Box", true), Tuple.tuple("Box/a", true),
                Tuple.tuple("Box/a/x", true), Tuple.tuple("Box/b", true),
                Tuple.tuple("Box/gone", false), Tuple.tuple("Far", false),
                Tuple.tuple("Far/away", false),
                Tuple.tuple("Far/away/here", false));
    }

    @Test
    void lsubWithPercentListsUnsubscribedLevelsAboveSubscriptionsAsNoselect() {
        assertThat(answer(true, Set.of(), Set.of(), "Box/%")).containsExactly(
                "* LSUB (\\Noselect \\HasChildren) \"/\" Box/a",
                "* LSUB (\\HasNoChildren) \"/\" Box/b",
                "* LSUB (\\Noselect \\HasNoChildren) \"/\" Box/gone");
        assertThat(answer(true, Set.of(), Set.of(), "%")).containsExactly(
                "* LSUB (\\Noselect \\HasChildren) \"/\" Box",
                "* LSUB (\\Noselect \\HasNoChildren) \"/\" Far");
        assertThat(answer(true, Set.of(), Set.of(), "*")).as("every subscription is matched: no levels").containsExactly(
                "* LSUB (\\HasNoChildren) \"/\" Box/a/x",
                "* LSUB (\\HasNoChildren) \"/\" Box/b",
                "* LSUB (\\Noselect \\HasNoChildren) \"/\" Box/gone",
                "* LSUB (\\Noselect \\HasNoChildren) \"/\" Far/away/here");
    }

    @Test
    void childInfoOnlyForSubscribedDescendantsThePatternsDoNotList() {
        Set<Select> recursive = EnumSet.of(Select.SUBSCRIBED, Select.RECURSIVEMATCH);
        assertThat(answer(false, recursive, Set.of(), "Box/%")).containsExactly(
                "* LIST (\\HasChildren) \"/\" Box/a (\"CHILDINFO\" (\"SUBSCRIBED\"))",
                "* LIST (\\HasNoChildren \\Subscribed) \"/\" Box/b",
                "* LIST (\\NonExistent \\Subscribed) \"/\" Box/gone");
        assertThat(answer(false, recursive, Set.of(), "Box/a", "Box/a/x")).containsExactly(
                "* LIST (\\HasNoChildren \\Subscribed) \"/\" Box/a/x");
        assertThat(answer(false, recursive, Set.of(), "*/x")).containsExactly(
                "* LIST (\\HasNoChildren \\Subscribed) \"/\" Box/a/x");
        assertThat(answer(false, recursive, Set.of(), "Far/%")).containsExactly(
                "* LIST (\\NonExistent) \"/\" Far/away (\"CHILDINFO\" (\"SUBSCRIBED\"))");
        assertThat(answer(false, EnumSet.of(Select.SUBSCRIBED), Set.of(), "Far/%")).isEmpty();
    }

    @Test
    void plainListShowsOnlyFoldersAndReturnSubscribedMarksThem() {
        assertThat(answer(false, Set.of(), EnumSet.of(Return.SUBSCRIBED), "*")).containsExactly(
                "* LIST (\\HasChildren) \"/\" Box",
                "* LIST (\\HasChildren) \"/\" Box/a",
                "* LIST (\\HasNoChildren \\Subscribed) \"/\" Box/a/x",
                "* LIST (\\HasNoChildren \\Subscribed) \"/\" Box/b");
    }

    @Test
    void theReferenceIsPrefixedWithOneDelimiter() {
        ListCommand command = new ListCommand(false, Set.of(), "Box", List.of("%", "/abs"), Set.of(), List.of());
        assertThat(MailboxListing.patterns(command)).extracting(p -> p.matcher("Box/a").matches(),
                p -> p.matcher("Box/abs").matches(), p -> p.matcher("Box/a/x").matches())
                .containsExactly(Tuple.tuple(true, true, false),
                        Tuple.tuple(false, true, false));
    }
}
