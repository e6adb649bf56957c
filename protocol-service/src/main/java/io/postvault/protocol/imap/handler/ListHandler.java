package io.postvault.protocol.imap.handler;

import io.postvault.protocol.account.Rights;
import io.postvault.protocol.imap.codec.ImapReader;
import io.postvault.protocol.imap.command.ListCommand;
import io.postvault.protocol.imap.command.ListCommand.Return;
import io.postvault.protocol.imap.command.ListCommand.Select;
import io.postvault.protocol.imap.command.ListPattern;
import io.postvault.protocol.imap.response.ImapStrings;
import io.postvault.protocol.imap.response.UntaggedResponses;
import io.postvault.protocol.store.ImapFolders;
import io.postvault.protocol.store.SharedMailboxes;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * LIST and LSUB (RFC 3501 sections 6.3.8-9) with LIST-EXTENDED (RFC 5258: selection SUBSCRIBED, SPECIAL-USE,
 * RECURSIVEMATCH; several patterns), CHILDREN (RFC 3348: always), SPECIAL-USE attributes (RFC 6154: always on LIST),
 * LIST-STATUS (RFC 5819: a {@code * STATUS} after each selectable folder listed) and LIST-MYRIGHTS (RFC 8440: a
 * {@code * MYRIGHTS} after each). The shared namespace lists the folders of every shared account on which the user
 * holds the {@code l} right, under the \Noselect levels "Shared" and "Shared/address".
 */
public final class ListHandler implements CommandHandler {

    /**
     * A listed name: a folder (its target), a \Noselect level of the shared namespace (target null), or, for the
     * commands about subscriptions, a subscribed name without a folder or a level above one ({@code exists} false).
     */
    private record Entry(ImapFolders.Folder folder, Target target, boolean exists) {
        String name() {
            return folder.name();
        }
    }

    @Override
    public Future<String> handle(ImapContext ctx, String tag, String name, boolean uid, ImapReader in) {
        ListCommand command = ListCommand.parse(in, name.equals("LSUB"));
        if (command.patterns().size() == 1 && command.patterns().get(0).isEmpty() && !command.lsub()) {
            ctx.write("* LIST (\\Noselect) \"/\" \"\"");
            return CommandHandler.ok("LIST completed");
        }
        List<Pattern> patterns = new ArrayList<>();
        for (String pattern : command.patterns()) {
            String reference = command.reference();
            String full = reference.isEmpty() || reference.endsWith("/") || pattern.startsWith("/")
                    ? reference + pattern : reference + "/" + pattern;
            patterns.add(ListPattern.compile(full));
        }
        boolean withStatus = command.returns().contains(Return.STATUS);
        boolean withRights = command.returns().contains(Return.MYRIGHTS);
        return ctx.blocking(() -> {
            List<Entry> all = entries(ctx, command.lsub() || command.selection().contains(Select.SUBSCRIBED));
            List<String> lines = new ArrayList<>();
            for (Entry e : all) {
                String line = line(command, all, e, patterns, ctx.enabled().imap4rev2());
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
        return all.stream().filter(e -> e.name().equals(name)).map(e -> line(plain, all, e, exactly, true))
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
            addMissingSubscriptions(all, ctx.folders().subscriptions(ctx.account()));
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

    /** Adds the subscribed names without a folder, and their levels that have none, to the user's folders. */
    private static void addMissingSubscriptions(List<Entry> own, List<String> subscribed) {
        Set<String> names = new HashSet<>();
        own.forEach(e -> names.add(e.name()));
        int before = own.size();
        for (String name : subscribed) {
            if (names.add(name)) {
                own.add(new Entry(new ImapFolders.Folder(-1, name, null, true), null, false));
            }
            for (int slash = name.indexOf('/'); slash > 0; slash = name.indexOf('/', slash + 1)) {
                String level = name.substring(0, slash);
                if (names.add(level)) {
                    own.add(new Entry(new ImapFolders.Folder(-1, level, null, false), null, false));
                }
            }
        }
        if (own.size() > before) {
            own.sort(Comparator.comparing(Entry::name));
        }
    }

    /** The response line for one entry, or null when the command does not list it. */
    private static String line(ListCommand command, List<Entry> all, Entry e, List<Pattern> patterns,
            boolean utf8) {
        ImapFolders.Folder f = e.folder();
        if (!matches(patterns, f.name())) {
            return null;
        }
        boolean subscribedOnly = command.lsub() || command.selection().contains(Select.SUBSCRIBED);
        if (!e.exists() && !subscribedOnly) {
            return null;
        }
        // RFC 5258 section 3.5 (and RFC 9051 section 6.3.9's table): with RECURSIVEMATCH a mailbox with subscribed
        // descendants that the patterns do not list themselves gets CHILDINFO; RFC 3501 section 6.3.9: LSUB lists a
        // level that is not subscribed itself but has such descendants, as \Noselect
        boolean unlistedSubscribed = subscribedOnly && (command.lsub() || command.selection().contains(
                Select.RECURSIVEMATCH)) && all.stream().anyMatch(o -> o.folder().subscribed()
                        && o.name().startsWith(f.name() + "/") && !matches(patterns, o.name()));
        boolean childInfo = unlistedSubscribed && !command.lsub();
        if (subscribedOnly && !f.subscribed() && !unlistedSubscribed) {
            return null;
        }
        if (command.selection().contains(Select.SPECIAL_USE) && f.specialUse() == null) {
            return null;
        }
        List<String> attributes = new ArrayList<>();
        boolean lsubLevel = command.lsub() && !f.subscribed();
        if (!e.exists() && !command.lsub()) {
            attributes.add("\\NonExistent"); // RFC 5258 section 3.4: implies \Noselect
        } else if (e.target() == null || lsubLevel) {
            attributes.add("\\Noselect");
        }
        boolean children = all.stream().anyMatch(o -> o.exists() && o.name().startsWith(f.name() + "/"));
        if (children) {
            attributes.add("\\HasChildren");
        } else if (e.exists() || command.lsub()) {
            attributes.add("\\HasNoChildren");
        }
        if (f.subscribed() && (command.selection().contains(Select.SUBSCRIBED)
                || command.returns().contains(Return.SUBSCRIBED))) {
            attributes.add("\\Subscribed");
        }
        if (!command.lsub() && f.specialUse() != null) {
            attributes.add(f.specialUse());
        }
        return UntaggedResponses.list(command.lsub() ? "LSUB" : "LIST", attributes, f.name(), childInfo, utf8);
    }

    private static boolean matches(List<Pattern> patterns, String name) {
        return patterns.stream().anyMatch(p -> p.matcher(name).matches());
    }
}
