package io.postvault.protocol.imap.handler;

import io.postvault.protocol.imap.command.ListCommand;
import io.postvault.protocol.imap.command.ListCommand.Return;
import io.postvault.protocol.imap.command.ListCommand.Select;
import io.postvault.protocol.imap.command.ListPattern;
import io.postvault.protocol.imap.response.UntaggedResponses;
import io.postvault.protocol.store.ImapFolders;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which names a LIST or LSUB answers and with which attributes, from the names {@link ListHandler} read: the patterns
 * (RFC 3501 section 6.3.8), the selection options and CHILDINFO (RFC 5258 sections 3 and 3.5), \NonExistent
 * subscriptions (RFC 5258 section 3.4) and LSUB's \Noselect levels (RFC 3501 section 6.3.9). No I/O.
 */
final class MailboxListing {

    /**
     * A listed name: a folder (its target), a \Noselect level of the shared namespace (target null), or, for the
     * commands about subscriptions, a subscribed name without a folder or a level above one ({@code exists} false).
     */
    record Entry(ImapFolders.Folder folder, Target target, boolean exists) {
        String name() {
            return folder.name();
        }
    }

    private MailboxListing() {
    }

    /** The command's patterns, each behind its reference (RFC 3501 section 6.3.8). */
    static List<Pattern> patterns(ListCommand command) {
        List<Pattern> patterns = new ArrayList<>();
        String reference = command.reference();
        for (String pattern : command.patterns()) {
            String full = reference.isEmpty() || reference.endsWith("/") || pattern.startsWith("/")
                    ? reference + pattern : reference + "/" + pattern;
            patterns.add(ListPattern.compile(full));
        }
        return patterns;
    }

    /**
     * Adds the subscribed names without a folder (RFC 3501 section 6.3.6: a subscription outlives its mailbox), and
     * the levels above them that have none, to the user's folders, in name order.
     */
    static void addMissingSubscriptions(List<Entry> own, List<String> subscribed) {
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

    /** The response line for one entry of {@code all}, or null when the command does not list it. */
    static String line(ListCommand command, List<Entry> all, Entry e, List<Pattern> patterns, boolean utf8) {
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
        boolean unlistedSubscribed = subscribedOnly
                && (command.lsub() || command.selection().contains(Select.RECURSIVEMATCH))
                && all.stream().anyMatch(o -> o.folder().subscribed() && o.name().startsWith(f.name() + "/")
                        && !matches(patterns, o.name()));
        if (subscribedOnly && !f.subscribed() && !unlistedSubscribed) {
            return null;
        }
        if (command.selection().contains(Select.SPECIAL_USE) && f.specialUse() == null) {
            return null;
        }
        List<String> attributes = new ArrayList<>();
        if (!e.exists() && !command.lsub()) {
            attributes.add("\\NonExistent"); // RFC 5258 section 3.4: implies \Noselect
        } else if (e.target() == null || command.lsub() && !f.subscribed()) {
            attributes.add("\\Noselect");
        }
        if (all.stream().anyMatch(o -> o.exists() && o.name().startsWith(f.name() + "/"))) {
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
        return UntaggedResponses.list(command.lsub() ? "LSUB" : "LIST", attributes, f.name(),
                unlistedSubscribed && !command.lsub(), utf8);
    }

    private static boolean matches(List<Pattern> patterns, String name) {
        return patterns.stream().anyMatch(p -> p.matcher(name).matches());
    }
}
