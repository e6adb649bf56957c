package io.postvault.protocol.imap.handler;

import io.postvault.protocol.account.Rights;
import io.postvault.protocol.imap.codec.ImapReader;
import io.postvault.protocol.imap.command.ListCommand;
import io.postvault.protocol.imap.command.ListCommand.Return;
import io.postvault.protocol.imap.command.ListCommand.Select;
import io.postvault.protocol.imap.handler.MailboxListing.Entry;
import io.postvault.protocol.imap.response.ImapStrings;
import io.postvault.protocol.imap.response.UntaggedResponses;
import io.postvault.protocol.store.ImapFolders;
import io.postvault.protocol.store.SharedMailboxes;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * LIST and LSUB (RFC 3501 sections 6.3.8-9) with LIST-EXTENDED (RFC 5258: selection SUBSCRIBED, SPECIAL-USE,
 * RECURSIVEMATCH; several patterns), CHILDREN (RFC 3348: always), SPECIAL-USE attributes (RFC 6154: always on LIST),
 * LIST-STATUS (RFC 5819: a {@code * STATUS} after each selectable folder listed) and LIST-MYRIGHTS (RFC 8440: a
 * {@code * MYRIGHTS} after each). The shared namespace lists the folders of every shared account on which the user
 * holds the {@code l} right, under the \Noselect levels "Shared" and "Shared/address". What is listed, and how:
 * {@link MailboxListing}.
 */
public final class ListHandler implements CommandHandler {

    @Override
    public Future<String> handle(ImapContext ctx, String tag, String name, boolean uid, ImapReader in) {
        ListCommand command = ListCommand.parse(in, name.equals("LSUB"));
        if (command.patterns().size() == 1 && command.patterns().get(0).isEmpty() && !command.lsub()) {
            ctx.write("* LIST (\\Noselect) \"/\" \"\"");
            return CommandHandler.ok("LIST completed");
        }
        List<Pattern> patterns = MailboxListing.patterns(command);
        boolean withStatus = command.returns().contains(Return.STATUS);
        boolean withRights = command.returns().contains(Return.MYRIGHTS);
        return ctx.blocking(() -> {
            boolean subscriptions = command.lsub() || command.selection().contains(Select.SUBSCRIBED);
            List<Entry> all = entries(ctx, subscriptions);
            List<String> lines = new ArrayList<>();
            for (Entry e : all) {
                String line = MailboxListing.line(command, all, e, patterns, ctx.enabled().imap4rev2());
                if (line == null) {
                    continue;
                }
                lines.add(line);
                Target t = e.target();
                if (withStatus && t != null && t.may('r')) {
                    ctx.folders().status(t.owner(), t.folder(), ctx.account()).ifPresent(s ->
                            lines.add(StatusHandler.response(ctx, e.name(), command.statusItems(), s)));
                }
                if (withRights && t != null) {
                    lines.add(myRights(e.name(), t.rights(), ctx.enabled().imap4rev2()));
                }
            }
            return lines;
        }).map(lines -> {
            lines.forEach(ctx::write);
            return "OK " + name + " completed";
        });
    }

    /**
     * The LIST response an IMAP4rev2 SELECT or EXAMINE gives for the mailbox it opened (RFC 9051 section 6.3.2), with
     * the attributes LIST gives it; blocking.
     */
    static String selectedMailbox(ImapContext ctx, String name) {
        ListCommand plain = new ListCommand(false, EnumSet.noneOf(Select.class), "", List.of(name),
                EnumSet.noneOf(Return.class), List.of());
        List<Pattern> exactly = List.of(Pattern.compile(Pattern.quote(name)));
        List<Entry> all = entries(ctx, false);
        return all.stream().filter(e -> e.name().equals(name)).map(e -> MailboxListing.line(plain, all, e, exactly, true))
                .filter(Objects::nonNull).findFirst()
                .orElseGet(() -> UntaggedResponses.list("LIST", List.of(), name, false, true));
    }

    /** {@code * MYRIGHTS name rights} (RFC 4314 section 3.5). */
    static String myRights(String name, Rights rights, boolean utf8) {
        StringBuilder out = new StringBuilder("* MYRIGHTS ");
        ImapStrings.mailbox(out, name, utf8);
        out.append(' ');
        ImapStrings.astring(out, rights.letters());
        return out.toString();
    }

    /**
     * The user's folders, then the shared namespace's levels and folders. With {@code subscriptions} also the user's
     * subscribed names that have no folder (RFC 3501 section 6.3.6: a subscription outlives its mailbox) and the
     * levels above them, in name order among the folders.
     */
    private static List<Entry> entries(ImapContext ctx, boolean subscriptions) {
        List<Entry> all = new ArrayList<>();
        Rights owner = new Rights(Rights.ALL);
        for (ImapFolders.Folder f : ctx.folders().list(ctx.account())) {
            all.add(new Entry(f, new Target(ctx.account(), f.name(), owner), true));
        }
        if (subscriptions) {
            MailboxListing.addMissingSubscriptions(all, ctx.folders().subscriptions(ctx.account()));
        }
        List<SharedMailboxes.Reach> visible = ctx.shared().reachable(ctx.account()).stream()
                .filter(r -> r.rights().has('l')).toList();
        if (visible.isEmpty()) {
            return all;
        }
        Set<Long> subscribed = ctx.shared().subscriptions(ctx.account());
        all.add(new Entry(new ImapFolders.Folder(-1, Namespaces.SHARED, null, false), null, true));
        for (SharedMailboxes.Reach reach : visible) {
            String level = Namespaces.PREFIX + reach.shared().address();
            all.add(new Entry(new ImapFolders.Folder(-1, level, null, false), null, true));
            for (ImapFolders.Folder f : ctx.folders().list(reach.shared())) {
                all.add(new Entry(new ImapFolders.Folder(f.id(), Namespaces.name(reach, f.name()), f.specialUse(),
                        subscribed.contains(f.id())), new Target(reach.shared(), f.name(), reach.rights()), true));
            }
        }
        return all;
    }
}
